/* Reading what a credential provider answered (agw_cred_fetched_parse): each table line is
 * an answer (provider kind, HTTP status, body) and either the keys read from it or the
 * start of the reason it is refused. The strict rule for the metadata service and a
 * credentials URI: Code == "Success" and every key field. Every secret in these bodies holds
 * "s3cr3t" and every token "t0k3n": no message may quote one (nor the body). */
#include "check.h"

#include <stdlib.h>

#include "fetched.h"

#define NO_SECRET(s) CHECKF(!strstr((s), "s3cr3t") && !strstr((s), "t0k3n"), "leaked: %s", (s))

#define STS AGW_CRED_ANSWER_STS
#define ECS AGW_CRED_ANSWER_ECS
#define URI AGW_CRED_ANSWER_URI
#define PROC AGW_CRED_ANSWER_PROCESS

/* 2026-01-01T00:00:00Z */
#define T0 1767225600LL

#define STS_OK                                                                                     \
    "{\"RequestId\":\"r\",\"Credentials\":{\"AccessKeyId\":\"STS.id1\",\"AccessKeySecret\":"       \
    "\"s3cr3t-1\",\"SecurityToken\":\"t0k3n-1\",\"Expiration\":\"2026-01-01T00:00:00Z\"}}"
#define FLAT(code, extra)                                                                          \
    "{" code "\"AccessKeyId\":\"STS.id2\",\"AccessKeySecret\":\"s3cr3t-2\",\"SecurityToken\":"     \
    "\"t0k3n-2\"" extra "}"
#define FLAT_OK FLAT("\"Code\":\"Success\",", ",\"Expiration\":\"2026-01-01T00:00:00Z\"")

static const struct {
    enum agw_cred_answer kind;
    long status;
    const char *body;
    const char *id;   /* NULL: refused, with want the start of the reason */
    const char *want; /* the token expected (NULL: none), or the reason */
    long long expiration;
} cases[] = {
    /* STS: {Credentials:{...}} */
    {STS, 200, STS_OK, "STS.id1", "t0k3n-1", T0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"STS.f\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":\"2026-01-01T00:00:01.250Z\"}}",
     "STS.f", "t0k3n", T0 + 1},
    {STS, 403,
     "{\"RequestId\":\"r\",\"Code\":\"EntityNotExist.Role\",\"Message\":\"The role does not "
     "exist.\"}",
     NULL, "HTTP 403: EntityNotExist.Role: The role does not exist.", 0},
    {STS, 500, "<html>s3cr3t</html>", NULL, "HTTP 500, and the answer is not a JSON object", 0},
    {STS, 400, "{\"Credentials\":{\"AccessKeySecret\":\"s3cr3t\"}}", NULL, "HTTP 400", 0},
    {STS, 200, "{\"RequestId\":\"r\"}", NULL, "the answer has no Credentials object", 0},
    {STS, 200, "{\"Credentials\":\"s3cr3t\"}", NULL, "the answer has no Credentials object", 0},
    {STS, 200, "{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\"}", NULL,
     "the answer has no Credentials object", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeySecret\":\"s3cr3t\",\"SecurityToken\":\"t0k3n\","
     "\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the answer has no AccessKeyId", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"SecurityToken\":\"t0k3n\","
     "\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the answer has no AccessKeySecret", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the answer has no SecurityToken", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\"}}",
     NULL, "the answer has no Expiration", 0},
    /* a key that is not a non-empty string counts as missing */
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":12,\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the answer has no AccessKeyId", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the answer has no AccessKeySecret", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":null,\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the answer has no SecurityToken", 0},
    /* expiration formats */
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":\"2026-01-01T08:00:00+08:00\"}}",
     NULL, "its Expiration '2026-01-01T08:00:00+08:00' is not a UTC time", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":\"tomorrow\"}}",
     NULL, "its Expiration 'tomorrow' is not a UTC time", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":1767225600}}",
     NULL, "the answer has no Expiration", 0},
    /* bytes that cannot be sent in a header */
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a b\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\",\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the AccessKeyId holds a byte that cannot be sent", 0},
    {STS, 200,
     "{\"Credentials\":{\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"SecurityToken\":\"t0k3n\\r\\nX: y\",\"Expiration\":\"2026-01-01T00:00:00Z\"}}",
     NULL, "the SecurityToken holds a byte that cannot be sent", 0},
    /* garbage */
    {STS, 200, "", NULL, "HTTP 200, and the answer is not a JSON object (0 bytes)", 0},
    {STS, 200, "[1,2]", NULL, "HTTP 200, and the answer is not a JSON object", 0},
    {STS, 200, "\"s3cr3t\"", NULL, "HTTP 200, and the answer is not a JSON object", 0},
    {STS, 200, "{\"Credentials\":{\"AccessKeySecret\":\"s3cr3t", NULL,
     "HTTP 200, and the answer is not a JSON object", 0},

    /* the metadata service and a credentials URI: the strict rule */
    {ECS, 200, FLAT_OK, "STS.id2", "t0k3n-2", T0},
    {URI, 200, FLAT_OK, "STS.id2", "t0k3n-2", T0},
    {URI, 200, FLAT("\"Code\":\"Success\",", ",\"Expiration\":\"2026-01-01T00:00:00.5Z\""),
     "STS.id2", "t0k3n-2", T0},
    {ECS, 200, FLAT("", ",\"Expiration\":\"2026-01-01T00:00:00Z\""), NULL,
     "the answer's Code is missing (\"Success\" is required)", 0},
    {URI, 200, FLAT("", ",\"Expiration\":\"2026-01-01T00:00:00Z\""), NULL,
     "the answer's Code is missing (\"Success\" is required)", 0},
    {URI, 200, FLAT("\"Code\":\"success\",", ",\"Expiration\":\"2026-01-01T00:00:00Z\""), NULL,
     "the answer's Code is 'success' (\"Success\" is required)", 0},
    {URI, 200, FLAT("\"Code\":true,", ",\"Expiration\":\"2026-01-01T00:00:00Z\""), NULL,
     "the answer's Code is missing", 0},
    {URI, 200, "{\"Code\":\"Forbidden.Token\",\"Message\":\"go away\"}", NULL,
     "the answer's Code is 'Forbidden.Token' (\"Success\" is required): go away", 0},
    {ECS, 200, "{\"Code\":\"Fail\\u0001ed\"}", NULL, "the answer's Code is 'Fail?ed'", 0},
    {ECS, 404, "Not Found", NULL, "HTTP 404, and the answer is not a JSON object", 0},
    {URI, 500, "{\"Code\":\"InternalError\",\"Message\":\"boom\"}", NULL,
     "HTTP 500: InternalError: boom", 0},
    {URI, 200, FLAT("\"Code\":\"Success\",", ""), NULL, "the answer has no Expiration", 0},
    {ECS, 200,
     "{\"Code\":\"Success\",\"AccessKeyId\":\"a\",\"AccessKeySecret\":\"s3cr3t\","
     "\"Expiration\":\"2026-01-01T00:00:00Z\"}",
     NULL, "the answer has no SecurityToken", 0},
    {URI, 200,
     "{\"Code\":\"Success\",\"AccessKeyId\":\"a\",\"SecurityToken\":\"t0k3n\","
     "\"Expiration\":\"2026-01-01T00:00:00Z\"}",
     NULL, "the answer has no AccessKeySecret", 0},
    {URI, 200,
     "{\"Code\":\"Success\",\"AccessKeySecret\":\"s3cr3t\",\"SecurityToken\":\"t0k3n\","
     "\"Expiration\":\"2026-01-01T00:00:00Z\"}",
     NULL, "the answer has no AccessKeyId", 0},
    {URI, 200, FLAT("\"Code\":\"Success\",", ",\"Expiration\":\"2026-02-30T00:00:00Z\""), NULL,
     "its Expiration '2026-02-30T00:00:00Z' is not a UTC time", 0},
    /* the keys of an STS answer are not where the metadata service puts them */
    {ECS, 200, "{\"Code\":\"Success\",\"Credentials\":{\"AccessKeyId\":\"a\"}}", NULL,
     "the answer has no AccessKeyId", 0},
    {URI, 200, "s3cr3t=1", NULL, "HTTP 200, and the answer is not a JSON object (8 bytes)", 0},

    /* a process's stdout (status 0) */
    {PROC, 0, "{\"mode\":\"AK\",\"access_key_id\":\"LTAIp\",\"access_key_secret\":\"s3cr3t-p\"}",
     "LTAIp", NULL, 0},
    {PROC, 0,
     "{\"mode\":\"AK\",\"access_key_id\":\"LTAIp\",\"access_key_secret\":\"s3cr3t-p\","
     "\"sts_token\":\"t0k3n-ignored\"}",
     "LTAIp", NULL, 0},
    {PROC, 0,
     "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.p\",\"access_key_secret\":\"s3cr3t-p\","
     "\"sts_token\":\"t0k3n-p\"}",
     "STS.p", "t0k3n-p", 0},
    {PROC, 0,
     "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.p\",\"access_key_secret\":\"s3cr3t-p\","
     "\"sts_token\":\"t0k3n-p\",\"expiration\":\"2026-01-01T00:00:00Z\"}",
     "STS.p", "t0k3n-p", T0},
    {PROC, 0,
     "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.p\",\"access_key_secret\":\"s3cr3t-p\"}", NULL,
     "the answer has no sts_token", 0},
    {PROC, 0, "{\"mode\":\"AK\",\"access_key_secret\":\"s3cr3t-p\"}", NULL,
     "the answer has no access_key_id", 0},
    {PROC, 0, "{\"mode\":\"AK\",\"access_key_id\":\"LTAIp\"}", NULL,
     "the answer has no access_key_secret", 0},
    {PROC, 0, "{\"access_key_id\":\"LTAIp\",\"access_key_secret\":\"s3cr3t-p\"}", NULL,
     "its output's \"mode\" must be \"AK\" or \"StsToken\"", 0},
    {PROC, 0, "{\"mode\":\"ak\",\"access_key_id\":\"LTAIp\",\"access_key_secret\":\"s3cr3t-p\"}",
     NULL, "its output's \"mode\" must be \"AK\" or \"StsToken\"", 0},
    {PROC, 0,
     "{\"mode\":\"AK\",\"access_key_id\":\"LTAIp\",\"access_key_secret\":\"s3cr3t-p\","
     "\"expiration\":\"soon\"}",
     NULL, "its expiration 'soon' is not a UTC time", 0},
    {PROC, 0, "not json s3cr3t", NULL, "its output is not a JSON object (15 bytes; not shown)", 0},
    {PROC, 0, "", NULL, "its output is not a JSON object (0 bytes; not shown)", 0},
    /* a process's AccessKey keys are not the metadata service's */
    {PROC, 0, "{\"mode\":\"AK\",\"AccessKeyId\":\"LTAIp\",\"AccessKeySecret\":\"s3cr3t-p\"}", NULL,
     "the answer has no access_key_id", 0},
};

static const struct {
    const char *s;
    long long t; /* -1: refused */
} expirations[] = {
    {"2026-01-01T00:00:00Z", T0},
    {"2026-01-01T00:00:00.0Z", T0},
    {"2026-01-01T00:00:00.123Z", T0},
    {"2026-01-01T00:00:00.123456789Z", T0},
    {"1970-01-01T00:00:00Z", 0},
    {"2024-02-29T12:34:56Z", 1709210096},
    {"2026-01-01T00:00:00", -1},
    {"2026-01-01T00:00:00z", -1},
    {"2026-01-01T00:00:00.Z", -1},
    {"2026-01-01T00:00:00.12", -1},
    {"2026-01-01T00:00:00.1x2Z", -1},
    {"2026-01-01T00:00:00ZZ", -1},
    {"2026-01-01 00:00:00Z", -1},
    {"2026-01-01T00:00:00+00:00", -1},
    {"2026-13-01T00:00:00Z", -1},
    {"2025-02-29T00:00:00Z", -1},
    {"2026-01-01T24:00:00Z", -1},
    {"2026-01-01T00:00:60Z", -1},
    {"", -1},
    {"2026-01-01T00:00:00.1234567890123456789012Z", -1}, /* longer than any clock writes */
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct agw_cred_fetched f;
        struct agw_err err;
        agw_err_clear(&err);
        memset(&f, 0x5a, sizeof f); /* zeroed by the parser whatever happens */
        const char *b = cases[i].body;
        int rc = agw_cred_fetched_parse(cases[i].kind, cases[i].status, b, strlen(b),
                                        "the provider", &f, &err);
        if (cases[i].id) {
            CHECKF(rc == 0, "case %zu refused: %s", i, err.message);
            CHECK_STR(f.access_key_id, cases[i].id);
            CHECK(f.access_key_secret && strncmp(f.access_key_secret, "s3cr3t", 6) == 0);
            if (cases[i].want)
                CHECK_STR(f.security_token, cases[i].want);
            else
                CHECKF(f.security_token == NULL, "case %zu: a token", i);
            CHECKF(f.expiration == cases[i].expiration, "case %zu: expiration %lld", i,
                   (long long)f.expiration);
        } else {
            CHECKF(rc == -1, "case %zu accepted", i);
            CHECKF(f.access_key_id == NULL && f.access_key_secret == NULL &&
                       f.security_token == NULL && f.expiration == 0,
                   "case %zu: keys left after a refusal", i);
            CHECK(err.kind == AGW_ERR_CONFIG);
            CHECK_STR(err.code, "CredentialsFetchFailed");
            CHECKF(strncmp(err.message, "the provider: ", 14) == 0, "case %zu: %s", i, err.message);
            CHECKF(strncmp(err.message + 14, cases[i].want, strlen(cases[i].want)) == 0,
                   "case %zu:\n  got:  %s\n  want: the provider: %s...", i, err.message,
                   cases[i].want);
            NO_SECRET(err.message);
        }
        agw_cred_fetched_free(&f);
        CHECK(f.access_key_id == NULL && f.expiration == 0);
    }
    agw_cred_fetched_free(NULL);

    /* Not NUL-terminated: only len bytes are read. */
    char cut[sizeof STS_OK + 8];
    memcpy(cut, STS_OK, sizeof STS_OK - 1);
    memcpy(cut + sizeof STS_OK - 1, "garbage!", 8);
    struct agw_cred_fetched f;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_cred_fetched_parse(STS, 200, cut, sizeof STS_OK - 1, "w", &f, &err) == 0);
    CHECK_STR(f.security_token, "t0k3n-1");
    agw_cred_fetched_free(&f);

    for (size_t i = 0; i < sizeof expirations / sizeof expirations[0]; i++) {
        int64_t t = -42;
        int rc = agw_cred_parse_expiration(expirations[i].s, &t);
        if (expirations[i].t < 0) {
            CHECKF(rc == -1, "expiration '%s' accepted as %lld", expirations[i].s, (long long)t);
            CHECKF(t == -42, "expiration '%s' wrote a time", expirations[i].s);
        } else {
            CHECKF(rc == 0 && t == expirations[i].t, "expiration '%s': rc %d, %lld",
                   expirations[i].s, rc, (long long)t);
        }
    }
    return check_report();
}
