#include "clock.h"

#include <stdio.h>
#include <string.h>

int agw_clock_iso8601(time_t t, char out[21])
{
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return -1;
    /* Four digits for every year the parser below reads (strftime's %Y writes "24" for year
     * 24), so that the two are inverse; other years have no such spelling. */
    long year = (long)tm.tm_year + 1900;
    if (year < 0 || year > 9999) return -1;
    snprintf(out, 21, "%04ld-%02u-%02uT%02u:%02u:%02uZ", year, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
             (unsigned)tm.tm_sec % 100u);
    return 0;
}

static int digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

int agw_clock_parse_iso8601(const char *s, time_t *out)
{
    int Y, M, D, h, m, sec;
    if (!s || strlen(s) != 20) return -1;
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return -1;
    if (digits(s, 4, &Y) || digits(s + 5, 2, &M) || digits(s + 8, 2, &D) || digits(s + 11, 2, &h) ||
        digits(s + 14, 2, &m) || digits(s + 17, 2, &sec))
        return -1;
    /* No second 60: timegm would quietly make it the next minute, giving one instant two
     * spellings (and a signed timestamp a second one). */
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 59) return -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = Y - 1900;
    tm.tm_mon = M - 1;
    tm.tm_mday = D;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    if (t == (time_t)-1) return -1;
    /* Reject dates that timegm normalised (Feb 30 and the like). */
    struct tm back;
    if (!gmtime_r(&t, &back) || back.tm_mday != D || back.tm_mon != M - 1) return -1;
    *out = t;
    return 0;
}

time_t agw_clock_now(void)
{
    return time(NULL);
}

int64_t agw_clock_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t agw_clock_mono_ms(void)
{
    return agw_clock_mono_us() / 1000;
}

int64_t agw_clock_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
