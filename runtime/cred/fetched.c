#include "fetched.h"

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "util.h"
#include "jsonwipe.h"
#include "wipe.h"

void agw_cred_fetched_free(struct agw_cred_fetched *f)
{
    if (!f) return;
    free(f->access_key_id);
    agw_wipe_free(f->access_key_secret);
    agw_wipe_free(f->security_token);
    memset(f, 0, sizeof *f);
}

int agw_cred_parse_expiration(const char *s, int64_t *out)
{
    char buf[21];
    size_t n = strlen(s);
    if (n < 20 || n > 40) return -1;
    memcpy(buf, s, 19);
    if (s[19] == '.') { /* a fraction: digits, then Z */
        size_t i = 20;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == 20 || i + 1 != n || s[i] != 'Z') return -1;
    } else if (n != 20 || s[19] != 'Z') {
        return -1;
    }
    buf[19] = 'Z';
    buf[20] = '\0';
    time_t t;
    if (agw_clock_parse_iso8601(buf, &t) != 0) return -1;
    *out = (int64_t)t;
    return 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static int fail(struct agw_err *err, const char *who, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct agw_err *err, const char *who, const char *fmt, ...)
{
    char m[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    agw_err_set(err, AGW_ERR_CONFIG, "CredentialsFetchFailed", "%s: %s", who, m);
    return -1;
}

int agw_cred_fetched_parse(enum agw_cred_answer kind, long status, const char *body, size_t len,
                           const char *who, struct agw_cred_fetched *out, struct agw_err *err)
{
    memset(out, 0, sizeof *out);
    cJSON *root = cJSON_ParseWithLength(body, len);
    char c1[80], c2[300];
    if (!cJSON_IsObject(root)) {
        agw_json_wipe_delete(root); /* a lone string may be a secret */
        if (kind == AGW_CRED_ANSWER_PROCESS)
            return fail(err, who, "its output is not a JSON object (%zu bytes; not shown)", len);
        return fail(err, who, "HTTP %ld, and the answer is not a JSON object (%zu bytes)", status,
                    len);
    }
    const char *code = str(root, "Code"), *msg = str(root, "Message");
    int rc = 0;
    const cJSON *c = root;
    const char *kid = "AccessKeyId", *ksec = "AccessKeySecret", *ktok = "SecurityToken",
               *kexp = "Expiration";
    if (kind != AGW_CRED_ANSWER_PROCESS && status != 200) {
        rc = fail(err, who, "HTTP %ld%s%s%s%s", status, code ? ": " : "",
                  code ? agw_cred_printable(code, c1, sizeof c1) : "", msg ? ": " : "",
                  msg ? agw_cred_printable(msg, c2, sizeof c2) : "");
        goto done;
    }
    if (kind == AGW_CRED_ANSWER_STS) {
        c = cJSON_GetObjectItemCaseSensitive(root, "Credentials");
        if (!cJSON_IsObject(c)) {
            rc = fail(err, who, "the answer has no Credentials object");
            goto done;
        }
    } else if (kind == AGW_CRED_ANSWER_ECS || kind == AGW_CRED_ANSWER_URI) {
        if (!code || strcmp(code, "Success") != 0) {
            rc = fail(err, who, "the answer's Code is %s%s%s (\"Success\" is required)%s%s",
                      code ? "'" : "missing", code ? agw_cred_printable(code, c1, sizeof c1) : "",
                      code ? "'" : "", msg ? ": " : "",
                      msg ? agw_cred_printable(msg, c2, sizeof c2) : "");
            goto done;
        }
    } else {
        kid = "access_key_id", ksec = "access_key_secret", ktok = "sts_token", kexp = "expiration";
        const char *mode = str(root, "mode");
        if (!mode || (strcmp(mode, "AK") != 0 && strcmp(mode, "StsToken") != 0)) {
            rc = fail(err, who, "its output's \"mode\" must be \"AK\" or \"StsToken\"");
            goto done;
        }
        if (strcmp(mode, "AK") == 0) ktok = NULL;
    }
    const char *id = str(c, kid), *sec = str(c, ksec), *tok = ktok ? str(c, ktok) : NULL;
    const char *exp = str(c, kexp);
    const char *missing = !id ? kid : !sec ? ksec : (ktok && !tok) ? ktok : NULL;
    if (!missing && !exp && kind != AGW_CRED_ANSWER_PROCESS) missing = kexp;
    if (missing) {
        rc = fail(err, who, "the answer has no %s", missing);
        goto done;
    }
    if (exp && agw_cred_parse_expiration(exp, &out->expiration) != 0) {
        rc = fail(err, who, "its %s '%s' is not a UTC time like 2026-01-01T00:00:00Z", kexp,
                  agw_cred_printable(exp, c1, sizeof c1));
        goto done;
    }
    long at;
    if ((at = agw_cred_unsendable(id, 0)) >= 0 || (tok && agw_cred_unsendable(tok, 1) >= 0)) {
        rc = fail(err, who, "the %s holds a byte that cannot be sent", at >= 0 ? kid : ktok);
        goto done;
    }
    out->access_key_id = agw_cred_strdup(id);
    out->access_key_secret = agw_cred_strdup(sec);
    out->security_token = agw_cred_strdup(tok);
    if (!out->access_key_id || !out->access_key_secret || (tok && !out->security_token)) {
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory reading credentials");
        rc = -1;
    }
done:
    agw_json_wipe_delete(root);
    if (rc != 0) agw_cred_fetched_free(out);
    return rc;
}
