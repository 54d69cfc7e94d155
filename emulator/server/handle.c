#include "handle.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "rand.h"
#include "render.h"
#include "server.h"
#include "twin.h"
#include "utf8.h"
#include "verify.h"

#define API_VERSION "2016-07-14"
#define STATS_PATH "/__emulator/stats"

void agw_emu_outcome_init(struct agw_emu_outcome *o)
{
    memset(o, 0, sizeof *o);
    agw_buf_init(&o->body, 0);
    agw_params_init(&o->params);
}

void agw_emu_outcome_free(struct agw_emu_outcome *o)
{
    agw_buf_free(&o->body);
    agw_params_free(&o->params);
}

int64_t agw_emu_ctx_now(const struct agw_emu_ctx *x)
{
    return x->fixed_clock ? x->fixed_clock : (int64_t)agw_clock_now();
}

static const struct agw_emu_key *lookup(void *ctx, const char *id)
{
    struct agw_emu_ctx *x = ctx;
    pthread_mutex_lock(&x->model_mu);
    const struct agw_emu_key *k = agw_emu_model_key(x->model, id);
    pthread_mutex_unlock(&x->model_mu);
    return k;
}

/* HostId: the endpoint host that was called, without a port. The Host header is whatever the
 * client sent: bytes outside printable ASCII (and '%') are percent-encoded, as in a URL's
 * host, so the answer shows exactly what came and stays UTF-8. */
static void host_id(const struct agw_emu_ctx *x, const struct agw_params *headers, char *out,
                    size_t n)
{
    const char *h = agw_params_get_ci(headers, "Host");
    if (!h || !*h) {
        snprintf(out, n, "apigateway.%s.aliyuncs.com", x->region);
        return;
    }
    size_t len = strlen(h);
    const char *colon = strrchr(h, ':');
    if (h[0] == '[') {
        const char *rb = strchr(h, ']');
        len = rb ? (size_t)(rb - h + 1) : len;
    } else if (colon) {
        len = (size_t)(colon - h);
    }
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 <= n && o < 200; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c > 0x20 && c < 0x7f && c != '%') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}

/* The first parameter that is not well-formed UTF-8 (name or value), or NULL. The service
 * refuses such a request; stored, the bytes would make every later answer, log line and the
 * state file invalid UTF-8. */
static const struct agw_param *bad_utf8(const struct agw_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        const char *k = p->v[i].name, *v = p->v[i].value;
        if (agw_emu_utf8_check(k, strlen(k)) != strlen(k) ||
            agw_emu_utf8_check(v, strlen(v)) != strlen(v))
            return &p->v[i];
    }
    return NULL;
}

static void answer_error(struct agw_emu_outcome *o, int xml, const char *hid, int status,
                         const char *code, const char *message)
{
    o->kind = AGW_EMU_SEND;
    o->status = status;
    o->content_type = xml ? AGW_EMU_CT_XML : AGW_EMU_CT_JSON;
    snprintf(o->code, sizeof o->code, "%s", code);
    agw_buf_reset(&o->body);
    if (agw_emu_render_error(&o->body, xml, o->request_id, hid, code, message) != 0) {
        agw_buf_reset(&o->body);
        agw_buf_appends(&o->body, "{\"Code\":\"InternalError\"}");
        o->status = 500;
    }
}

void agw_emu_ctx_stats(const struct agw_emu_ctx *cx, struct agw_emu_stats *s)
{
    struct agw_emu_ctx *x = (struct agw_emu_ctx *)cx; /* atomics are read only */
    memset(s, 0, sizeof *s);
    s->requests = atomic_load(&x->requests);
    int64_t in = atomic_load(&x->inflight);
    s->inflight = in > 0 ? (uint64_t)in : 0;
    s->peak_inflight = (uint64_t)atomic_load(&x->peak_inflight);
    s->throttle = agw_emu_faults_count(x->faults, AGW_EMU_FAULT_THROTTLE);
    s->unavailable = agw_emu_faults_count(x->faults, AGW_EMU_FAULT_5XX);
    s->reset = agw_emu_faults_count(x->faults, AGW_EMU_FAULT_RESET);
    s->garbage = agw_emu_faults_count(x->faults, AGW_EMU_FAULT_GARBAGE);
    s->slow = agw_emu_faults_count(x->faults, AGW_EMU_FAULT_SLOW);
    s->nonces = agw_emu_nonce_count(x->nonces);
    s->quota_refused = agw_emu_quota_refused(x->quota);
}

static void answer_stats(struct agw_emu_ctx *x, struct agw_emu_outcome *o)
{
    struct agw_emu_stats s;
    agw_emu_ctx_stats(x, &s);
    o->hook = 1;
    o->status = 200;
    o->content_type = AGW_EMU_CT_JSON;
    agw_buf_printf(&o->body,
                   "{\"requests\":%llu,\"inflight\":%llu,\"peak_inflight\":%llu,\"faults\":{"
                   "\"throttle\":%llu,\"5xx\":%llu,\"reset\":%llu,\"garbage\":%llu,\"slow\":%llu},"
                   "\"nonces\":%llu,\"quota_refused\":%llu}",
                   (unsigned long long)s.requests, (unsigned long long)s.inflight,
                   (unsigned long long)s.peak_inflight, (unsigned long long)s.throttle,
                   (unsigned long long)s.unavailable, (unsigned long long)s.reset,
                   (unsigned long long)s.garbage, (unsigned long long)s.slow,
                   (unsigned long long)s.nonces, (unsigned long long)s.quota_refused);
}

static int is_form(const struct agw_params *headers)
{
    const char *ct = agw_params_get_ci(headers, "Content-Type");
    return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

static void answer_fault(struct agw_emu_outcome *o, int xml, const char *hid, enum agw_emu_fault f)
{
    switch (f) {
    case AGW_EMU_FAULT_RESET:
        o->kind = AGW_EMU_RESET;
        o->status = 0;
        snprintf(o->code, sizeof o->code, "fault:reset");
        break;
    case AGW_EMU_FAULT_5XX:
        answer_error(o, xml, hid, 503, "ServiceUnavailable",
                     "The request has failed due to a temporary failure of the server.");
        break;
    case AGW_EMU_FAULT_THROTTLE:
        answer_error(o, xml, hid, 400, "Throttling.User",
                     "Request was denied due to user flow control.");
        snprintf(o->retry_after, sizeof o->retry_after, "1000");
        break;
    default: /* garbage: a 200 whose body is cut short, so it is not JSON (nor XML) */
        o->status = 200;
        o->content_type = xml ? AGW_EMU_CT_XML : AGW_EMU_CT_JSON;
        agw_buf_reset(&o->body);
        agw_buf_printf(&o->body, "{\"RequestId\":\"%s\",\"Dom\x01<garbage", o->request_id);
        snprintf(o->code, sizeof o->code, "fault:garbage");
        break;
    }
}

void agw_emu_handle(struct agw_emu_ctx *x, const struct agw_emu_request *rq,
                    struct agw_emu_outcome *o)
{
    if (agw_rand_uuid(o->request_id) != 0) {
        static _Atomic unsigned long long fallback;
        snprintf(o->request_id, sizeof o->request_id, "00000000-0000-4000-8000-%012llX",
                 (unsigned long long)atomic_fetch_add(&fallback, 1));
    }
    const char *q = strchr(rq->raw_uri, '?');
    size_t path_len = q ? (size_t)(q - rq->raw_uri) : strlen(rq->raw_uri);
    if (path_len == strlen(STATS_PATH) && strncmp(rq->raw_uri, STATS_PATH, path_len) == 0) {
        answer_stats(x, o);
        return;
    }
    atomic_fetch_add(&x->requests, 1);

    char hid[256];
    host_id(x, rq->headers, hid, sizeof hid);

    /* Parameters: the raw query and a form body, decoded here (not by the HTTP library) so a
     * malformed escape is seen and values are exactly what the client encoded. */
    struct agw_params query;
    agw_params_init(&query);
    int bad = q ? agw_params_parse_urlencoded(&query, q + 1, strlen(q + 1)) : 0;
    if (bad == 0) bad = agw_params_extend(&o->params, &query);
    if (bad == 0 && rq->body_len > 0 && is_form(rq->headers))
        bad = agw_params_parse_urlencoded(&o->params, rq->body, rq->body_len);
    const char *fmt = agw_params_get(&o->params, "Format");
    int xml = fmt && strcasecmp(fmt, "XML") == 0;
    struct agw_emu_auth a;
    memset(&a, 0, sizeof a);
    agw_buf_init(&a.message, 0);

    if (rq->body_too_large) {
        answer_error(o, xml, hid, 413, "InvalidParameter.BodyTooLarge",
                     "The request body is larger than the emulator accepts (1 MiB).");
        goto done;
    }
    if (bad) {
        answer_error(o, 0, hid, 400, "InvalidParameter",
                     "The query string or the form body is not well-formed url-encoding.");
        goto done;
    }
    const struct agw_param *bp = bad_utf8(&o->params);
    if (bp) {
        const char *k = bp->name;
        int name_ok = agw_emu_utf8_check(k, strlen(k)) == strlen(k);
        char msg[200];
        if (name_ok)
            snprintf(msg, sizeof msg, "The specified parameter \"%.64s\" is not valid UTF-8.", k);
        else
            snprintf(msg, sizeof msg, "The name of a parameter is not valid UTF-8.");
        answer_error(o, xml, hid, 400, "InvalidParameter", msg);
        goto done;
    }
    if (fmt && !xml && strcasecmp(fmt, "JSON") != 0) {
        answer_error(o, 0, hid, 400, "InvalidParameter.Format",
                     "The specified parameter \"Format\" is not valid (JSON or XML).");
        goto done;
    }
    if (agw_emu_twin_pre(x, rq, rq->raw_uri, path_len, &o->params, hid, o)) goto done;
    if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "POST") != 0) {
        answer_error(o, xml, hid, 400, "UnsupportedHTTPMethod",
                     "Specified http method is not supported (GET or POST).");
        goto done;
    }
    if (path_len != 1 || rq->raw_uri[0] != '/') {
        answer_error(o, xml, hid, 404, "InvalidApi.NotFound",
                     "Specified api is not found, please check your url and method.");
        goto done;
    }

    struct agw_emu_wire w = {.method = rq->method,
                             .query = &query,
                             .params = &o->params,
                             .headers = rq->headers,
                             .body = rq->body,
                             .body_len = rq->body_len,
                             .now = agw_emu_ctx_now(x)};
    int vr = agw_emu_verify(&w, lookup, x, &a);
    o->scheme = a.scheme == AGW_EMU_SCHEME_RPC  ? "rpc"
                : a.scheme == AGW_EMU_SCHEME_V3 ? "v3"
                                                : NULL;
    snprintf(o->key_id, sizeof o->key_id, "%s", a.key_id);
    if (a.action) snprintf(o->action, sizeof o->action, "%s", a.action);
    if (vr != 0) {
        answer_error(o, xml, hid, a.status, a.code, agw_buf_str(&a.message));
        goto done;
    }
    o->verified = 1;
    if (agw_emu_nonce_use(x->nonces, a.nonce, strlen(a.nonce), w.now) != 0) {
        answer_error(o, xml, hid, 400, "SignatureNonceUsed",
                     "Specified signature nonce was used already.");
        goto done;
    }
    if (a.version && strcmp(a.version, AGW_EMU_STS_VERSION) == 0) {
        agw_emu_twin_sts(x, a.key, a.action, &o->params, hid, o);
        goto done;
    }
    if (!a.version || strcmp(a.version, API_VERSION) != 0 || !a.action || !*a.action) {
        answer_error(o, xml, hid, 404, "InvalidApi.NotFound",
                     "Specified api is not found, please check your url and method.");
        goto done;
    }
    /* The quota comes before the injected faults: the service refuses a call over it at its
     * front door, before anything that could fail behind it. */
    double qps = agw_emu_model_qps(x->model, a.action);
    if (qps > 0 && x->quota) {
        int64_t wait_ms =
            agw_emu_quota_take(x->quota, a.key_id, a.action, qps, agw_clock_mono_us());
        if (wait_ms > 0) {
            answer_error(o, xml, hid, 400, "Throttling.User",
                         "Request was denied due to user flow control.");
            snprintf(o->retry_after, sizeof o->retry_after, "%lld", (long long)wait_ms);
            goto done;
        }
    }
    enum agw_emu_fault f = agw_emu_faults_next(x->faults);
    if (f != AGW_EMU_FAULT_NONE) {
        answer_fault(o, xml, hid, f);
        goto done;
    }

    /* The model sees the operation's parameters, never the signature or the token. */
    struct agw_params mp;
    agw_params_init(&mp);
    if (agw_params_extend(&mp, &o->params) != 0) {
        agw_params_free(&mp);
        answer_error(o, xml, hid, 500, "InternalError",
                     "The request processing has failed due to some unknown error.");
        goto done;
    }
    agw_params_remove(&mp, "Signature");
    agw_params_remove(&mp, "SecurityToken");
    struct agw_emu_answer ans;
    memset(&ans, 0, sizeof ans);
    struct agw_err err;
    agw_err_clear(&err);
    pthread_mutex_lock(&x->model_mu);
    int mr = agw_emu_model_call(x->model, a.key, a.action, &mp, &ans, &err);
    pthread_mutex_unlock(&x->model_mu);
    agw_params_free(&mp);
    if (mr != 0) {
        answer_error(o, xml, hid, 500, "InternalError",
                     "The request processing has failed due to some unknown error.");
    } else if (ans.http_status != 200) {
        answer_error(o, xml, hid, ans.http_status ? ans.http_status : 500,
                     ans.code[0] ? ans.code : "InternalError", ans.message);
    } else {
        o->status = 200;
        o->content_type = xml ? AGW_EMU_CT_XML : AGW_EMU_CT_JSON;
        if (agw_emu_render_success(&o->body, xml, a.action, o->request_id, ans.body) != 0)
            answer_error(o, xml, hid, 500, "InternalError",
                         "The request processing has failed due to some unknown error.");
    }
    cJSON_Delete(ans.body);
done:
    agw_params_free(&query);
    agw_buf_free(&a.message);
}
