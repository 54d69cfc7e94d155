#include "server.h"
#include "mhdapi.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "clock.h"
#include "file.h"
#include "handle.h"
#include "wipe.h"

#define BODY_MAX ((size_t)1024 * 1024)
#define TLS_FILE_MAX ((size_t)1024 * 1024)

/* One HTTP request: created by the URI callback (the only place that sees the raw, undecoded
 * URI), freed by the completion callback. */
struct req {
    struct agw_emu_server *s;
    struct MHD_Connection *conn;
    char *raw_uri;
    char method[16];
    int hook;     /* /__emulator/...: not an API request, not counted */
    int started;  /* the access handler has seen the headers */
    int answered; /* out holds the answer */
    int pending;  /* suspended until the slow fault's delay is over */
    int64_t t0_us, wall_ms;
    struct agw_params headers;
    struct agw_buf body;
    int too_large;
    struct agw_emu_outcome out;
    struct req *dnext; /* delay queue */
    int64_t due_ms;
};

struct agw_emu_server {
    struct agw_mhd_api mhd; /* libmicrohttpd, loaded for this server */
    struct agw_emu_ctx ctx;
    struct MHD_Daemon *d;
    uint16_t port;
    char url[320];
    struct sockaddr_storage addr;
    char *tls_cert, *tls_key;
    size_t tls_key_len;
    /* The slow fault: connections suspended in a FIFO (every delay is the same, so FIFO order
     * is deadline order), resumed by one timer thread. */
    pthread_t timer;
    int timer_started;
    pthread_mutex_t dmu;
    pthread_cond_t dcv;
    struct req *dhead, *dtail;
    int stopping;
    _Atomic int64_t delayed;
};

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct req *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->raw_uri = strdup(uri ? uri : "/");
    if (!r->raw_uri) {
        free(r);
        return NULL;
    }
    r->s = cls;
    r->conn = c;
    r->hook = strncmp(r->raw_uri, "/__emulator/", 12) == 0;
    agw_params_init(&r->headers);
    agw_buf_init(&r->body, BODY_MAX);
    agw_emu_outcome_init(&r->out);
    return r;
}

static void req_free(struct req *r)
{
    free(r->raw_uri);
    agw_params_free(&r->headers);
    agw_buf_free(&r->body);
    agw_emu_outcome_free(&r->out);
    free(r);
}

static void log_request(struct agw_emu_server *s, const struct req *r)
{
    const struct agw_emu_outcome *o = &r->out;
    struct agw_emu_reqlog_entry e = {
        .wall_ms = r->wall_ms,
        .method = r->method,
        .action = o->action[0] ? o->action : NULL,
        .scheme = o->scheme,
        .verified = o->verified,
        .access_key_id = o->key_id,
        .params = &o->params,
        .status = (r->answered && o->kind == AGW_EMU_SEND) ? o->status : 0,
        .code = r->answered ? (o->code[0] ? o->code : NULL) : "NoAnswer",
        .us = agw_clock_mono_us() - r->t0_us};
    agw_emu_reqlog_write(s->ctx.log, &e);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    struct agw_emu_server *s = cls;
    struct req *r = *req_cls;
    if (!r) return;
    if (r->started && !r->hook) {
        if (s->ctx.log) log_request(s, r);
        atomic_fetch_sub(&s->ctx.inflight, 1);
    }
    req_free(r);
    *req_cls = NULL;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    return agw_params_add(cls, key, value ? value : "") == 0 ? MHD_YES : MHD_NO;
}

static enum MHD_Result send_outcome(struct agw_emu_server *s, struct MHD_Connection *c,
                                    struct req *r)
{
    const struct agw_emu_outcome *o = &r->out;
    if (o->kind == AGW_EMU_RESET) {
        /* Close with no answer; linger 0 turns the close into a TCP reset. */
        const union MHD_ConnectionInfo *ci =
            s->mhd.get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci) {
            struct linger l = {.l_onoff = 1, .l_linger = 0};
            setsockopt(ci->connect_fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        }
        return MHD_NO;
    }
    struct MHD_Response *resp =
        s->mhd.create_response_from_buffer(o->body.len, o->body.data, MHD_RESPMEM_MUST_COPY);
    if (!resp) return MHD_NO;
    enum MHD_Result ok = s->mhd.add_response_header(resp, "Content-Type", o->content_type);
    if (ok == MHD_YES && !o->hook)
        ok = s->mhd.add_response_header(resp, "x-acs-request-id", o->request_id);
    if (ok == MHD_YES && o->retry_after[0])
        ok = s->mhd.add_response_header(resp, "x-acs-retry-after", o->retry_after);
    if (ok == MHD_YES) ok = s->mhd.queue_response(c, (unsigned)o->status, resp);
    s->mhd.destroy_response(resp);
    return ok;
}

static void delay(struct agw_emu_server *s, struct req *r, unsigned ms)
{
    r->pending = 1;
    r->due_ms = agw_clock_mono_ms() + ms;
    r->dnext = NULL;
    atomic_fetch_add(&s->delayed, 1);
    s->mhd.suspend_connection(r->conn);
    pthread_mutex_lock(&s->dmu);
    if (s->dtail)
        s->dtail->dnext = r;
    else
        s->dhead = r;
    s->dtail = r;
    pthread_cond_signal(&s->dcv);
    pthread_mutex_unlock(&s->dmu);
}

static void *timer_main(void *arg)
{
    struct agw_emu_server *s = arg;
    pthread_mutex_lock(&s->dmu);
    for (;;) {
        if (!s->dhead) {
            if (s->stopping) break;
            pthread_cond_wait(&s->dcv, &s->dmu);
            continue;
        }
        int64_t now = agw_clock_mono_ms();
        if (!s->stopping && s->dhead->due_ms > now) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            int64_t wait = s->dhead->due_ms - now;
            ts.tv_sec += (time_t)(wait / 1000);
            ts.tv_nsec += (long)(wait % 1000) * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&s->dcv, &s->dmu, &ts);
            continue;
        }
        struct req *r = s->dhead;
        s->dhead = r->dnext;
        if (!s->dhead) s->dtail = NULL;
        struct MHD_Connection *c = r->conn; /* r may be freed as soon as c is resumed */
        pthread_mutex_unlock(&s->dmu);
        s->mhd.resume_connection(c);
        pthread_mutex_lock(&s->dmu);
    }
    pthread_mutex_unlock(&s->dmu);
    return NULL;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_size, void **req_cls)
{
    (void)url;
    (void)version;
    struct agw_emu_server *s = cls;
    struct req *r = *req_cls;
    if (!r) return MHD_NO; /* out of memory in on_uri */
    if (!r->started) {
        r->started = 1;
        r->t0_us = agw_clock_mono_us();
        r->wall_ms = agw_clock_wall_ms();
        snprintf(r->method, sizeof r->method, "%s", method);
        if (!r->hook) {
            int64_t n = atomic_fetch_add(&s->ctx.inflight, 1) + 1;
            int64_t peak = atomic_load(&s->ctx.peak_inflight);
            while (n > peak && !atomic_compare_exchange_weak(&s->ctx.peak_inflight, &peak, n)) {
            }
        }
        return MHD_YES;
    }
    if (r->pending) { /* resumed after the slow fault's delay */
        r->pending = 0;
        atomic_fetch_sub(&s->delayed, 1);
        return send_outcome(s, c, r);
    }
    if (*upload_size) {
        if (!r->too_large && agw_buf_append(&r->body, upload_data, *upload_size) != 0)
            r->too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    if (s->mhd.get_connection_values(c, MHD_HEADER_KIND, collect_header, &r->headers) < 0)
        return MHD_NO;
    struct agw_emu_request rq = {.method = r->method,
                                 .raw_uri = r->raw_uri,
                                 .headers = &r->headers,
                                 .body = r->body.data,
                                 .body_len = r->body.len,
                                 .body_too_large = r->too_large};
    agw_emu_handle(&s->ctx, &rq, &r->out);
    r->answered = 1;
    unsigned slow = agw_emu_faults_slow_ms(s->ctx.faults);
    if (slow && !r->out.hook) {
        agw_emu_faults_count_slow(s->ctx.faults);
        delay(s, r, slow);
        return MHD_YES;
    }
    return send_outcome(s, c, r);
}

/* A TLS certificate or key file, kept by the server for the daemon (which reads them as
 * strings). */
static int read_tls(const char *path, char **out, size_t *len, struct agw_err *err)
{
    struct agw_buf b;
    int err_no = 0;
    if (agw_file_read(path, TLS_FILE_MAX, &b, &err_no) != 0) {
        char why[128];
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Tls", "cannot read %s: %s", path,
                    agw_file_strerror(err_no, TLS_FILE_MAX, why, sizeof why));
        return -1;
    }
    *len = b.len;
    *out = agw_buf_take(&b);
    return 0;
}

/* The model, from the seed's text, its file or the built-in seed. */
static int open_model(struct agw_emu_server *s, const struct agw_emu_config *cfg,
                      const char *region, struct agw_err *err)
{
    if (cfg->seed_json || !cfg->seed_path)
        return agw_emu_model_open(&s->ctx.model, cfg->seed_json, cfg->seed_len, cfg->state_path,
                                  region, err);
    struct agw_buf seed;
    int err_no = 0;
    if (agw_file_read(cfg->seed_path, AGW_EMU_SEED_MAX, &seed, &err_no) != 0) {
        char why[128];
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidSeed", "cannot read seed file %s: %s",
                    cfg->seed_path, agw_file_strerror(err_no, AGW_EMU_SEED_MAX, why, sizeof why));
        return -1;
    }
    int rc = agw_emu_model_open(&s->ctx.model, seed.data, seed.len, cfg->state_path, region, err);
    agw_buf_wipe_free(&seed); /* AccessKey secrets */
    return rc;
}

static int resolve(const char *host, uint16_t port, struct sockaddr_storage *ss, int *v6,
                   struct agw_err *err)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0 || !res) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Listen", "cannot resolve listen address %s: %s",
                    host, gai_strerror(rc));
        return -1;
    }
    memset(ss, 0, sizeof *ss);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    if (*v6)
        ((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
    else
        ((struct sockaddr_in *)ss)->sin_port = htons(port);
    return 0;
}

/* The pool: one polling thread per CPU (epoll), which measured fastest on 2 cores. */
static unsigned pool_size(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > 16) n = 16;
    return (unsigned)n;
}

static void free_server(struct agw_emu_server *s)
{
    agw_emu_model_free(s->ctx.model);
    agw_emu_nonce_free(s->ctx.nonces);
    agw_emu_faults_free(s->ctx.faults);
    agw_emu_quota_free(s->ctx.quota);
    agw_emu_reqlog_close(s->ctx.log);
    free(s->tls_cert);
    agw_wipe_free_n(s->tls_key, s->tls_key_len);
    pthread_mutex_destroy(&s->ctx.model_mu);
    pthread_mutex_destroy(&s->dmu);
    pthread_cond_destroy(&s->dcv);
    agw_mhd_api_unload(&s->mhd);
    free(s);
}

int agw_emu_server_start(const struct agw_emu_config *cfg, struct agw_emu_server **out,
                         struct agw_err *err)
{
    *out = NULL;
    struct agw_emu_server *s = calloc(1, sizeof *s);
    if (!s) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Memory", "out of memory");
        return -1;
    }
    pthread_mutex_init(&s->ctx.model_mu, NULL);
    pthread_mutex_init(&s->dmu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->dcv, &ca);
    pthread_condattr_destroy(&ca);
    const char *host = cfg->listen_host && *cfg->listen_host ? cfg->listen_host : "127.0.0.1";
    const char *region = cfg->region && *cfg->region ? cfg->region : "cn-hangzhou";
    snprintf(s->ctx.region, sizeof s->ctx.region, "%s", region);
    s->ctx.fixed_clock = cfg->fixed_clock;
    int tls = cfg->tls_cert_path || cfg->tls_key_path;
    int v6 = 0;
    if (agw_mhd_api_load(&s->mhd, err) != 0) goto fail;

    if (agw_emu_faults_parse(cfg->fault_spec, cfg->fault_seed, &s->ctx.faults, err) != 0) goto fail;
    if (tls) {
        size_t cert_len;
        if (!cfg->tls_cert_path || !cfg->tls_key_path) {
            agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Tls",
                        "TLS needs both a certificate and a key file");
            goto fail;
        }
        if (s->mhd.is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Tls",
                        "TLS was requested but this libmicrohttpd was built without TLS support");
            goto fail;
        }
        if (read_tls(cfg->tls_cert_path, &s->tls_cert, &cert_len, err) != 0 ||
            read_tls(cfg->tls_key_path, &s->tls_key, &s->tls_key_len, err) != 0)
            goto fail;
    }
    if (resolve(host, cfg->port, &s->addr, &v6, err) != 0) goto fail;
    s->ctx.nonces = agw_emu_nonce_new(0, 0);
    if (!s->ctx.nonces) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Memory", "out of memory (nonce cache)");
        goto fail;
    }
    if (cfg->log_path && agw_emu_reqlog_open(cfg->log_path, &s->ctx.log, err) != 0) goto fail;
    if (open_model(s, cfg, region, err) != 0) goto fail;
    s->ctx.quota = agw_emu_quota_new();
    if (!s->ctx.quota) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Memory", "out of memory (quota)");
        goto fail;
    }

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    flags |=
        s->mhd.is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
    if (tls) flags |= MHD_USE_TLS;
    if (v6) flags |= MHD_USE_IPv6;
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_SOCK_ADDR, 0, &s->addr},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, s},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s},
        {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)pool_size(), NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, 120, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, 4000, NULL},
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, s->tls_cert},
        {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, s->tls_key},
        {MHD_OPTION_END, 0, NULL}};
    s->d = s->mhd.start_daemon(flags, cfg->port, NULL, NULL, on_access, s, MHD_OPTION_ARRAY, opts,
                               MHD_OPTION_END);
    if (!s->d) {
        agw_err_set(err, AGW_ERR_NETWORK, "Emulator.Listen",
                    "cannot listen on %s port %u%s (address in use, or a bad TLS certificate/key)",
                    host, (unsigned)cfg->port, tls ? " with TLS" : "");
        goto fail;
    }
    const union MHD_DaemonInfo *di = s->mhd.get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : cfg->port;
    snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u", tls ? "https" : "http", v6 ? "[" : "", host,
             v6 ? "]" : "", (unsigned)s->port);
    if (pthread_create(&s->timer, NULL, timer_main, s) != 0) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Memory", "cannot start the timer thread");
        goto fail;
    }
    s->timer_started = 1;
    *out = s;
    return 0;
fail:
    if (s->d) s->mhd.stop_daemon(s->d);
    free_server(s);
    return -1;
}

uint16_t agw_emu_server_port(const struct agw_emu_server *s)
{
    return s->port;
}

const char *agw_emu_server_url(const struct agw_emu_server *s)
{
    return s->url;
}

const char *agw_emu_server_key_id(const struct agw_emu_server *s)
{
    const struct agw_emu_key *k = agw_emu_model_first_key(s->ctx.model);
    return k ? k->id : NULL;
}

const char *agw_emu_server_key_secret(const struct agw_emu_server *s)
{
    const struct agw_emu_key *k = agw_emu_model_first_key(s->ctx.model);
    return k ? k->secret : NULL;
}

void agw_emu_server_stats(const struct agw_emu_server *s, struct agw_emu_stats *st)
{
    agw_emu_ctx_stats(&s->ctx, st);
}

void agw_emu_server_stop(struct agw_emu_server *s)
{
    if (!s) return;
    /* Suspended connections must be resumed before the daemon stops: the timer thread resumes
     * every queued one at once when stopping, then we wait for their answers to be queued. */
    if (s->timer_started) {
        pthread_mutex_lock(&s->dmu);
        s->stopping = 1;
        pthread_cond_signal(&s->dcv);
        pthread_mutex_unlock(&s->dmu);
        pthread_join(s->timer, NULL);
    }
    for (int i = 0; i < 2000 && atomic_load(&s->delayed) > 0; i++)
        usleep(1000);
    if (s->d) s->mhd.stop_daemon(s->d);
    free_server(s);
}
