/* Shared helpers for the emulator model's unit tests: checks, calling an action with
 * name/value pairs, reading answer fields, test seeds and certificates made with OpenSSL.
 * Header-only: each test_emu_model_*.c is its own small program. */
#ifndef TEST_EMU_MODEL_UTIL_H
#define TEST_EMU_MODEL_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "check.h"
#include "model.h"
#include "params.h"

/* An answer: status and code (code "" on success). */
#define CHECK_ANS(t, want_status, want_code)                                                       \
    do {                                                                                           \
        checks++;                                                                                  \
        if ((t)->ans.http_status != (want_status) || strcmp((t)->ans.code, (want_code)) != 0) {    \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: answer %d %s (%s), want %d %s\n", __FILE__, __LINE__,          \
                    (t)->ans.http_status, (t)->ans.code, (t)->ans.message, (want_status),          \
                    (want_code));                                                                  \
        }                                                                                          \
    } while (0)
#define CHECK_OK(t) CHECK_ANS(t, 200, "")

static inline int test_result(const char *name)
{
    fprintf(stderr, "%s: %d checks, %d failed\n", name, checks, failures);
    return failures ? 1 : 0;
}

/* A model under test with the key it calls with and the last answer. */
struct emt {
    struct agw_emu_model *m;
    const struct agw_emu_key *key;
    struct agw_emu_answer ans;
    struct agw_err err;
};

/* Opens a model (seed NULL: the default seed); the key is the seed's first. Returns 0/-1. */
static inline int emt_open(struct emt *t, const char *seed, const char *state, const char *region)
{
    memset(t, 0, sizeof *t);
    if (agw_emu_model_open(&t->m, seed, seed ? strlen(seed) : 0, state, region, &t->err) != 0)
        return -1;
    t->key = agw_emu_model_first_key(t->m);
    return 0;
}

static inline void emt_close(struct emt *t)
{
    cJSON_Delete(t->ans.body);
    t->ans.body = NULL;
    agw_emu_model_free(t->m);
    t->m = NULL;
}

/* Switches the calling key by AccessKeyId. */
static inline void emt_as(struct emt *t, const char *key_id)
{
    t->key = agw_emu_model_key(t->m, key_id);
    if (!t->key) fprintf(stderr, "test: no key %s\n", key_id);
}

/* Runs action with NULL-terminated name/value pairs. Returns the HTTP status, or -1 when
 * agw_emu_model_call itself failed. */
static inline int emt_callv(struct emt *t, const char *action, va_list ap)
{
    struct agw_params p;
    agw_params_init(&p);
    for (;;) {
        const char *n = va_arg(ap, const char *);
        if (!n) break;
        const char *v = va_arg(ap, const char *);
        if (agw_params_add(&p, n, v) != 0) abort();
    }
    cJSON_Delete(t->ans.body);
    t->ans.body = NULL;
    int rc = agw_emu_model_call(t->m, t->key, action, &p, &t->ans, &t->err);
    agw_params_free(&p);
    return rc == 0 ? t->ans.http_status : -1;
}

static inline int emt_call(struct emt *t, const char *action, ...)
{
    va_list ap;
    va_start(ap, action);
    int rc = emt_callv(t, action, ap);
    va_end(ap);
    return rc;
}

/* A top-level string field of the last answer's body, or NULL. */
static inline const char *emt_str(const struct emt *t, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(t->ans.body, field);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A top-level number field, or -1 when absent or not a number. */
static inline double emt_num(const struct emt *t, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(t->ans.body, field);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* body[outer][inner] (the service's list wrapping), or NULL. */
static inline const cJSON *emt_list(const struct emt *t, const char *outer, const char *inner)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(t->ans.body, outer);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, inner);
    return cJSON_IsArray(a) ? a : NULL;
}

static inline const char *item_str(const cJSON *it, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, field);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Group ids used by the test seeds, and their SubDomains in cn-hangzhou. */
#define G1 "11111111111111111111111111111111"
#define G2 "22222222222222222222222222222222"
#define G3 "33333333333333333333333333333333"
#define G4 "44444444444444444444444444444444"
#define S1 G1 "-cn-hangzhou.alicloudapi.com"
#define S2 G2 "-cn-hangzhou.alicloudapi.com"
#define S3 G3 "-cn-hangzhou.alicloudapi.com"

/* The standard test seed with a behaviour block spliced in (e.g. "\"icp\":\"reject\"") and
 * extra icp_filed entries (e.g. ",\"example.net\""). The caller frees it. */
static inline char *test_seed_icp(const char *behaviour, const char *extra_icp)
{
    static const char fmt[] =
        "{\"access_keys\":["
        " {\"id\":\"AK1\",\"secret\":\"s1\",\"account\":\"acc1\"},"
        " {\"id\":\"AK2\",\"secret\":\"s2\",\"security_token\":\"tok\",\"account\":\"acc1\"},"
        " {\"id\":\"AK3\",\"secret\":\"s3\",\"account\":\"acc2\"}],"
        "\"groups\":["
        " {\"GroupId\":\"" G1 "\",\"GroupName\":\"group_one\",\"region\":\"cn-hangzhou\"},"
        " {\"GroupId\":\"" G2 "\",\"GroupName\":\"group_two\",\"account\":\"acc1\"},"
        " {\"GroupId\":\"" G3 "\",\"GroupName\":\"group_three\",\"account\":\"acc2\"},"
        " {\"GroupId\":\"" G4 "\",\"GroupName\":\"group_far\",\"region\":\"cn-beijing\"}],"
        "\"dns\":{"
        " \"a.example.com\":{\"cname\":\"" S1 "\"},"
        " \"b.example.com\":{\"cname\":\"" S1 "\"},"
        " \"c.example.com\":{\"cname\":\"" S1 "\"},"
        " \"d.example.com\":{\"cname\":\"" S1 "\"},"
        " \"alias.example.com\":{\"cname\":\"a.example.com\"},"
        " \"shared.example.com\":{\"cname\":\"" S1 "\"},"
        " \"" G2 ".shared.example.com\":{\"txt\":[\"apigateway-domain-verification=" S2 "\"]},"
        " \"" G3 ".shared.example.com\":{\"txt\":[\"apigateway-domain-verification=" S3 "\"]},"
        " \"t1.example.com\":{\"txt\":[\"unrelated\"]},"
        " \"" G1 ".t1.example.com\":{\"txt\":[\"x=y\",\"apigateway-domain-verification=" S1 "\"]},"
        " \"" G1 ".t2.example.com\":{\"txt\":[\"apigateway-domain-verfication=" S1 "\"]},"
        " \"" G1 ".t3.example.com\":{\"txt\":[\"apigateway-domain-verification=" S2 "\"]},"
        " \"t4.example.com\":{\"cname\":\"" S2 "\"},"
        " \"*.wild.example.com\":{\"cname\":\"" S1 "\"},"
        " \"*.q.example.com\":{\"cname\":\"" S1 "\"},"
        " \"*.example.net\":{\"cname\":\"" S1 "\"}},"
        "\"icp_filed\":[\"example.com\"%s],"
        "\"behaviour\":{%s}}";
    size_t n = sizeof fmt + strlen(behaviour) + strlen(extra_icp);
    char *s = malloc(n);
    if (!s) abort();
    snprintf(s, n, fmt, extra_icp, behaviour);
    return s;
}

static inline char *test_seed(const char *behaviour)
{
    return test_seed_icp(behaviour, "");
}

/* ---- certificates made with OpenSSL ---- */

static inline EVP_PKEY *new_key(void)
{
    EVP_PKEY *k = EVP_EC_gen("P-256");
    if (!k) abort();
    return k;
}

static inline char *key_pem(EVP_PKEY *k)
{
    BIO *b = BIO_new(BIO_s_mem());
    if (!b || !PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL)) abort();
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *s = strndup(data, (size_t)n);
    BIO_free(b);
    return s;
}

/* A self-signed certificate for cn with optional SANs (comma list "DNS:a,DNS:b"), valid
 * from not_before to not_after (seconds from now). Returns the PEM. */
static inline char *make_cert(EVP_PKEY *k, const char *cn, const char *sans, long not_before,
                              long not_after)
{
    X509 *x = X509_new();
    if (!x) abort();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 42);
    X509_gmtime_adj(X509_getm_notBefore(x), not_before);
    X509_gmtime_adj(X509_getm_notAfter(x), not_after);
    X509_set_pubkey(x, k);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, name);
    if (sans) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
        X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, sans);
        if (!ext || !X509_add_ext(x, ext, -1)) abort();
        X509_EXTENSION_free(ext);
    }
    if (!X509_sign(x, k, EVP_sha256())) abort();
    BIO *b = BIO_new(BIO_s_mem());
    if (!b || !PEM_write_bio_X509(b, x)) abort();
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *s = strndup(data, (size_t)n);
    BIO_free(b);
    X509_free(x);
    return s;
}

#endif
