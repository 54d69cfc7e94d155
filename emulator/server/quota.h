#ifndef AGW_EMU_QUOTA_H
#define AGW_EMU_QUOTA_H

#include <stdint.h>

/* The management API's quota (seed behaviour.qps_per_user): one token bucket per AccessKey and
 * per action. A bucket refills at the action's rate (calls/s) and holds at most one second of
 * calls (at least one), so a client that keeps to the rate is never refused and a burst above
 * it is refused from its (rate+1)-th call on. A new bucket starts full. Thread-safe. */

struct agw_emu_quota;

/* NULL on out of memory. Free with agw_emu_quota_free (NULL is a no-op). */
struct agw_emu_quota *agw_emu_quota_new(void);
void agw_emu_quota_free(struct agw_emu_quota *q);

/* Takes a token from the bucket of (key_id, action), whose rate is rate calls/s (> 0), at
 * now_us (a monotonic clock, microseconds). Returns 0 when the call is admitted, else the
 * milliseconds until the bucket holds a token again (>= 1: the x-acs-retry-after value).
 * Out of memory admits the call: a quota the emulator cannot keep must not fail calls. */
int64_t agw_emu_quota_take(struct agw_emu_quota *q, const char *key_id, const char *action,
                           double rate, int64_t now_us);

/* Calls refused so far. */
uint64_t agw_emu_quota_refused(const struct agw_emu_quota *q);

#endif
