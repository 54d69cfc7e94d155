#include "verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "clock.h"
#include "rpc.h"
#include "v3.h"

#define INCOMPLETE_MSG "The request signature does not conform to Aliyun standards."

int agw_emu_auth_fail(struct agw_emu_auth *a, int status, const char *code, const char *fmt, ...)
{
    a->status = status;
    snprintf(a->code, sizeof a->code, "%s", code);
    agw_buf_reset(&a->message);
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    agw_buf_appends(&a->message, tmp);
    return -1;
}

static int missing(struct agw_emu_auth *a, const char *name)
{
    char code[64];
    snprintf(code, sizeof code, "Missing%s", name);
    return agw_emu_auth_fail(a, 400, code,
                             "The input parameter \"%s\" that is mandatory for processing this "
                             "request is not supplied.",
                             name);
}

static int equal_ct(const char *x, const char *y)
{
    size_t n = strlen(x);
    return n == strlen(y) && CRYPTO_memcmp(x, y, n) == 0;
}

static int check_time(struct agw_emu_auth *a, const char *ts, int64_t now)
{
    time_t t;
    if (agw_clock_parse_iso8601(ts, &t) != 0)
        return agw_emu_auth_fail(a, 400, "InvalidTimeStamp.Format",
                                 "Specified time stamp or date value is not well formatted.");
    int64_t d = (int64_t)t - now;
    if (d > AGW_EMU_TIME_WINDOW_S || d < -AGW_EMU_TIME_WINDOW_S)
        return agw_emu_auth_fail(a, 400, "InvalidTimeStamp.Expired",
                                 "Specified time stamp or date value is expired.");
    return 0;
}

static int check_key(struct agw_emu_auth *a, agw_emu_key_lookup lookup, void *ctx,
                     const char *token, int64_t now)
{
    a->key = lookup(ctx, a->key_id);
    if (!a->key)
        return agw_emu_auth_fail(a, 404, "InvalidAccessKeyId.NotFound",
                                 "Specified access key is not found.");
    if (a->key->security_token) {
        if (!token || !*token)
            return agw_emu_auth_fail(a, 400, "MissingSecurityToken",
                                     "The input parameter \"SecurityToken\" that is mandatory "
                                     "for processing this request is not supplied.");
        if (!equal_ct(token, a->key->security_token))
            return agw_emu_auth_fail(a, 400, "InvalidSecurityToken.MismatchWithAccessKey",
                                     "Specified SecurityToken mismatch with the AccessKey.");
        if (a->key->expires && now >= a->key->expires)
            return agw_emu_auth_fail(a, 400, "InvalidSecurityToken.Expired",
                                     "Specified SecurityToken is expired.");
    } else if (token && *token) {
        return agw_emu_auth_fail(a, 400, "InvalidSecurityToken.Malformed",
                                 "Specified SecurityToken is malformed: the AccessKey is not an "
                                 "STS credential.");
    }
    return 0;
}

/* SignatureDoesNotMatch with the server's string to sign, as the service words it, but
 * computed over a copy of the parameters whose secret ones (by exact name) hold "***": the
 * message goes back to the client, into its logs and error output. */
static void rpc_mismatch(struct agw_emu_auth *a, const char *method, const struct agw_params *p)
{
    agw_emu_auth_fail(a, 400, "SignatureDoesNotMatch",
                      "Specified signature is not matched with our calculation. server string "
                      "to sign is:");
    struct agw_params shown;
    agw_params_init(&shown);
    int bad = 0;
    for (size_t i = 0; i < p->n && !bad; i++) {
        const char *k = p->v[i].name;
        bad = agw_params_add(&shown, k, agw_emu_param_secret(k) ? "***" : p->v[i].value);
    }
    struct agw_rpc_output out;
    agw_rpc_output_init(&out);
    if (!bad && agw_rpc_sign(method, &shown, "", &out) == 0)
        agw_buf_appends(&a->message, agw_buf_str(&out.string_to_sign));
    agw_rpc_output_free(&out);
    agw_params_free(&shown);
}

static int verify_rpc(const struct agw_emu_wire *w, agw_emu_key_lookup lookup, void *ctx,
                      struct agw_emu_auth *a)
{
    const struct agw_params *p = w->params;
    a->scheme = AGW_EMU_SCHEME_RPC;
    a->action = agw_params_get(p, "Action");
    a->version = agw_params_get(p, "Version");
    const char *id = agw_params_get(p, "AccessKeyId");
    snprintf(a->key_id, sizeof a->key_id, "%s", id ? id : "");
    a->nonce = agw_params_get(p, "SignatureNonce");
    static const char *const need[] = {"Action",         "Version",         "AccessKeyId",
                                       "Signature",      "SignatureMethod", "SignatureVersion",
                                       "SignatureNonce", "Timestamp"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const char *v = agw_params_get(p, need[i]);
        if (!v || !*v) return missing(a, need[i]);
    }
    if (strcmp(agw_params_get(p, "SignatureMethod"), "HMAC-SHA1") != 0)
        return agw_emu_auth_fail(a, 400, "InvalidSignatureMethod",
                                 "The specified parameter \"SignatureMethod\" is not valid.");
    if (strcmp(agw_params_get(p, "SignatureVersion"), "1.0") != 0)
        return agw_emu_auth_fail(a, 400, "InvalidParameter",
                                 "The specified parameter \"SignatureVersion\" is not valid.");
    if (check_time(a, agw_params_get(p, "Timestamp"), w->now)) return -1;
    if (check_key(a, lookup, ctx, agw_params_get(p, "SecurityToken"), w->now)) return -1;

    struct agw_rpc_output out;
    agw_rpc_output_init(&out);
    if (agw_rpc_sign(w->method, p, a->key->secret, &out) != 0) {
        agw_rpc_output_free(&out);
        return agw_emu_auth_fail(a, 500, "InternalError",
                                 "The request processing has failed due to some unknown error.");
    }
    int ok = equal_ct(out.signature, agw_params_get(p, "Signature"));
    if (!ok) rpc_mismatch(a, w->method, p);
    agw_rpc_output_free(&out);
    return ok ? 0 : -1;
}

/* Is name (lower case) one of the ';'-separated names of list? */
static int listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *s = list; *s;) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && strncasecmp(s, name, n) == 0) return 1;
        s += len;
        if (*s == ';') s++;
    }
    return 0;
}

static int verify_v3(const struct agw_emu_wire *w, const char *authz, agw_emu_key_lookup lookup,
                     void *ctx, struct agw_emu_auth *a)
{
    const struct agw_params *h = w->headers;
    a->scheme = AGW_EMU_SCHEME_V3;
    a->action = agw_params_get_ci(h, "x-acs-action");
    a->version = agw_params_get_ci(h, "x-acs-version");
    a->nonce = agw_params_get_ci(h, "x-acs-signature-nonce");
    enum agw_v3_alg alg;
    char key_id[256], signed_headers[2048], sig[160];
    if (agw_v3_parse_authorization(authz, &alg, key_id, sizeof key_id, signed_headers,
                                   sizeof signed_headers, sig, sizeof sig) != 0)
        return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                 INCOMPLETE_MSG " The Authorization header is not well formed.");
    snprintf(a->key_id, sizeof a->key_id, "%s", key_id);

    static const char *const need[] = {
        "host",       "x-acs-action",          "x-acs-version",
        "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const char *v = agw_params_get_ci(h, need[i]);
        if (!v || !*v)
            return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                     INCOMPLETE_MSG " Header \"%s\" is missing.", need[i]);
        if (!listed(signed_headers, need[i]))
            return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                     INCOMPLETE_MSG " Header \"%s\" must be signed.", need[i]);
    }
    const char *token = agw_params_get_ci(h, "x-acs-security-token");
    if (token && !listed(signed_headers, "x-acs-security-token"))
        return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                 INCOMPLETE_MSG " Header \"x-acs-security-token\" must be signed.");
    /* Every name in SignedHeaders must be present; only those are canonicalised. */
    struct agw_params signed_h;
    agw_params_init(&signed_h);
    for (const char *s = signed_headers; *s;) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char name[256];
        if (len == 0 || len >= sizeof name) {
            agw_params_free(&signed_h);
            return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                     INCOMPLETE_MSG " SignedHeaders is not well formed.");
        }
        memcpy(name, s, len);
        name[len] = '\0';
        if (!agw_params_get_ci(h, name)) {
            agw_params_free(&signed_h);
            return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                     INCOMPLETE_MSG " Signed header \"%s\" is missing.", name);
        }
        s += len;
        if (*s == ';') s++;
    }
    for (size_t i = 0; i < h->n; i++)
        if (listed(signed_headers, h->v[i].name) &&
            agw_params_add(&signed_h, h->v[i].name, h->v[i].value) != 0) {
            agw_params_free(&signed_h);
            return agw_emu_auth_fail(
                a, 500, "InternalError",
                "The request processing has failed due to some unknown error.");
        }
    if (check_time(a, agw_params_get_ci(h, "x-acs-date"), w->now) ||
        check_key(a, lookup, ctx, token, w->now)) {
        agw_params_free(&signed_h);
        return -1;
    }

    struct agw_v3_input in = {.alg = alg,
                              .method = w->method,
                              .path = "/",
                              .query = w->query,
                              .headers = &signed_h,
                              .body = w->body,
                              .body_len = w->body_len,
                              .hashed_payload = NULL,
                              .access_key_id = a->key->id,
                              .access_key_secret = a->key->secret};
    struct agw_v3_output out;
    agw_v3_output_init(&out);
    int rc = agw_v3_sign(&in, &out);
    agw_params_free(&signed_h);
    if (rc != 0) {
        agw_v3_output_free(&out);
        return agw_emu_auth_fail(a, 500, "InternalError",
                                 "The request processing has failed due to some unknown error.");
    }
    const char *claimed_hash = agw_params_get_ci(h, "x-acs-content-sha256");
    int ok = strcmp(out.hashed_payload, claimed_hash) == 0 &&
             strcmp(agw_buf_str(&out.signed_headers), signed_headers) == 0 &&
             equal_ct(out.signature, sig);
    agw_v3_output_free(&out);
    if (!ok)
        return agw_emu_auth_fail(a, 400, "SignatureDoesNotMatch",
                                 "Specified signature does not match our calculation.");
    return 0;
}

int agw_emu_verify(const struct agw_emu_wire *w, agw_emu_key_lookup lookup, void *ctx,
                   struct agw_emu_auth *a)
{
    a->scheme = AGW_EMU_SCHEME_NONE;
    a->key = NULL;
    a->key_id[0] = '\0';
    a->nonce = a->action = a->version = NULL;
    const char *authz = agw_params_get_ci(w->headers, "Authorization");
    if (authz && *authz) {
        if (strncmp(authz, "ACS3-", 5) != 0) {
            a->scheme = AGW_EMU_SCHEME_V3;
            return agw_emu_auth_fail(a, 400, "IncompleteSignature",
                                     INCOMPLETE_MSG " Unsupported Authorization scheme.");
        }
        return verify_v3(w, authz, lookup, ctx, a);
    }
    return verify_rpc(w, lookup, ctx, a);
}
