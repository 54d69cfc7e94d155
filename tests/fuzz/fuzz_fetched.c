/* What a credential provider answered (runtime/cred/fetched.c: STS, ECS metadata,
 * credentials URI, an external process's output) and the expiration times in it. The input
 * is a line "<sts|ecs|uri|process> <HTTP status>", then a line "%%" and the answer's body;
 * "$S" inside the string value of AccessKeySecret, SecurityToken, access_key_secret or
 * sts_token stands for a secret that must never come out. Lines "exp=<text>" before the
 * "%%" are expiration times on their own. Properties: an answer gives complete keys that
 * can be sent (a token for every kind but a process's AK) with its expiration, or an error
 * CredentialsFetchFailed without the secret; an expiration that parses formats back to the
 * same second. */
#include <time.h>

#include "clock.h"
#include "fetched.h"
#include "fuzz.h"
#include "util.h"

static void check_expiration(const char *s, size_t n)
{
    char *t = fuzz_strndup(s, n);
    int64_t e;
    if (strlen(t) == n && agw_cred_parse_expiration(t, &e) == 0) {
        char back[21];
        FUZZ_CHECK(agw_clock_iso8601((time_t)e, back) == 0 && memcmp(back, t, 19) == 0,
                   "expiration '%s' parsed as %lld, which is %s", t, (long long)e, back);
    }
    free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_contains((const char *)data, size, FUZZ_MARKER)) return 0;
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *head, *body = "";
    size_t hn, bn = 0;
    if (!fuzz_part(&in, &head, &hn)) return 0;
    if (!fuzz_part(&in, &body, &bn)) bn = 0;
    static const struct {
        const char *name;
        enum agw_cred_answer kind;
    } kinds[] = {{"sts", AGW_CRED_ANSWER_STS},
                 {"ecs", AGW_CRED_ANSWER_ECS},
                 {"uri", AGW_CRED_ANSWER_URI},
                 {"process", AGW_CRED_ANSWER_PROCESS}};
    enum agw_cred_answer kind = AGW_CRED_ANSWER_STS;
    long status = 200;
    struct fuzz_in h = {head, hn};
    const char *l;
    size_t ln;
    int first = 1;
    while (fuzz_line(&h, &l, &ln)) {
        if (fuzz_starts(l, ln, "exp=")) {
            check_expiration(l + 4, ln - 4);
            continue;
        }
        if (!first) continue;
        first = 0;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (fuzz_starts(l, ln, kinds[i].name)) {
                kind = kinds[i].kind;
                size_t k = strlen(kinds[i].name);
                char *st = fuzz_strndup(l + k, ln - k);
                status = strtol(st, NULL, 10);
                free(st);
            }
    }
    static const char *const keys[] = {"AccessKeySecret", "SecurityToken", "access_key_secret",
                                       "sts_token", NULL};
    struct agw_buf b;
    agw_buf_init(&b, 0);
    fuzz_json_secrets(&b, body, bn, keys);
    struct agw_cred_fetched f;
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_cred_fetched_parse(kind, status, b.data ? b.data : "", b.len, "the provider", &f,
                               &err) == 0) {
        FUZZ_CHECK(f.access_key_id && *f.access_key_id && f.access_key_secret &&
                       *f.access_key_secret,
                   "an answer accepted without an AccessKey");
        FUZZ_CHECK(f.security_token || kind == AGW_CRED_ANSWER_PROCESS,
                   "an answer accepted without a token");
        FUZZ_CHECK(kind == AGW_CRED_ANSWER_PROCESS || f.expiration != 0,
                   "an answer accepted without an expiration");
        FUZZ_CHECK(kind == AGW_CRED_ANSWER_PROCESS || status == 200,
                   "an answer of HTTP %ld accepted", status);
        FUZZ_CHECK(agw_cred_unsendable(f.access_key_id, 0) < 0 &&
                       (!f.security_token || agw_cred_unsendable(f.security_token, 1) < 0),
                   "accepted keys cannot be sent");
        FUZZ_CHECK(!fuzz_contains(f.access_key_id, strlen(f.access_key_id), FUZZ_MARKER),
                   "the secret came out as the AccessKeyId");
    } else {
        FUZZ_CHECK(err.kind == AGW_ERR_CONFIG && (strcmp(err.code, "CredentialsFetchFailed") == 0 ||
                                                  strcmp(err.code, "OutOfMemory") == 0),
                   "a refused answer as %s", err.code);
        FUZZ_CHECK(!fuzz_contains(err.message, strlen(err.message), FUZZ_MARKER),
                   "a secret in the error: %s", err.message);
    }
    agw_cred_fetched_free(&f);
    agw_buf_wipe_free(&b);
    return 0;
}
