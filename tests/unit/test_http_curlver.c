/* agw_curl_version_check: the minimum libcurl (7.85.0) and the message naming both the
 * version found and the minimum, for numbers around the limits. */
#include "check.h"
#include "curlver.h"

static const struct {
    unsigned int num;
    int ok;
    const char *named; /* the version the message must name, when refused */
} cases[] = {
    {0x074f01, 0, "libcurl 7.79.1 is too old"}, /* no CURLOPT_PREREQFUNCTION */
    {0x075000, 0, "libcurl 7.80.0 is too old"}, /* PREREQFUNCTION, no PROTOCOLS_STR */
    {0x075401, 0, "libcurl 7.84.1 is too old"},
    {0x073e00, 0, "libcurl 7.62.0 is too old"},
    {0x000000, 0, "libcurl 0.0.0 is too old"},
    {0x075500, 1, NULL}, /* 7.85.0 */
    {0x075801, 1, NULL}, /* 7.88.1, Debian 12 */
    {0x080b01, 1, NULL}, /* 8.11.1 */
    {0x0a0000, 1, NULL},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct agw_err err;
        agw_err_clear(&err);
        int rc = agw_curl_version_check(cases[i].num, &err);
        CHECKF(rc == (cases[i].ok ? 0 : -1), "version 0x%06x: rc %d", cases[i].num, rc);
        if (cases[i].ok) {
            CHECKF(err.kind == AGW_ERR_NONE, "version 0x%06x: no error set", cases[i].num);
            continue;
        }
        CHECK_HAS(err.message, cases[i].named);
        CHECK_HAS(err.message, "needs libcurl 7.85.0 or newer");
        CHECK(err.kind == AGW_ERR_CONFIG);
    }
    return check_report();
}
