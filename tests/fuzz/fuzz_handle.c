/* The emulator's request handling (emulator/server/handle.c: wire parsing, checks, replay,
 * faults, the model, rendering) and its request log (reqlog.c), without a socket: each
 * request goes straight to agw_emu_handle, on a fresh emulator per input (the default
 * seed, a fixed clock, a small nonce cache).
 * The input is requests separated by lines "%%". A request is either
 *   raw:     "METHOD URI" then "Name: value" header lines, an empty line and the body;
 *   signed:  "sign v3|rpc|rpcform GET|POST <key 0-2> <Action> <urlencoded params>", signed by
 *            the client's code with that seed key (skipped when a parameter has a name the
 *            client refuses, such as SecurityToken) (rpcform moves the parameters into a form
 *            body), then lines "Name: value" (a header added after signing) or "-name"
 *            (a header removed);
 *   replay:  "replay", the previous request again;
 * and a first part "#fault <spec>" injects faults (agw_emu_faults_parse, seed 1).
 * Properties of every answer: a status, a content type and a body in that type (JSON that
 * parses, with its RequestId; XML without raw control characters); valid UTF-8; no
 * AccessKey secret and no security token of the seed, unless the request carried that value
 * somewhere else than where the token belongs; a signed request (unchanged) is verified and
 * its replay refused as SignatureNonceUsed. Every line of the request log parses and holds
 * no secret and no token either, nor a CertificatePrivateKey sent.
 * Named checks (AGW_FUZZ_SKIP): utf8, xml, token, log. */
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "fuzz.h"
#include "handle.h"
#include "modelint.h"
#include "render.h"
#include "request.h"

#define NOW 1714564800
#define MAXREQ 16

static const char *const SECRETS[] = {"demoAccessKeySecretForTheEmulator", "demoStsSecret",
                                      "otherAccessKeySecretForTheEmulator"};
static const char *const TOKEN = "demoSecurityToken";

struct req {
    char *method;
    char *uri;
    struct agw_params headers;
    char *body;
    size_t body_len;
    int signed_intact; /* signed and not changed afterwards: must verify */
    int verified;      /* the emulator verified it */
    int carries[3];    /* the request holds SECRETS[i] somewhere */
    int carries_token; /* the request holds TOKEN outside the token's own places */
    char *private_key; /* the CertificatePrivateKey sent, or NULL */
};

static void req_free(struct req *r)
{
    free(r->method);
    free(r->uri);
    agw_params_free(&r->headers);
    free(r->body);
    free(r->private_key);
    memset(r, 0, sizeof *r);
}

static void req_copy(struct req *dst, const struct req *src)
{
    dst->method = fuzz_strndup(src->method, strlen(src->method));
    dst->uri = fuzz_strndup(src->uri, strlen(src->uri));
    agw_params_init(&dst->headers);
    FUZZ_OOM(agw_params_extend(&dst->headers, &src->headers) == 0);
    dst->body = fuzz_strndup(src->body, src->body_len);
    dst->body_len = src->body_len;
    dst->signed_intact = src->signed_intact;
    dst->verified = 0;
    dst->private_key =
        src->private_key ? fuzz_strndup(src->private_key, strlen(src->private_key)) : NULL;
}

/* "Name: value" into headers; "-name" removes. Returns 1 when the line changed something. */
static int header_line(struct agw_params *h, const char *l, size_t n)
{
    if (n > 1 && l[0] == '-') {
        char *name = fuzz_strndup(l + 1, n - 1);
        size_t removed = 0;
        for (size_t i = 0; i < h->n; i++)
            if (strcasecmp(h->v[i].name, name) == 0) {
                char *exact = fuzz_strndup(h->v[i].name, strlen(h->v[i].name));
                removed += agw_params_remove(h, exact);
                free(exact);
                i = (size_t)-1; /* the list changed: look again from the start */
            }
        free(name);
        return removed > 0;
    }
    const char *colon = memchr(l, ':', n);
    if (!colon || colon == l || memchr(l, '\0', n)) return 0;
    char *name = fuzz_strndup(l, (size_t)(colon - l));
    const char *v = colon + 1;
    while (v < l + n && *v == ' ')
        v++;
    char *value = fuzz_strndup(v, (size_t)(l + n - v));
    FUZZ_OOM(agw_params_add(h, name, value) == 0);
    free(name);
    free(value);
    return 1;
}

static int parse_raw(struct req *r, const char *s, size_t n)
{
    struct fuzz_in in = {s, n};
    const char *l;
    size_t ln;
    if (!fuzz_line(&in, &l, &ln)) return -1;
    const char *sp = memchr(l, ' ', ln);
    if (!sp || memchr(l, '\0', ln)) return -1;
    r->method = fuzz_strndup(l, (size_t)(sp - l));
    r->uri = fuzz_strndup(sp + 1, ln - (size_t)(sp - l) - 1);
    agw_params_init(&r->headers);
    while (fuzz_line(&in, &l, &ln) && ln > 0)
        header_line(&r->headers, l, ln);
    r->body_len = in.p ? in.n : 0;
    r->body = fuzz_strndup(in.p ? in.p : "", r->body_len);
    return 0;
}

static int parse_signed(struct req *r, const struct agw_emu_model *m, const char *s, size_t n,
                        unsigned seq)
{
    struct fuzz_in in = {s, n};
    const char *l;
    size_t ln;
    if (!fuzz_line(&in, &l, &ln)) return -1;
    char *line = fuzz_strndup(l, ln);
    char scheme[16], method[8], action[64];
    int key, used = 0;
    if (strlen(line) != ln ||
        sscanf(line, "sign %15s %7s %d %63s %n", scheme, method, &key, action, &used) < 4 ||
        key < 0 || key > 2 || (size_t)key >= m->seed.nkeys) {
        free(line);
        return -1;
    }
    const char *ptext = used ? line + used : "";
    struct agw_params p;
    agw_params_init(&p);
    if (agw_params_parse_urlencoded(&p, ptext, strlen(ptext)) != 0) {
        agw_params_free(&p);
        free(line);
        return -1;
    }
    for (size_t i = 0; i < p.n; i++)
        if (fuzz_reserved_param(p.v[i].name)) {
            agw_params_free(&p);
            free(line);
            return -1; /* the client refuses it */
        }
    const char *pk = agw_params_get(&p, "CertificatePrivateKey");
    if (pk && *pk) r->private_key = fuzz_strndup(pk, strlen(pk));
    const struct agw_emu_key *k = &m->seed.keys[key];
    struct agw_endpoint ep;
    struct agw_err err;
    FUZZ_CHECK(agw_endpoint_parse("apigateway.cn-hangzhou.aliyuncs.com", &ep, &err) == 0, "ep");
    char ts[21], nonce[40];
    FUZZ_CHECK(agw_clock_iso8601(NOW, ts) == 0, "clock");
    snprintf(nonce, sizeof nonce, "fuzz-nonce-%u", seq);
    int form = strcmp(scheme, "rpcform") == 0;
    struct agw_req_spec spec = {.action = action,
                                .version = "2016-07-14",
                                .params = &p,
                                .sig = strncmp(scheme, "rpc", 3) == 0 ? AGW_SIG_RPC : AGW_SIG_V3,
                                .method = strcmp(method, "GET") == 0 ? "GET" : "POST",
                                .endpoint = &ep,
                                .access_key_id = k->id,
                                .access_key_secret = k->secret,
                                .security_token = k->security_token,
                                .timestamp = ts,
                                .nonce = nonce};
    struct agw_req_signed sr;
    agw_req_signed_init(&sr);
    FUZZ_CHECK(agw_req_build(&spec, &sr, &err) == 0, "the client could not sign: %s", err.message);
    const char *url = agw_buf_str(&sr.url);
    const char *path = strstr(url, "://");
    path = strchr(path + 3, '/');
    r->method = fuzz_strndup(spec.method, strlen(spec.method));
    agw_params_init(&r->headers);
    FUZZ_OOM(agw_params_extend(&r->headers, &sr.headers) == 0);
    const char *q = strchr(path, '?');
    if (form && spec.sig == AGW_SIG_RPC && q) {
        r->uri = fuzz_strndup("/", 1);
        r->body = fuzz_strndup(q + 1, strlen(q + 1));
        r->body_len = strlen(q + 1);
        FUZZ_OOM(agw_params_add(&r->headers, "Content-Type", "application/x-www-form-urlencoded") ==
                 0);
    } else {
        r->uri = fuzz_strndup(path, strlen(path));
        r->body = fuzz_strndup("", 0);
    }
    r->signed_intact = 1;
    while (fuzz_line(&in, &l, &ln))
        if (header_line(&r->headers, l, ln)) r->signed_intact = 0;
    agw_req_signed_free(&sr);
    agw_params_free(&p);
    free(line);
    return 0;
}

/* Does the request carry s anywhere (method, uri, decoded parameters, headers, body), leaving aside
 * the places a token belongs when skip_token? */
static int carries(const struct req *r, const char *s, int skip_token)
{
    if (fuzz_contains(r->method, strlen(r->method), s)) return 1;
    if (fuzz_contains(r->uri, strlen(r->uri), s) && !skip_token) return 1;
    if (fuzz_contains(r->body, r->body_len, s) && !skip_token) return 1;
    /* decoded: the query and a form body */
    struct agw_params p;
    agw_params_init(&p);
    const char *q = strchr(r->uri, '?');
    if (q) agw_params_parse_urlencoded(&p, q + 1, strlen(q + 1));
    agw_params_parse_urlencoded(&p, r->body, r->body_len);
    int hit = 0;
    for (size_t i = 0; i < p.n && !hit; i++) {
        if (skip_token && strcmp(p.v[i].name, "SecurityToken") == 0 && strcmp(p.v[i].value, s) == 0)
            continue;
        hit = fuzz_contains(p.v[i].name, strlen(p.v[i].name), s) ||
              fuzz_contains(p.v[i].value, strlen(p.v[i].value), s);
    }
    agw_params_free(&p);
    for (size_t i = 0; i < r->headers.n && !hit; i++) {
        if (skip_token && strcasecmp(r->headers.v[i].name, "x-acs-security-token") == 0 &&
            strcmp(r->headers.v[i].value, s) == 0)
            continue;
        hit = fuzz_contains(r->headers.v[i].name, strlen(r->headers.v[i].name), s) ||
              fuzz_contains(r->headers.v[i].value, strlen(r->headers.v[i].value), s);
    }
    return hit;
}

/* Computed once per request: check_secrets runs on many strings. */
static void taint(struct req *r)
{
    for (size_t i = 0; i < sizeof SECRETS / sizeof SECRETS[0]; i++)
        r->carries[i] = carries(r, SECRETS[i], 0);
    r->carries_token = carries(r, TOKEN, 1);
}

static void check_secrets(const struct req *r, const char *what, const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof SECRETS / sizeof SECRETS[0]; i++)
        if (!r->carries[i])
            FUZZ_CHECK(!fuzz_contains(s, n, SECRETS[i]), "%s holds a secret: %.*s", what,
                       (int)(n < 3000 ? n : 3000), s);
    if (!fuzz_skip("token") && !r->carries_token)
        FUZZ_CHECK(!fuzz_contains(s, n, TOKEN), "%s holds the security token: %.*s", what,
                   (int)(n < 3000 ? n : 3000), s);
}

static int has_raw_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return 1;
    }
    return 0;
}

static void check_outcome(const struct req *r, const struct agw_emu_outcome *o, int replay,
                          int prev_verified)
{
    if (o->kind == AGW_EMU_RESET) return;
    const char *b = o->body.data ? o->body.data : "";
    size_t n = o->body.len;
    FUZZ_CHECK(o->status >= 200 && o->status <= 599 && o->content_type,
               "an answer with status %d and content type %s", o->status,
               o->content_type ? o->content_type : "(none)");
    int garbage = strcmp(o->code, "fault:garbage") == 0;
    if (strcmp(o->content_type, AGW_EMU_CT_JSON) == 0 && !garbage) {
        cJSON *j = cJSON_ParseWithLength(b, n);
        FUZZ_CHECK(cJSON_IsObject(j) &&
                       (o->hook || cJSON_IsString(cJSON_GetObjectItem(j, "RequestId"))),
                   "a JSON answer that does not parse or lacks RequestId: %.*s",
                   (int)(n < 3000 ? n : 3000), b);
        cJSON_Delete(j);
    } else if (strcmp(o->content_type, AGW_EMU_CT_XML) == 0 && !garbage && !fuzz_skip("xml")) {
        FUZZ_CHECK(!has_raw_control(b, n), "an XML answer with a raw control character: %.*s",
                   (int)(n < 3000 ? n : 3000), b);
    }
    if (!garbage && !fuzz_skip("utf8"))
        FUZZ_CHECK(fuzz_utf8_valid(b, n), "an answer that is not UTF-8: %.*s",
                   (int)(n < 3000 ? n : 3000), b);
    check_secrets(r, "an answer", b, n);
    /* a request the client signed is verified, unless refused before the checks (its Format,
     * its method, a parameter that is not UTF-8); its replay is refused */
    int early = strcmp(o->code, "InvalidParameter.Format") == 0 ||
                strcmp(o->code, "UnsupportedHTTPMethod") == 0 ||
                strcmp(o->code, "InvalidParameter") == 0; /* not UTF-8 */
    if (r->signed_intact && !replay && !early)
        FUZZ_CHECK(o->verified, "a request signed by the client was refused: %d %s: %.*s",
                   o->status, o->code, (int)(n < 3000 ? n : 3000), b);
    if (r->signed_intact && replay && prev_verified)
        FUZZ_CHECK(strcmp(o->code, "SignatureNonceUsed") == 0, "a replay answered %d %s", o->status,
                   o->code);
}

/* Every string of a log line (names and values, JSON escapes undone). */
static void check_log_strings(const struct req *r, const cJSON *j)
{
    for (const cJSON *c = j->child; c; c = c->next) {
        if (c->string) check_secrets(r, "the request log", c->string, strlen(c->string));
        if (cJSON_IsString(c)) {
            const char *v = c->valuestring;
            check_secrets(r, "the request log", v, strlen(v));
            if (r->private_key)
                FUZZ_CHECK(!strstr(v, r->private_key),
                           "the request log holds the CertificatePrivateKey in %s", c->string);
        }
        if (c->child) check_log_strings(r, c);
    }
}

static void check_log(const char *path, struct req *reqs, size_t nreq)
{
    size_t len;
    char *text = fuzz_read_file(path, &len);
    FUZZ_CHECK(text != NULL, "cannot read the request log");
    struct fuzz_in in = {text, len};
    const char *l;
    size_t ln, lines = 0;
    while (fuzz_line(&in, &l, &ln)) {
        FUZZ_CHECK(lines < nreq, "more log lines than requests");
        cJSON *j = cJSON_ParseWithLength(l, ln);
        FUZZ_CHECK(cJSON_IsObject(j), "a log line that does not parse: %.*s", (int)ln, l);
        if (!fuzz_skip("log")) check_log_strings(&reqs[lines], j);
        cJSON_Delete(j);
        lines++;
    }
    FUZZ_CHECK(lines == nreq, "%zu log lines for %zu requests", lines, nreq);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct agw_emu_ctx x;
    memset(&x, 0, sizeof x);
    struct agw_err err;
    agw_err_clear(&err);
    FUZZ_CHECK(agw_emu_model_open(&x.model, NULL, 0, NULL, NULL, &err) == 0, "model");
    pthread_mutex_init(&x.model_mu, NULL);
    x.nonces = agw_emu_nonce_new(8, 0);
    FUZZ_OOM(x.nonces);
    snprintf(x.region, sizeof x.region, "cn-hangzhou");
    x.fixed_clock = NOW;
    char logpath[512];
    fuzz_write_file("handle.log", "", 0, logpath, sizeof logpath);
    FUZZ_CHECK(agw_emu_reqlog_open(logpath, &x.log, &err) == 0, "log: %s", err.message);

    struct fuzz_in in = fuzz_in_make(data, size);
    const char *s;
    size_t n;
    struct req reqs[MAXREQ];
    size_t nreq = 0;
    int first = 1;
    while (nreq < MAXREQ && fuzz_part(&in, &s, &n)) {
        if (first && fuzz_starts(s, n, "#fault ")) {
            first = 0;
            char *spec = fuzz_strndup(s + 7, n - 7);
            if (agw_emu_faults_parse(spec, 1, &x.faults, &err) != 0) {
                FUZZ_CHECK(strcmp(err.code, "Emulator.Fault") == 0, "a fault spec refused as %s",
                           err.code);
                x.faults = NULL;
            }
            free(spec);
            continue;
        }
        first = 0;
        if (!x.faults) FUZZ_CHECK(agw_emu_faults_parse(NULL, 1, &x.faults, &err) == 0, "faults");
        struct req *r = &reqs[nreq];
        memset(r, 0, sizeof *r);
        int replay = 0, rc, prev_verified = nreq > 0 && reqs[nreq - 1].verified;
        if (n == 6 && memcmp(s, "replay", 6) == 0) {
            if (nreq == 0) continue;
            req_copy(r, &reqs[nreq - 1]);
            replay = 1;
            rc = 0;
        } else if (fuzz_starts(s, n, "sign ")) {
            rc = parse_signed(r, x.model, s, n, (unsigned)nreq);
        } else {
            rc = parse_raw(r, s, n);
        }
        if (rc != 0) {
            req_free(r);
            continue;
        }
        nreq++;
        taint(r);
        struct agw_emu_request rq = {.method = r->method,
                                     .raw_uri = r->uri,
                                     .headers = &r->headers,
                                     .body = r->body,
                                     .body_len = r->body_len,
                                     .body_too_large = 0};
        struct agw_emu_outcome o;
        agw_emu_outcome_init(&o);
        agw_emu_handle(&x, &rq, &o);
        check_outcome(r, &o, replay, prev_verified);
        r->verified = o.verified;
        struct agw_emu_reqlog_entry e = {.wall_ms = (int64_t)NOW * 1000,
                                         .method = r->method,
                                         .action = o.action[0] ? o.action : NULL,
                                         .scheme = o.scheme,
                                         .verified = o.verified,
                                         .access_key_id = o.key_id,
                                         .params = &o.params,
                                         .status = o.kind == AGW_EMU_SEND ? o.status : 0,
                                         .code = o.code[0] ? o.code : NULL,
                                         .us = 1};
        agw_emu_reqlog_write(x.log, &e);
        agw_emu_outcome_free(&o);
    }
    agw_emu_reqlog_close(x.log);
    check_log(logpath, reqs, nreq);
    for (size_t i = 0; i < nreq; i++)
        req_free(&reqs[i]);
    agw_emu_faults_free(x.faults);
    agw_emu_nonce_free(x.nonces);
    pthread_mutex_destroy(&x.model_mu);
    agw_emu_model_free(x.model);
    return 0;
}
