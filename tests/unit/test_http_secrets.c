#define _GNU_SOURCE /* memmem */
/* What the request path frees never holds the security token or the AccessKey secret:
 * signing (both schemes, agw_v3_sign_request and agw_rpc_sign_request with their outputs)
 * and building a request (agw_req_build, agw_req_signed_free). The test is linked with
 * --wrap for free and realloc: every block the code of runtime/ frees is searched for the
 * secrets (its whole allocation, malloc_usable_size), and so is every block it reallocates
 * (realloc may move it and free the old copy unwiped). */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "request.h"
#include "rpc.h"
#include "v3.h"

/* Letters and digits only: the raw, percent-encoded and twice-encoded forms are the same
 * bytes, so one search finds every form a signer writes. Long enough to make a buffer grow. */
#define TOKEN                                                                                      \
    "CAIStokenQ8SXdEX9w7pLbHz4yHd9d3dZ2uYkR7rA9bF0cPzL4mN6qW2eT5yU8iO1pS3dF7gH9jK2lZ4xC6vB8nM0q"   \
    "W3eR5tY7uI9oP1aS3dF5gH7jK9lZ2xC4vB6nM8qW0eR2tY4uI6oP8aS0dF2gH4jK6lZ8xC0vB2nM4q"
#define SECRET "testsecretvalueZ9y8x7w6v5u4"

static long dirty_frees, dirty_reallocs;

void __real_free(void *p);
void *__real_realloc(void *p, size_t n);

static int holds_secret(void *p)
{
    if (!p) return 0;
    size_t n = malloc_usable_size(p);
    return memmem(p, n, TOKEN, strlen(TOKEN)) || memmem(p, n, SECRET, strlen(SECRET));
}

void __wrap_free(void *p)
{
    if (holds_secret(p)) dirty_frees++;
    __real_free(p);
}

void *__wrap_realloc(void *p, size_t n)
{
    if (holds_secret(p)) dirty_reallocs++;
    return __real_realloc(p, n);
}

static void params_fill(struct agw_params *p)
{
    agw_params_init(p);
    agw_params_add(p, "GroupId", "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0");
    agw_params_add(p, "DomainName", "api.example.com");
}

static void check_clean(const char *what)
{
    CHECKF(dirty_frees == 0, "%s: %ld freed blocks held a secret", what, dirty_frees);
    CHECKF(dirty_reallocs == 0, "%s: %ld reallocated blocks held a secret", what, dirty_reallocs);
    dirty_frees = dirty_reallocs = 0;
}

int main(void)
{
    /* V3: the token is a signed header, so it is in the canonical request */
    for (int round = 0; round < 2; round++) { /* the second reuses nothing: all fresh */
        struct agw_params query, headers;
        params_fill(&query);
        agw_params_init(&headers);
        struct agw_v3_output out;
        agw_v3_output_init(&out);
        struct agw_v3_request r = {
            .alg = round ? AGW_V3_HMAC_SM3 : AGW_V3_HMAC_SHA256,
            .method = "POST",
            .host = "apigateway.cn-hangzhou.aliyuncs.com",
            .query = &query,
            .body = "",
            .action = "SetDomain",
            .version = "2016-07-14",
            .timestamp = "2024-05-01T12:00:00Z",
            .nonce = "3f2a5c6d7e8f90a1b2c3d4e5f6a7b8c9",
            .access_key_id = "LTAItestkey",
            .access_key_secret = SECRET,
            .security_token = TOKEN,
        };
        CHECK(agw_v3_sign_request(&r, &headers, &out) == 0);
        CHECK(memmem(out.canonical_request.data, out.canonical_request.len, TOKEN, strlen(TOKEN)) !=
              NULL); /* else this test would prove nothing */
        agw_v3_output_free(&out);
        agw_params_free(&headers);
        agw_params_free(&query);
        check_clean(round ? "V3 (SM3)" : "V3");
    }

    /* RPC: the token is a parameter, in the canonical query and the string to sign */
    {
        struct agw_params params;
        params_fill(&params);
        struct agw_rpc_output out;
        agw_rpc_output_init(&out);
        struct agw_rpc_request r = {
            .method = "POST",
            .action = "SetDomain",
            .version = "2016-07-14",
            .timestamp = "2024-05-01T12:00:00Z",
            .nonce = "3f2a5c6d7e8f90a1b2c3d4e5f6a7b8c9",
            .access_key_id = "LTAItestkey",
            .access_key_secret = SECRET,
            .security_token = TOKEN,
        };
        CHECK(agw_rpc_sign_request(&r, &params, &out) == 0);
        CHECK(memmem(out.canonical_query.data, out.canonical_query.len, TOKEN, strlen(TOKEN)));
        agw_rpc_output_free(&out);
        agw_params_free(&params);
        check_clean("RPC");
    }

    /* a whole request, both schemes: URL, headers, the masked canonical forms */
    struct agw_endpoint ep;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_endpoint_parse("https://apigateway.cn-hangzhou.aliyuncs.com", &ep, &err) == 0);
    for (int sig = 0; sig < 2; sig++) {
        struct agw_params params;
        params_fill(&params);
        struct agw_req_spec spec = {
            .action = "SetDomain",
            .version = "2016-07-14",
            .params = &params,
            .sig = sig ? AGW_SIG_RPC : AGW_SIG_V3,
            .method = "POST",
            .endpoint = &ep,
            .access_key_id = "LTAItestkey",
            .access_key_secret = SECRET,
            .security_token = TOKEN,
            .timestamp = "2024-05-01T12:00:00Z",
            .nonce = "3f2a5c6d7e8f90a1b2c3d4e5f6a7b8c9",
        };
        struct agw_req_signed out;
        agw_req_signed_init(&out);
        CHECK(agw_req_build(&spec, &out, &err) == 0);
        agw_req_signed_free(&out);
        agw_params_free(&params);
        check_clean(sig ? "request, RPC" : "request, V3");
    }
    return check_report();
}
