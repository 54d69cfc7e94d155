/* Both signers (runtime/sign/v3*.c, rpc.c, through runtime/request/request.c, as the client
 * signs) against the emulator's checks (emulator/server/verify.c) and its replay cache
 * (nonce.c). Properties:
 * - every request the client signs verifies, with the action, version, nonce and key the
 *   client used, when the clocks agree within the window; outside it, the timestamp is
 *   refused as expired;
 * - the nonce is then remembered and the same request again is a replay;
 * - changing any one parameter value makes the signature fail.
 * The input is lines (values percent-decoded, so any byte but NUL can be given):
 *   sig=v3|rpc  method=POST|GET  id=  secret=  token=  nonce=  action=  version=
 *   endpoint=  time=<epoch s>  skew=<s, server clock minus client clock>
 *   &Name=Value    an operation parameter (any number of them)
 * Unknown lines are ignored; an input that cannot be decoded is skipped, and so are
 * credentials and endpoints the client refuses before it signs (agw_cred_resolve,
 * agw_endpoint_parse). */
#include <time.h>

#include "clock.h"
#include "cred.h"
#include "fuzz.h"
#include "nonce.h"
#include "request.h"
#include "verify.h"

struct spec {
    enum agw_sig sig;
    char *method, *id, *secret, *token, *nonce, *action, *version, *endpoint;
    long long time, skew;
    struct agw_params params;
};

static void spec_free(struct spec *s)
{
    free(s->method);
    free(s->id);
    free(s->secret);
    free(s->token);
    free(s->nonce);
    free(s->action);
    free(s->version);
    free(s->endpoint);
    agw_params_free(&s->params);
}

/* Sets *field to the decoded value (replacing an earlier one). 0, or -1 to skip the input. */
static int set_field(char **field, const char *v, size_t n)
{
    char *d = fuzz_decode(v, n, 0, NULL);
    if (!d) return -1;
    free(*field);
    *field = d;
    return 0;
}

static int parse_input(struct spec *s, const uint8_t *data, size_t size)
{
    static const struct {
        const char *key;
        size_t off;
    } fields[] = {
        {"method=", offsetof(struct spec, method)},
        {"id=", offsetof(struct spec, id)},
        {"secret=", offsetof(struct spec, secret)},
        {"token=", offsetof(struct spec, token)},
        {"nonce=", offsetof(struct spec, nonce)},
        {"action=", offsetof(struct spec, action)},
        {"version=", offsetof(struct spec, version)},
        {"endpoint=", offsetof(struct spec, endpoint)},
    };
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *l;
    size_t n;
    while (fuzz_line(&in, &l, &n)) {
        if (fuzz_starts(l, n, "&")) {
            const char *eq = memchr(l, '=', n);
            size_t nl = eq ? (size_t)(eq - l) - 1 : n - 1;
            char *name = fuzz_decode(l + 1, nl, 0, NULL);
            char *value = eq ? fuzz_decode(eq + 1, n - nl - 2, 0, NULL) : fuzz_strndup("", 0);
            int bad = !name || !value;
            if (!bad) FUZZ_OOM(agw_params_add(&s->params, name, value) == 0);
            free(name);
            free(value);
            if (bad) return -1;
            continue;
        }
        if (fuzz_starts(l, n, "sig=")) {
            s->sig = fuzz_starts(l + 4, n - 4, "rpc") ? AGW_SIG_RPC : AGW_SIG_V3;
            continue;
        }
        if (fuzz_starts(l, n, "time=") || fuzz_starts(l, n, "skew=")) {
            char *v = fuzz_strndup(l + 5, n - 5);
            long long x = strtoll(v, NULL, 10);
            free(v);
            if (l[0] == 't')
                s->time = x;
            else
                s->skew = x;
            continue;
        }
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (fuzz_starts(l, n, fields[i].key)) {
                size_t k = strlen(fields[i].key);
                if (set_field((char **)((char *)s + fields[i].off), l + k, n - k) != 0) return -1;
                break;
            }
    }
    return 0;
}

static const char *no_env(const char *name, void *ud)
{
    (void)name;
    (void)ud;
    return NULL;
}

static const struct agw_emu_key *lookup(void *ctx, const char *id)
{
    const struct agw_emu_key *k = ctx;
    return strcmp(k->id, id) == 0 ? k : NULL;
}

/* The query of the signed URL, decoded as the emulator decodes it. */
static void wire_query(const struct agw_req_signed *r, const struct agw_endpoint *ep,
                       struct agw_params *query)
{
    const char *url = agw_buf_str(&r->url);
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s://%s/", ep->scheme, ep->host);
    FUZZ_CHECK(strncmp(url, prefix, strlen(prefix)) == 0, "the URL does not start with %s", prefix);
    const char *rest = url + strlen(prefix);
    FUZZ_CHECK(*rest == '\0' || *rest == '?', "the URL has a path after the host");
    if (*rest == '?')
        FUZZ_CHECK(agw_params_parse_urlencoded(query, rest + 1, strlen(rest + 1)) == 0,
                   "the emulator cannot decode the query the client sent");
}

static int verify(const struct spec *s, const struct agw_req_signed *r,
                  const struct agw_params *query, const struct agw_emu_key *key, int64_t now,
                  struct agw_emu_auth *a)
{
    struct agw_emu_wire w = {.method = s->method,
                             .query = query,
                             .params = query, /* the body is empty: every parameter is here */
                             .headers = &r->headers,
                             .body = "",
                             .body_len = 0,
                             .now = now};
    agw_buf_reset(&a->message);
    return agw_emu_verify(&w, lookup, (void *)key, a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct spec s = {.sig = AGW_SIG_V3, .time = 1714564800};
    agw_params_init(&s.params);
    if (parse_input(&s, data, size) != 0) goto out;
    /* what the client always has: it makes the nonce itself and refuses empty keys */
    static const struct {
        size_t off;
        const char *def;
    } defaults[] = {
        {offsetof(struct spec, method), "POST"},
        {offsetof(struct spec, id), "LTAIfuzzAccessKeyId"},
        {offsetof(struct spec, secret), "fuzzAccessKeySecret"},
        {offsetof(struct spec, nonce), "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"},
        {offsetof(struct spec, action), "SetDomain"},
        {offsetof(struct spec, version), "2016-07-14"},
        {offsetof(struct spec, endpoint), "apigateway.cn-hangzhou.aliyuncs.com"},
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        char **f = (char **)((char *)&s + defaults[i].off);
        if (!*f || !**f) {
            free(*f);
            *f = fuzz_strndup(defaults[i].def, strlen(defaults[i].def));
        }
    }
    if (strcmp(s.method, "GET") != 0) {
        free(s.method);
        s.method = fuzz_strndup("POST", 4);
    }
    if (s.token && !*s.token) {
        free(s.token);
        s.token = NULL;
    }
    /* what the client refuses before signing: reserved parameter names, bad endpoints and
     * credentials */
    for (size_t i = 0; i < s.params.n; i++)
        if (fuzz_reserved_param(s.params.v[i].name)) goto out;
    struct agw_endpoint ep;
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_endpoint_parse(s.endpoint, &ep, &err) != 0) goto out;
    struct agw_cred_options copts = {
        .access_key_id = s.id, .access_key_secret = s.secret, .security_token = s.token};
    struct agw_cred cred;
    if (agw_cred_resolve(&copts, no_env, NULL, &cred, &err) != 0) goto out;
    agw_cred_free(&cred);

    /* a representable timestamp, and a server clock skew within a day */
    const long long max_time = 253402300799LL; /* 9999-12-31T23:59:59Z */
    long long t = s.time < 0 ? -(s.time + 1) : s.time;
    t %= max_time + 1;
    long long skew = s.skew % 86400;
    char ts[21];
    FUZZ_CHECK(agw_clock_iso8601((time_t)t, ts) == 0, "cannot format %lld", t);

    struct agw_req_spec spec = {.action = s.action,
                                .version = s.version,
                                .params = &s.params,
                                .sig = s.sig,
                                .method = s.method,
                                .endpoint = &ep,
                                .access_key_id = s.id,
                                .access_key_secret = s.secret,
                                .security_token = s.token,
                                .timestamp = ts,
                                .nonce = s.nonce};
    struct agw_req_signed r;
    agw_req_signed_init(&r);
    FUZZ_CHECK(agw_req_build(&spec, &r, &err) == 0, "the client could not sign: %s", err.message);

    struct agw_params query;
    agw_params_init(&query);
    wire_query(&r, &ep, &query);
    struct agw_emu_key key = {
        .id = s.id, .secret = s.secret, .security_token = s.token, .account = "fuzz"};
    struct agw_emu_auth a;
    memset(&a, 0, sizeof a);
    agw_buf_init(&a.message, 0);
    int64_t now = (int64_t)t + skew;
    int rc = verify(&s, &r, &query, &key, now, &a);
    if (skew > AGW_EMU_TIME_WINDOW_S || skew < -AGW_EMU_TIME_WINDOW_S) {
        FUZZ_CHECK(rc != 0 && strcmp(a.code, "InvalidTimeStamp.Expired") == 0,
                   "a request %llds off the server's clock gave %d %s", skew, rc,
                   rc ? a.code : "(accepted)");
        goto done;
    }
    FUZZ_CHECK(rc == 0, "%s request signed by the client refused: %d %s: %s",
               s.sig == AGW_SIG_RPC ? "an RPC" : "a V3", a.status, a.code, agw_buf_str(&a.message));
    FUZZ_CHECK(a.scheme == (s.sig == AGW_SIG_RPC ? AGW_EMU_SCHEME_RPC : AGW_EMU_SCHEME_V3),
               "the emulator saw the other scheme");
    FUZZ_CHECK(a.key == &key && strcmp(a.key_id, s.id) == 0, "verified with another key");
    FUZZ_CHECK(a.nonce && strcmp(a.nonce, s.nonce) == 0, "the emulator saw another nonce");
    FUZZ_CHECK(a.action && strcmp(a.action, s.action) == 0, "the emulator saw another action");
    FUZZ_CHECK(a.version && strcmp(a.version, s.version) == 0, "the emulator saw another version");

    /* a replay is refused */
    struct agw_emu_nonce_cache *nc = agw_emu_nonce_new(16, 0);
    FUZZ_OOM(nc);
    FUZZ_CHECK(agw_emu_nonce_use(nc, a.nonce, strlen(a.nonce), now) == 0,
               "a fresh nonce counted as used");
    FUZZ_CHECK(verify(&s, &r, &query, &key, now, &a) == 0, "the same request verified once only");
    FUZZ_CHECK(agw_emu_nonce_use(nc, a.nonce, strlen(a.nonce), now + 60) == 1,
               "a replay was not refused");
    agw_emu_nonce_free(nc);

    /* any one parameter value changed: refused */
    if (query.n > 0) {
        size_t i = (size_t)t % query.n;
        size_t len = strlen(query.v[i].value);
        char *v = malloc(len + 2);
        FUZZ_OOM(v);
        memcpy(v, query.v[i].value, len);
        memcpy(v + len, "x", 2);
        free(query.v[i].value);
        query.v[i].value = v;
        FUZZ_CHECK(verify(&s, &r, &query, &key, now, &a) != 0,
                   "a request with parameter %s changed still verified", query.v[i].name);
    }
done:
    agw_buf_free(&a.message);
    agw_params_free(&query);
    agw_req_signed_free(&r);
out:
    spec_free(&s);
    return 0;
}
