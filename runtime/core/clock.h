#ifndef AGW_CLOCK_H
#define AGW_CLOCK_H

#include <stdint.h>
#include <time.h>

/* UTC "YYYY-MM-DDThh:mm:ssZ" of t into out[21]. Returns 0, -1 if t cannot be represented. */
int agw_clock_iso8601(time_t t, char out[21]);
/* Parses exactly "YYYY-MM-DDThh:mm:ssZ" (no fraction, no offset; a real calendar date, seconds
 * 00 to 59). Returns 0 or -1. */
int agw_clock_parse_iso8601(const char *s, time_t *out);
/* Wall clock, seconds since the epoch. */
time_t agw_clock_now(void);
/* Monotonic clock in microseconds and milliseconds (for durations and timers). */
int64_t agw_clock_mono_us(void);
int64_t agw_clock_mono_ms(void);
/* Wall clock in milliseconds since the epoch. */
int64_t agw_clock_wall_ms(void);

#endif
