/* agw_clock_iso8601 and agw_clock_parse_iso8601 are inverse over every second the text form
 * can spell (years 0000 to 9999). Found by tests/fuzz/fuzz_fetched.c: an Expiration of year
 * 0024 parsed, but formatting that instant failed (strftime's %Y gives "24", not "0024"). */
#include <time.h>

#include "check.h"
#include "clock.h"

static void round_trip(const char *text)
{
    time_t t;
    char back[21];
    CHECKF(agw_clock_parse_iso8601(text, &t) == 0, "%s does not parse", text);
    CHECKF(agw_clock_iso8601(t, back) == 0, "%s parsed as %lld, which does not format", text,
           (long long)t);
    CHECK_STR(back, text);
}

int main(void)
{
    round_trip("2024-05-01T12:00:00Z");
    round_trip("1970-01-01T00:00:00Z");
    round_trip("0024-02-29T23:59:59Z");
    round_trip("0000-01-01T00:00:00Z");
    round_trip("0999-12-31T23:59:59Z");
    round_trip("9999-12-31T23:59:59Z");

    char out[21];
    time_t t;
    CHECK(agw_clock_parse_iso8601("9999-12-31T23:59:59Z", &t) == 0);
    CHECK(agw_clock_iso8601(t + 1, out) == -1); /* year 10000 has no 4-digit spelling */
    CHECK(agw_clock_parse_iso8601("0000-01-01T00:00:00Z", &t) == 0);
    CHECK(agw_clock_iso8601(t - 1, out) == -1); /* nor year -1 */
    return check_report();
}
