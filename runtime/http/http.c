#include "http.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "clock.h"
#include "curlapi.h"
#include "wipe.h"

#define DEFAULT_CONNECT_MS 5000
#define DEFAULT_READ_MS 10000
#define DEFAULT_MAX_RESPONSE ((size_t)8 * 1024 * 1024)

struct agw_http_xfer {
    struct agw_http *h;
    CURL *easy;
    struct curl_slist *headers;
    char *body;
    size_t body_len;
    void *ud;
    int running;
    int done;
    int collected;
    int too_large;
    int tls_custom;           /* the request changed the easy handle's TLS options */
    int easy_broken;          /* an option was refused: the handle is not kept as a spare */
    int secret;               /* the request carries a secret: wipe headers and body */
    int sends;                /* times libcurl was about to send the request */
    int64_t read_deadline_us; /* when the answer must have come (0: libcurl's timeout only) */
    struct agw_http_xfer *prev_run, *next_run;   /* h->running list */
    struct agw_http_xfer *prev_live, *next_live; /* h->live list: every transfer not freed */
    long connect_ms;
    long read_ms;
    int64_t start_us;
    struct agw_http_result res;
    struct agw_http_xfer *next_done;
};

struct agw_http {
    struct agw_curl_api api; /* libcurl, loaded for this transport */
    CURLM *multi;
    struct agw_http_opts opts;
    char *ca_bundle;
    char user_agent[160];
    int pending;
    long connects;
    struct agw_http_xfer *done_head;
    struct agw_http_xfer *done_tail;
    struct agw_http_xfer *running; /* transfers on the multi handle, for read deadlines */
    struct agw_http_xfer *live;    /* every transfer not yet freed, whatever its state */
    CURL *spare[64];               /* easy handles kept for reuse */
    int nspare;
};

static void result_init(struct agw_http_result *r, size_t max)
{
    memset(r, 0, sizeof *r);
    agw_buf_init(&r->body, max);
}

int agw_http_new(struct agw_http **out, const struct agw_http_opts *opts, struct agw_err *err)
{
    struct agw_http *h = calloc(1, sizeof *h);
    if (!h) goto oom;
    if (agw_curl_api_load(&h->api, err) != 0) {
        free(h);
        return -1;
    }
    if (opts) h->opts = *opts;
    if (h->opts.connect_timeout_ms <= 0) h->opts.connect_timeout_ms = DEFAULT_CONNECT_MS;
    if (h->opts.read_timeout_ms <= 0) h->opts.read_timeout_ms = DEFAULT_READ_MS;
    if (h->opts.max_response == 0) h->opts.max_response = DEFAULT_MAX_RESPONSE;
    if (h->opts.max_connections <= 0) h->opts.max_connections = 256;
    if (opts && opts->ca_bundle) {
        h->ca_bundle = strdup(opts->ca_bundle);
        if (!h->ca_bundle) goto oom;
    }
    h->opts.ca_bundle = h->ca_bundle;
    h->multi = h->api.multi_init();
    if (!h->multi) goto oom;
    CURLMcode mc =
        h->api.multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->opts.max_connections);
    const char *mopt = "CURLMOPT_MAX_HOST_CONNECTIONS";
    if (mc == CURLM_OK) {
        mc = h->api.multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->opts.max_connections);
        mopt = "CURLMOPT_MAXCONNECTS";
    }
    if (mc != CURLM_OK) {
        agw_err_set(err, AGW_ERR_CONFIG, "InternalError", "libcurl refused option %s: %s", mopt,
                    h->api.multi_strerror(mc));
        agw_http_free(h);
        return -1;
    }

    struct utsname u;
    const char *os = "unknown", *arch = "unknown";
    if (uname(&u) == 0) {
        os = u.sysname;
        arch = u.machine;
    }
    char osl[32];
    size_t i = 0;
    for (; os[i] && i < sizeof osl - 1; i++)
        osl[i] = (char)((os[i] >= 'A' && os[i] <= 'Z') ? os[i] + 32 : os[i]);
    osl[i] = '\0';
    curl_version_info_data *cv = h->api.version_info(CURLVERSION_NOW);
    snprintf(h->user_agent, sizeof h->user_agent, "apigw-lua/%s (%s; %s) libcurl/%s", AGW_VERSION,
             osl, arch, cv && cv->version ? cv->version : "unknown");
    *out = h;
    return 0;
oom:
    agw_http_free(h);
    agw_err_set(err, AGW_ERR_NETWORK, "InternalError", "out of memory creating the transport");
    return -1;
}

const char *agw_http_user_agent(const struct agw_http *h)
{
    return h->user_agent;
}

long agw_http_connects(const struct agw_http *h)
{
    return h->connects;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud);
static size_t on_header(char *p, size_t size, size_t n, void *ud);

/* libcurl resends a request by itself when a reused connection dies before any answer byte.
 * The resend carries the same signature nonce, which the server may already have seen (it
 * can fail after reading the request), so it would be refused as SignatureNonceUsed. Such a
 * second send is aborted here; the attempt then fails as "closed" and the retry policy above
 * sends a new request with a new nonce and signature. */
static int on_prereq(void *ud, char *conn_primary_ip, char *conn_local_ip, int conn_primary_port,
                     int conn_local_port)
{
    (void)conn_primary_ip;
    (void)conn_local_ip;
    (void)conn_primary_port;
    (void)conn_local_port;
    struct agw_http_xfer *x = ud;
    if (++x->sends > 1) return CURL_PREREQFUNC_ABORT;
    /* connected: the read timeout counts from here (libcurl has no such option: its
     * CURLOPT_TIMEOUT covers connect + read, and stays as the outer bound) */
    if (x->read_deadline_us == 0) x->read_deadline_us = agw_clock_mono_us() + x->read_ms * 1000;
    return CURL_PREREQFUNC_OK;
}

static void run_link(struct agw_http *h, struct agw_http_xfer *x)
{
    x->prev_run = NULL;
    x->next_run = h->running;
    if (h->running) h->running->prev_run = x;
    h->running = x;
}

static void run_unlink(struct agw_http *h, struct agw_http_xfer *x)
{
    if (x->prev_run)
        x->prev_run->next_run = x->next_run;
    else if (h->running == x)
        h->running = x->next_run;
    if (x->next_run) x->next_run->prev_run = x->prev_run;
    x->prev_run = x->next_run = NULL;
}

/* The first option libcurl refused, so that a run of setopts is checked once at the end
 * (as writer.h keeps its first error) and the failure names the option. An option that
 * silently did nothing would leave the transport without what it relies on (the resend
 * guard, the protocol limit, a timeout). */
struct setopt_status {
    const char *option; /* NULL while every option was accepted */
    CURLcode rc;
};

static void setopt_note(struct setopt_status *st, const char *option, CURLcode rc)
{
    if (rc != CURLE_OK && !st->option) {
        st->option = option;
        st->rc = rc;
    }
}

#define SETOPT(st, e, opt, val) setopt_note((st), #opt, h->api.easy_setopt((e), (opt), (val)))

/* Fails with the refused option's name. A value libcurl refuses (a string past its 8 MB
 * limit, a negative timeout) is the request's fault; an option it does not know or was
 * built without is the installation's. */
static void setopt_fail(struct agw_http *h, const struct setopt_status *st, struct agw_err *err)
{
    agw_err_set(err, st->rc == CURLE_BAD_FUNCTION_ARGUMENT ? AGW_ERR_CLIENT : AGW_ERR_CONFIG,
                "InternalError", "libcurl refused option %s: %s", st->option,
                h->api.easy_strerror(st->rc));
}

/* The options that are the same for every transfer of h. Spare easy handles keep them, so a
 * reused handle is not reset and configured again for each request (curl_easy_reset and a
 * dozen setopts, several of them string copies, cost a good part of a start). Returns 0, or
 * -1 with st naming the option refused. */
static int setup_constant(struct agw_http *h, CURL *e, struct setopt_status *st)
{
    SETOPT(st, e, CURLOPT_PROTOCOLS_STR, "http,https");
    SETOPT(st, e, CURLOPT_NOSIGNAL, 1L);
    SETOPT(st, e, CURLOPT_USERAGENT, h->user_agent);
    SETOPT(st, e, CURLOPT_WRITEFUNCTION, on_body);
    SETOPT(st, e, CURLOPT_HEADERFUNCTION, on_header);
    SETOPT(st, e, CURLOPT_PREREQFUNCTION, on_prereq);
    SETOPT(st, e, CURLOPT_TCP_KEEPALIVE, 1L);
    SETOPT(st, e, CURLOPT_SSL_VERIFYPEER, h->opts.insecure ? 0L : 1L);
    SETOPT(st, e, CURLOPT_SSL_VERIFYHOST, h->opts.insecure ? 0L : 2L);
    if (h->ca_bundle) SETOPT(st, e, CURLOPT_CAINFO, h->ca_bundle);
    return st->option ? -1 : 0;
}

static void live_link(struct agw_http *h, struct agw_http_xfer *x)
{
    x->prev_live = NULL;
    x->next_live = h->live;
    if (h->live) h->live->prev_live = x;
    h->live = x;
}

static void live_unlink(struct agw_http *h, struct agw_http_xfer *x)
{
    if (x->prev_live)
        x->prev_live->next_live = x->next_live;
    else if (h->live == x)
        h->live = x->next_live;
    if (x->next_live) x->next_live->prev_live = x->prev_live;
    x->prev_live = x->next_live = NULL;
}

static void xfer_release_easy(struct agw_http *h, struct agw_http_xfer *x)
{
    if (!x->easy) return;
    if (x->running) {
        h->api.multi_remove_handle(h->multi, x->easy);
        x->running = 0;
        run_unlink(h, x);
        h->pending--;
    }
    int keep = !x->easy_broken && h->nspare < (int)(sizeof h->spare / sizeof h->spare[0]);
    if (keep && x->tls_custom) { /* back to h's own TLS settings */
        struct setopt_status st = {0};
        h->api.easy_reset(x->easy);
        keep = setup_constant(h, x->easy, &st) == 0; /* else a fresh handle will say why */
    }
    if (keep)
        h->spare[h->nspare++] = x->easy;
    else
        h->api.easy_cleanup(x->easy);
    x->easy = NULL;
}

void agw_http_xfer_free(struct agw_http *h, struct agw_http_xfer *x)
{
    if (!x) return;
    if (x->done && !x->collected) {
        /* unlink from the done list */
        struct agw_http_xfer **pp = &h->done_head, *prev = NULL;
        while (*pp && *pp != x) {
            prev = *pp;
            pp = &(*pp)->next_done;
        }
        if (*pp) {
            *pp = x->next_done;
            if (h->done_tail == x) h->done_tail = prev;
        }
        h->pending--;
    }
    xfer_release_easy(h, x);
    live_unlink(h, x);
    if (x->secret) { /* the header lines carry the security token (V3), a form body may too */
        for (struct curl_slist *s = x->headers; s; s = s->next)
            agw_wipe_str(s->data);
        agw_wipe_free_n(x->body, x->body_len + 1);
    } else {
        free(x->body);
    }
    h->api.slist_free_all(x->headers);
    agw_buf_free(&x->res.body);
    free(x);
}

void agw_http_free(struct agw_http *h)
{
    if (!h) return;
    /* every transfer, running (aborted here), finished or collected, is h's to free */
    while (h->live)
        agw_http_xfer_free(h, h->live);
    for (int i = 0; i < h->nspare; i++)
        h->api.easy_cleanup(h->spare[i]);
    if (h->multi) h->api.multi_cleanup(h->multi);
    agw_curl_api_unload(&h->api);
    free(h->ca_bundle);
    free(h);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct agw_http_xfer *x = ud;
    size_t len = size * n;
    if (agw_buf_append(&x->res.body, p, len) != 0) {
        x->too_large = 1;
        return 0; /* makes libcurl fail the transfer with CURLE_WRITE_ERROR */
    }
    return len;
}

/* Keeps the two answer headers the layers above use. */
static void keep_header(const char *line, size_t len, const char *name, char *dst, size_t dstsz)
{
    size_t nl = strlen(name);
    if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':') return;
    const char *v = line + nl + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t vl = (size_t)(end - v);
    if (vl >= dstsz) vl = dstsz - 1;
    memcpy(dst, v, vl);
    dst[vl] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct agw_http_xfer *x = ud;
    size_t len = size * n;
    keep_header(p, len, "x-acs-retry-after", x->res.retry_after, sizeof x->res.retry_after);
    keep_header(p, len, "date", x->res.date, sizeof x->res.date);
    return len;
}

struct agw_http_xfer *agw_http_start(struct agw_http *h, const struct agw_http_request *req,
                                     void *ud, struct agw_err *err)
{
    struct agw_http_xfer *x = calloc(1, sizeof *x);
    if (!x) goto oom;
    x->h = h;
    x->ud = ud;
    x->secret = req->secret;
    live_link(h, x);
    result_init(&x->res, h->opts.max_response);
    x->connect_ms =
        req->connect_timeout_ms > 0 ? req->connect_timeout_ms : h->opts.connect_timeout_ms;
    x->read_ms = req->read_timeout_ms > 0 ? req->read_timeout_ms : h->opts.read_timeout_ms;
    if (req->total_timeout_ms > 0) { /* reported limits: what the caller asked for */
        if (x->connect_ms > req->total_timeout_ms) x->connect_ms = req->total_timeout_ms;
        x->read_ms = req->total_timeout_ms;
        x->read_deadline_us = -1; /* CURLOPT_TIMEOUT alone bounds it */
    }
    struct setopt_status st = {0};
    if (h->nspare) {
        x->easy = h->spare[--h->nspare];
    } else {
        x->easy = h->api.easy_init();
        if (!x->easy) goto oom;
        if (setup_constant(h, x->easy, &st) != 0) goto refused;
    }

    int put = strcmp(req->method, "PUT") == 0;
    int post = put || strcmp(req->method, "POST") == 0;
    if (!post && strcmp(req->method, "GET") != 0) {
        agw_err_set(err, AGW_ERR_CLIENT, "InvalidMethod", "unsupported HTTP method '%s'",
                    req->method);
        agw_http_xfer_free(h, x);
        return NULL;
    }
    for (const char *const *hp = req->headers; hp && *hp; hp++) {
        struct curl_slist *s = h->api.slist_append(x->headers, *hp);
        if (!s) goto oom;
        x->headers = s;
    }
    if (post) {
        /* libcurl would add a Content-Type the signature does not cover, and Expect. */
        int has_ct = 0;
        for (const char *const *hp = req->headers; hp && *hp; hp++)
            if (strncasecmp(*hp, "content-type:", 13) == 0) has_ct = 1;
        if (!has_ct) {
            struct curl_slist *s = h->api.slist_append(x->headers, "Content-Type:");
            if (!s) goto oom;
            x->headers = s;
        }
        struct curl_slist *s = h->api.slist_append(x->headers, "Expect:");
        if (!s) goto oom;
        x->headers = s;
        x->body = malloc(req->body_len + 1);
        if (!x->body) goto oom;
        x->body_len = req->body_len;
        if (req->body_len) memcpy(x->body, req->body, req->body_len);
        x->body[req->body_len] = '\0';
    }
    CURL *e = x->easy;
    SETOPT(&st, e, CURLOPT_URL, req->url);
    SETOPT(&st, e, CURLOPT_HTTPHEADER, x->headers);
    SETOPT(&st, e, CURLOPT_WRITEDATA, x);
    SETOPT(&st, e, CURLOPT_HEADERDATA, x);
    SETOPT(&st, e, CURLOPT_PREREQDATA, x);
    SETOPT(&st, e, CURLOPT_PRIVATE, x);
    SETOPT(&st, e, CURLOPT_CONNECTTIMEOUT_MS, x->connect_ms);
    SETOPT(&st, e, CURLOPT_TIMEOUT_MS,
           req->total_timeout_ms > 0 ? req->total_timeout_ms : x->connect_ms + x->read_ms);
    int insecure = req->insecure >= 0 ? req->insecure : h->opts.insecure;
    if ((insecure != 0) != (h->opts.insecure != 0) ||
        (req->ca_bundle && (!h->ca_bundle || strcmp(req->ca_bundle, h->ca_bundle) != 0))) {
        x->tls_custom = 1;
        SETOPT(&st, e, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L);
        SETOPT(&st, e, CURLOPT_SSL_VERIFYHOST, insecure ? 0L : 2L);
        if (req->ca_bundle) SETOPT(&st, e, CURLOPT_CAINFO, req->ca_bundle);
    }
    if (put || req->no_proxy) {
        /* rare (credential fetches): such a handle is not kept as a spare, so the common
         * path never has to reset these two options */
        x->easy_broken = 1;
        if (put) SETOPT(&st, e, CURLOPT_CUSTOMREQUEST, "PUT");
        if (req->no_proxy) SETOPT(&st, e, CURLOPT_NOPROXY, "*");
    }
    if (post) {
        SETOPT(&st, e, CURLOPT_POST, 1L);
        SETOPT(&st, e, CURLOPT_POSTFIELDS, x->body);
        SETOPT(&st, e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    } else {
        SETOPT(&st, e, CURLOPT_HTTPGET, 1L);
    }
    if (st.option) goto refused;
    x->start_us = agw_clock_mono_us();
    if (h->api.multi_add_handle(h->multi, e) != CURLM_OK) {
        agw_err_set(err, AGW_ERR_NETWORK, "InternalError", "could not start the transfer");
        agw_http_xfer_free(h, x);
        return NULL;
    }
    x->running = 1;
    run_link(h, x);
    h->pending++;
    return x;
refused:
    setopt_fail(h, &st, err);
    x->easy_broken = 1; /* half-configured: not worth keeping */
    agw_http_xfer_free(h, x);
    return NULL;
oom:
    agw_err_set(err, AGW_ERR_NETWORK, "InternalError", "out of memory starting a request");
    if (x) agw_http_xfer_free(h, x);
    return NULL;
}

/* Maps a libcurl failure to the error contract: connect, timeout, tls, closed, InvalidResponse. */
static void classify(struct agw_http_xfer *x, CURLcode rc)
{
    struct agw_http *h = x->h;
    struct agw_err *e = &x->res.err;
    double connect_time = 0;
    h->api.easy_getinfo(x->easy, CURLINFO_CONNECT_TIME, &connect_time);
    const char *what = h->api.easy_strerror(rc);
    if (rc == CURLE_ABORTED_BY_CALLBACK && x->sends > 1) {
        agw_err_set(e, AGW_ERR_NETWORK, "closed",
                    "the connection was closed before an answer (not resent with the same nonce)");
        return;
    }
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        if (connect_time <= 0) {
            agw_err_set(e, AGW_ERR_NETWORK, "connect", "connect timed out after %ld ms",
                        x->connect_ms);
        } else {
            agw_err_set(e, AGW_ERR_NETWORK, "timeout", "no answer within %ld ms (read timeout)",
                        x->read_ms);
        }
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        agw_err_set(e, AGW_ERR_NETWORK, "connect", "%s", what);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
        agw_err_set(e, AGW_ERR_NETWORK, "tls", "TLS verification or handshake failed: %s", what);
        break;
    case CURLE_WRITE_ERROR:
        if (x->too_large) {
            agw_err_set(e, AGW_ERR_NETWORK, "InvalidResponse",
                        "the answer is larger than the limit of %zu bytes", x->res.body.max);
            break;
        }
        /* fall through */
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        agw_err_set(e, AGW_ERR_NETWORK, "closed", "the connection was closed before an answer: %s",
                    what);
        break;
    case CURLE_PARTIAL_FILE: /* an answer began and was cut off */
        agw_err_set(e, AGW_ERR_NETWORK, "InvalidResponse", "the answer was cut off: %s", what);
        break;
    default:
        agw_err_set(e, AGW_ERR_NETWORK, "InvalidResponse", "%s", what);
        break;
    }
}

static void finish_xfer(struct agw_http *h, struct agw_http_xfer *x, CURLcode rc)
{
    CURL *easy = x->easy;
    x->res.elapsed_us = agw_clock_mono_us() - x->start_us;
    long nconn = 0;
    h->api.easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &nconn);
    h->connects += nconn;
    if (rc == CURLE_OK) {
        h->api.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &x->res.status);
        x->res.err.http_status = x->res.status;
    } else {
        x->res.status = 0;
        classify(x, rc);
        x->res.err.retryable = 1;
    }
    h->api.multi_remove_handle(h->multi, easy);
    x->running = 0;
    run_unlink(h, x);
    xfer_release_easy(h, x);
    x->done = 1;
    x->next_done = NULL;
    if (h->done_tail)
        h->done_tail->next_done = x;
    else
        h->done_head = x;
    h->done_tail = x;
}

static void finish(struct agw_http *h, CURL *easy, CURLcode rc)
{
    char *priv = NULL;
    h->api.easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    struct agw_http_xfer *x = (struct agw_http_xfer *)(void *)priv;
    if (x) finish_xfer(h, x, rc);
}

/* The earliest read deadline of the running transfers, or 0 when none has one. */
static int64_t next_deadline(const struct agw_http *h)
{
    int64_t next = 0;
    for (const struct agw_http_xfer *x = h->running; x; x = x->next_run)
        if (x->read_deadline_us > 0 && (next == 0 || x->read_deadline_us < next))
            next = x->read_deadline_us;
    return next;
}

/* Fails, as a read timeout, every transfer connected longer ago than its read timeout
 * without a complete answer. Returns how many. */
static int expire_reads(struct agw_http *h)
{
    int n = 0;
    int64_t now = agw_clock_mono_us();
    struct agw_http_xfer *x = h->running, *next;
    for (; x; x = next) {
        next = x->next_run;
        if (x->read_deadline_us > 0 && now >= x->read_deadline_us) {
            finish_xfer(h, x, CURLE_OPERATION_TIMEDOUT);
            n++;
        }
    }
    return n;
}

int agw_http_poll(struct agw_http *h, int timeout_ms, struct agw_err *err)
{
    return agw_http_poll_fds(h, timeout_ms, NULL, 0, err);
}

#define MAX_EXTRA_FDS 16

/* Moves the transfers libcurl has finished to the done list; how many. */
static int collect(struct agw_http *h)
{
    int n = 0, left;
    CURLMsg *m;
    while ((m = h->api.multi_info_read(h->multi, &left))) {
        if (m->msg != CURLMSG_DONE) continue;
        finish(h, m->easy_handle, m->data.result);
        n++;
    }
    return n;
}

/* Which of fds are readable or closed now. Asked with poll(2) rather than read from
 * libcurl's revents, which carry no POLLHUP: a pipe whose writer has gone, with nothing left
 * to read, would never look ready and the loop would spin on it. */
static void mark_ready(struct agw_http_fd *fds, size_t nfds)
{
    struct pollfd pf[MAX_EXTRA_FDS];
    for (size_t i = 0; i < nfds; i++)
        pf[i] = (struct pollfd){.fd = fds[i].fd, .events = POLLIN};
    int n;
    do
        n = poll(pf, (nfds_t)nfds, 0);
    while (n < 0 && errno == EINTR);
    for (size_t i = 0; i < nfds; i++)
        fds[i].ready = n > 0 && pf[i].revents != 0;
}

int agw_http_poll_fds(struct agw_http *h, int timeout_ms, struct agw_http_fd *fds, size_t nfds,
                      struct agw_err *err)
{
    int running = 0, finished = 0;
    struct curl_waitfd extra[MAX_EXTRA_FDS];
    if (nfds > MAX_EXTRA_FDS) {
        agw_err_set(err, AGW_ERR_NETWORK, "InternalError",
                    "transport: %zu descriptors to watch, at most %d", nfds, MAX_EXTRA_FDS);
        return -1;
    }
    for (size_t i = 0; i < nfds; i++) {
        extra[i].fd = fds[i].fd;
        extra[i].events = CURL_WAIT_POLLIN;
        extra[i].revents = 0;
        fds[i].ready = 0;
    }
    int64_t deadline = next_deadline(h);
    if (deadline > 0 && timeout_ms > 0) {
        int64_t left_ms = (deadline - agw_clock_mono_us() + 999) / 1000;
        if (left_ms < timeout_ms) timeout_ms = left_ms > 0 ? (int)left_ms : 0;
    }
    CURLMcode mc = h->api.multi_perform(h->multi, &running);
    if (mc == CURLM_OK) finished = collect(h);
    /* wait only when nothing is done yet; with descriptors to watch, also when no transfer
     * runs (curl_multi_poll then waits on them alone) */
    if (mc == CURLM_OK && finished == 0 && timeout_ms > 0 && (running > 0 || nfds > 0)) {
        mc = h->api.multi_poll(h->multi, nfds ? extra : NULL, (unsigned)nfds, timeout_ms, NULL);
        if (mc == CURLM_OK) mc = h->api.multi_perform(h->multi, &running);
        if (mc == CURLM_OK) finished = collect(h);
    }
    if (mc != CURLM_OK) {
        agw_err_set(err, AGW_ERR_NETWORK, "InternalError", "transport failure: %s",
                    h->api.multi_strerror(mc));
        return -1;
    }
    if (nfds > 0) mark_ready(fds, nfds);
    if (deadline > 0) finished += expire_reads(h);
    return finished;
}

struct agw_http_xfer *agw_http_next_done(struct agw_http *h)
{
    struct agw_http_xfer *x = h->done_head;
    if (!x) return NULL;
    h->done_head = x->next_done;
    if (!h->done_head) h->done_tail = NULL;
    x->next_done = NULL;
    x->collected = 1;
    h->pending--;
    return x;
}

int agw_http_pending(const struct agw_http *h)
{
    return h->pending;
}

int agw_http_xfer_done(const struct agw_http_xfer *x)
{
    return x->done;
}

void *agw_http_xfer_ud(const struct agw_http_xfer *x)
{
    return x->ud;
}

struct agw_http_result *agw_http_xfer_result(struct agw_http_xfer *x)
{
    return &x->res;
}
