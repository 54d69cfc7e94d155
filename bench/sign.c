/* Signatures per second on one core: a SetDomain-shaped request signed with
 * agw_v3_sign_request (ACS3-HMAC-SHA256, and SM3 for comparison) and agw_rpc_sign_request,
 * each with a fresh timestamp and nonce string and a fresh header/parameter list per
 * iteration, as a client does per request. Prints one line per figure. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "rpc.h"
#include "v3.h"

#define RUN_US 1500000 /* about 1.5 s per figure */

/* A new timestamp each second's worth of iterations and a new 32-hex-char nonce each time. */
static void fresh_strings(uint64_t i, char ts[21], char nonce[33])
{
    agw_clock_iso8601((time_t)(1714564800 + i / 1000), ts);
    snprintf(nonce, 33, "%016llx%016llx", (unsigned long long)(i * 0x9e3779b97f4a7c15ULL),
             (unsigned long long)i);
}

static int add_setdomain(struct agw_params *p)
{
    return agw_params_add(p, "GroupId", "927d50c0f2e54b359919923d908bb015") ||
           agw_params_add(p, "DomainName", "api.demo.com") ||
           agw_params_add(p, "BindStageName", "RELEASE") ||
           agw_params_add(p, "CustomDomainType", "INTERNET") ||
           agw_params_add(p, "IsForce", "true") ||
           agw_params_add(p, "IsHttpRedirectToHttps", "false");
}

static int bench_v3(enum agw_v3_alg alg, const char *label)
{
    struct agw_params query;
    struct agw_v3_output out;
    agw_params_init(&query);
    agw_v3_output_init(&out);
    if (add_setdomain(&query) != 0) return 1;
    char ts[21], nonce[33];
    struct agw_v3_request req = {
        .alg = alg,
        .method = "POST",
        .host = "apigateway.cn-hangzhou.aliyuncs.com",
        .query = &query,
        .body = "",
        .action = "SetDomain",
        .version = "2016-07-14",
        .timestamp = ts,
        .nonce = nonce,
        .access_key_id = "testid",
        .access_key_secret = "testsecret",
    };
    uint64_t n = 0;
    int64_t t0 = agw_clock_mono_us(), t = t0;
    while (t - t0 < RUN_US) {
        for (int k = 0; k < 1024; k++, n++) {
            struct agw_params headers;
            agw_params_init(&headers);
            fresh_strings(n, ts, nonce);
            int rc = agw_v3_sign_request(&req, &headers, &out);
            agw_params_free(&headers);
            if (rc != 0) {
                fprintf(stderr, "bench: agw_v3_sign_request failed\n");
                return 1;
            }
        }
        t = agw_clock_mono_us();
    }
    double secs = (double)(t - t0) / 1e6;
    printf("sign %-24s %10.0f signatures/s  (%llu in %.2f s, 1 thread)\n", label,
           (double)n / secs, (unsigned long long)n, secs);
    agw_v3_output_free(&out);
    agw_params_free(&query);
    return 0;
}

static int bench_rpc(void)
{
    struct agw_rpc_output out;
    agw_rpc_output_init(&out);
    char ts[21], nonce[33];
    struct agw_rpc_request req = {
        .method = "POST",
        .action = "SetDomain",
        .version = "2016-07-14",
        .format = "JSON",
        .timestamp = ts,
        .nonce = nonce,
        .access_key_id = "testid",
        .access_key_secret = "testsecret",
    };
    uint64_t n = 0;
    int64_t t0 = agw_clock_mono_us(), t = t0;
    while (t - t0 < RUN_US) {
        for (int k = 0; k < 1024; k++, n++) {
            struct agw_params params;
            agw_params_init(&params);
            fresh_strings(n, ts, nonce);
            int rc = add_setdomain(&params) ? -1 : agw_rpc_sign_request(&req, &params, &out);
            agw_params_free(&params);
            if (rc != 0) {
                fprintf(stderr, "bench: agw_rpc_sign_request failed\n");
                return 1;
            }
        }
        t = agw_clock_mono_us();
    }
    double secs = (double)(t - t0) / 1e6;
    printf("sign %-24s %10.0f signatures/s  (%llu in %.2f s, 1 thread)\n", "rpc-hmac-sha1",
           (double)n / secs, (unsigned long long)n, secs);
    agw_rpc_output_free(&out);
    return 0;
}

int main(void)
{
    if (bench_v3(AGW_V3_HMAC_SHA256, "v3-acs3-hmac-sha256") != 0) return 1;
    if (bench_rpc() != 0) return 1;
    if (bench_v3(AGW_V3_HMAC_SM3, "v3-acs3-hmac-sm3") != 0) return 1;
    return 0;
}
