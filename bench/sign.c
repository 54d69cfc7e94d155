/* Signatures per second on one core (one thread): a SetDomain-shaped request signed with
 * agw_v3_sign_request (ACS3-HMAC-SHA256, and ACS3-HMAC-SM3 for comparison) and with
 * agw_rpc_sign_request. Each iteration does what a client does per request: a fresh
 * timestamp and nonce string, a fresh header (V3) or parameter (RPC) list, sign, free.
 * Prints one line per figure: the mean over the whole run and, since the machine may be
 * shared, the best 0.25 s slice. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "rpc.h"
#include "v3.h"

#define RUN_US 1500000  /* about 1.5 s per figure */
#define SLICE_US 250000 /* slices for the best-slice figure */
#define BATCH 256       /* iterations between clock reads */

struct job {
    char ts[21];
    char nonce[33];
    struct agw_params query; /* the SetDomain parameters (V3: the URL query) */
    struct agw_v3_output v3;
    struct agw_rpc_output rpc;
    enum agw_v3_alg alg;
};

/* A fresh timestamp (formatted each time, as a client does per request; it advances once
 * per 1000 iterations) and a fresh 32-hex-char nonce per iteration. The nonce is derived from
 * the counter, not RAND_bytes: this measures signing, not the random source. */
static void fresh_strings(struct job *j, uint64_t i)
{
    static const char hex[] = "0123456789abcdef";
    agw_clock_iso8601((time_t)(1714564800 + i / 1000), j->ts);
    uint64_t a = i * 0x9e3779b97f4a7c15ULL, b = i ^ 0x5bd1e995ULL;
    for (int k = 0; k < 16; k++) {
        j->nonce[k] = hex[(a >> (4 * k)) & 15];
        j->nonce[16 + k] = hex[(b >> (4 * k)) & 15];
    }
    j->nonce[32] = '\0';
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

static int one_v3(struct job *j, uint64_t i)
{
    fresh_strings(j, i);
    struct agw_v3_request req = {
        .alg = j->alg,
        .method = "POST",
        .host = "apigateway.cn-hangzhou.aliyuncs.com",
        .query = &j->query,
        .body = "",
        .action = "SetDomain",
        .version = "2016-07-14",
        .timestamp = j->ts,
        .nonce = j->nonce,
        .access_key_id = "testid",
        .access_key_secret = "testsecret",
    };
    struct agw_params headers;
    agw_params_init(&headers);
    int rc = agw_v3_sign_request(&req, &headers, &j->v3);
    agw_params_free(&headers);
    return rc;
}

static int one_rpc(struct job *j, uint64_t i)
{
    fresh_strings(j, i);
    struct agw_rpc_request req = {
        .method = "POST",
        .action = "SetDomain",
        .version = "2016-07-14",
        .format = "JSON",
        .timestamp = j->ts,
        .nonce = j->nonce,
        .access_key_id = "testid",
        .access_key_secret = "testsecret",
    };
    struct agw_params params;
    agw_params_init(&params);
    int rc = add_setdomain(&params) ? -1 : agw_rpc_sign_request(&req, &params, &j->rpc);
    agw_params_free(&params);
    return rc;
}

static int run(const char *label, int (*one)(struct job *, uint64_t), struct job *j)
{
    uint64_t n = 0, slice_n = 0;
    double best = 0;
    int64_t t0 = agw_clock_mono_us(), t = t0, slice_t0 = t0;
    while (t - t0 < RUN_US) {
        for (int k = 0; k < BATCH; k++, n++) {
            if (one(j, n) != 0) {
                fprintf(stderr, "bench sign: %s failed\n", label);
                return 1;
            }
        }
        t = agw_clock_mono_us();
        if (t - slice_t0 >= SLICE_US) {
            double rate = (double)(n - slice_n) * 1e6 / (double)(t - slice_t0);
            if (rate > best) best = rate;
            slice_n = n;
            slice_t0 = t;
        }
    }
    double secs = (double)(t - t0) / 1e6;
    printf("sign %-20s %8.0f signatures/s mean, %8.0f best slice  (%llu in %.2f s, 1 thread)\n",
           label, (double)n / secs, best, (unsigned long long)n, secs);
    return 0;
}

int main(void)
{
    struct job j;
    memset(&j, 0, sizeof j);
    agw_params_init(&j.query);
    agw_v3_output_init(&j.v3);
    agw_rpc_output_init(&j.rpc);
    int rc = add_setdomain(&j.query);
    j.alg = AGW_V3_HMAC_SHA256;
    if (rc == 0) rc = run("v3-hmac-sha256", one_v3, &j);
    if (rc == 0) rc = run("rpc-hmac-sha1", one_rpc, &j);
    j.alg = AGW_V3_HMAC_SM3;
    if (rc == 0) rc = run("v3-hmac-sm3", one_v3, &j);
    agw_v3_output_free(&j.v3);
    agw_rpc_output_free(&j.rpc);
    agw_params_free(&j.query);
    return rc != 0;
}
