/* Body parameters (runtime/request/request.c): a request whose spec has body parameters
 * carries them in a form body and never in its URL, with exactly one content-type header,
 * and the emulator's verifier (emulator/server/verify.c, our copy of the service's check)
 * accepts it under both schemes, parsing query and body as the server does; a changed body
 * byte is SignatureDoesNotMatch; GET is refused with InvalidMethod. Label unit. */
#include <string.h>
#include <strings.h>

#include "check.h"
#include "clock.h"
#include "params.h"
#include "request.h"
#include "verify.h"

#define TS "2024-05-01T12:00:00Z"

static const struct agw_emu_key key = {.id = "LTAIbody", .secret = "bodySecret", .account = "a"};

static const struct agw_emu_key *lookup(void *ctx, const char *id)
{
    (void)ctx;
    return strcmp(id, key.id) == 0 ? &key : NULL;
}

static void fill(struct agw_params *q, struct agw_params *b)
{
    agw_params_init(q);
    agw_params_init(b);
    agw_params_add(q, "GroupId", "g1");
    agw_params_add(q, "DomainName", "api.example.com");
    agw_params_add(q, "CertificateName", "c 1");
    agw_params_add(b, "CertificatePrivateKey", "-----BEGIN PRIVATE KEY-----\nAB+/=&x\n");
    agw_params_add(b, "CertificateBody", "-----BEGIN CERTIFICATE-----\nCD*~%\n");
}

/* Verifies out as the emulator's handler would receive it; the body as sent, or tampered. */
static int verify(const struct agw_req_signed *out, const char *method, int tamper, char *code)
{
    const char *url = agw_buf_str(&out->url);
    const char *q = strchr(url, '?');
    struct agw_params query, all;
    agw_params_init(&query);
    agw_params_init(&all);
    CHECK(agw_params_parse_urlencoded(&query, q + 1, strlen(q + 1)) == 0);
    agw_params_extend(&all, &query);
    struct agw_buf body;
    agw_buf_init(&body, 0);
    agw_buf_append(&body, agw_buf_str(&out->body), out->body.len);
    if (tamper && body.len > 16) body.data[16] ^= 1; /* a '-' of the PEM line becomes ',' */
    const char *ct = agw_params_get_ci(&out->headers, "content-type");
    if (body.len && ct && strcmp(ct, AGW_REQ_FORM) == 0)
        CHECK(agw_params_parse_urlencoded(&all, body.data, body.len) == 0);
    time_t now;
    agw_clock_parse_iso8601(TS, &now);
    struct agw_emu_wire w = {.method = method,
                             .query = &query,
                             .params = &all,
                             .headers = &out->headers,
                             .body = agw_buf_str(&body),
                             .body_len = body.len,
                             .now = (int64_t)now};
    struct agw_emu_auth a;
    memset(&a, 0, sizeof a);
    agw_buf_init(&a.message, 0);
    int rc = agw_emu_verify(&w, lookup, NULL, &a);
    strcpy(code, rc ? a.code : "");
    agw_buf_free(&a.message);
    agw_buf_free(&body);
    agw_params_free(&query);
    agw_params_free(&all);
    return rc;
}

int main(void)
{
    struct agw_endpoint ep;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_endpoint_parse("https://apigateway.cn-hangzhou.aliyuncs.com", &ep, &err) == 0);
    for (int sig = 0; sig < 2; sig++) {
        const char *name = sig ? "rpc" : "v3";
        struct agw_params q, b;
        fill(&q, &b);
        struct agw_req_spec spec = {.action = "SetDomainCertificate",
                                    .version = "2016-07-14",
                                    .params = &q,
                                    .body = &b,
                                    .sig = sig ? AGW_SIG_RPC : AGW_SIG_V3,
                                    .method = "POST",
                                    .endpoint = &ep,
                                    .access_key_id = key.id,
                                    .access_key_secret = key.secret,
                                    .timestamp = TS,
                                    .nonce = "0123456789abcdef0123456789abcdef"};
        struct agw_req_signed out;
        agw_req_signed_init(&out);
        CHECKF(agw_req_build(&spec, &out, &err) == 0, "%s: %s", name, err.message);
        const char *url = agw_buf_str(&out.url);
        CHECKF(!strstr(url, "Certificate"
                            "PrivateKey") &&
                   !strstr(url, "CertificateBody"),
               "%s: URL %s", name, url);
        CHECK_HAS(url, "CertificateName=c%201");
        CHECK_STR(agw_buf_str(&out.body),
                  "CertificateBody=-----BEGIN%20CERTIFICATE-----%0ACD%2A~%25%0A&"
                  "CertificatePrivateKey=-----BEGIN%20PRIVATE%20KEY-----%0AAB%2B%2F%3D%26x%0A");
        size_t cts = 0;
        for (size_t i = 0; i < out.headers.n; i++)
            if (strcasecmp(out.headers.v[i].name, "content-type") == 0) cts++;
        CHECKF(cts == 1, "%s: %zu content-type headers", name, cts);
        char code[64];
        CHECKF(verify(&out, "POST", 0, code) == 0, "%s: the verifier said %s", name, code);
        CHECKF(verify(&out, "POST", 1, code) == -1 && strcmp(code, "SignatureDoesNotMatch") == 0,
               "%s: a changed body byte gave '%s'", name, code);
        if (sig == 0)
            CHECK_HAS(agw_params_get(&out.headers, "Authorization"), "SignedHeaders=content-type;");
        agw_req_signed_free(&out);

        /* no body parameter: an empty body and no content-type, as before */
        struct agw_params none;
        agw_params_init(&none);
        spec.body = &none;
        agw_req_signed_init(&out);
        CHECK(agw_req_build(&spec, &out, &err) == 0);
        CHECK(out.body.len == 0 && !agw_params_get_ci(&out.headers, "content-type"));
        CHECKF(verify(&out, "POST", 0, code) == 0, "%s without body: %s", name, code);
        agw_req_signed_free(&out);

        /* GET: refused, naming the parameter, nothing built */
        spec.body = &b;
        spec.method = "GET";
        agw_req_signed_init(&out);
        agw_err_clear(&err);
        CHECK(agw_req_build(&spec, &out, &err) == -1);
        CHECK_STR(err.code, "InvalidMethod");
        CHECK(err.kind == AGW_ERR_CLIENT);
        CHECK_HAS(err.message, "parameter 'CertificatePrivateKey' travels in the request body");
        CHECK(out.url.len == 0);
        agw_req_signed_free(&out);
        agw_params_free(&q);
        agw_params_free(&b);
    }
    return check_report();
}
