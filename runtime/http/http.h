#ifndef AGW_HTTP_H
#define AGW_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* The transport: libcurl's multi interface, connections kept alive and reused.
 * One agw_http per Lua state. Transfers are started, the loop is driven with
 * agw_http_poll, and finished transfers are collected with agw_http_next_done, so that
 * the caller (the Lua scheduler) resumes coroutines outside any libcurl callback.
 * Only this layer sees curl.h. Not thread-safe. */

struct agw_http;
struct agw_http_xfer;

struct agw_http_opts {
    long connect_timeout_ms; /* 0: 5000 */
    long read_timeout_ms;    /* 0: 10000; the time allowed after connecting */
    const char *ca_bundle;   /* NULL: the system's */
    int insecure;            /* 1: no TLS peer or host verification */
    size_t max_response;     /* 0: 8 MiB; a longer answer fails with InvalidResponse */
    int max_connections;     /* 0: 256 */
};

/* One request. Header lines are "Name: value"; the transport adds nothing that is signed:
 * it removes libcurl's own Content-Type and Expect on a POST. */
struct agw_http_request {
    const char *method; /* "GET", "POST" or "PUT" (PUT sends body like POST) */
    const char *url;
    const char *const *headers; /* NULL-terminated array of "Name: value", may be NULL */
    const char *body;           /* POST body, may be NULL */
    size_t body_len;
    long connect_timeout_ms; /* 0: the agw_http default */
    long read_timeout_ms;    /* 0: the agw_http default */
    long total_timeout_ms;   /* 0: connect + read; else the whole transfer's limit */
    const char *ca_bundle;   /* NULL: the agw_http default */
    int insecure;            /* -1: the agw_http default; 0 verify; 1 don't */
    int secret;              /* 1: the URL, headers or body carry a secret (a security
                                token): the transport's copies are wiped when freed */
    int no_proxy;            /* 1: never through a proxy (the instance metadata service) */
};

/* What came back. On a transport failure err.kind is AGW_ERR_NETWORK with code "connect",
 * "timeout", "tls", "closed" or "InvalidResponse", and status is 0. */
struct agw_http_result {
    long status;
    struct agw_buf body;
    char retry_after[32]; /* x-acs-retry-after, "" when absent */
    char date[64];        /* Date, "" when absent */
    struct agw_err err;
    int64_t elapsed_us;
};

/* Creates the transport (loading libcurl on first use: see curlapi.h). Returns 0, or -1 with err.
 * Free with agw_http_free. */
int agw_http_new(struct agw_http **out, const struct agw_http_opts *opts, struct agw_err *err);
/* Aborts the transfers still running and frees every transfer of h, whatever its state
 * (running, finished, collected): pointers to them are invalid afterwards. Then frees h.
 * NULL is a no-op. */
void agw_http_free(struct agw_http *h);

/* The User-Agent sent: "apigw-lua/<version> (<os>; <arch>) libcurl/<version>". */
const char *agw_http_user_agent(const struct agw_http *h);

/* Starts a transfer and returns it (owned by h until agw_http_xfer_free or agw_http_free),
 * or NULL with err.
 * ud is the caller's tag for the transfer. The request's strings are copied. */
struct agw_http_xfer *agw_http_start(struct agw_http *h, const struct agw_http_request *req,
                                     void *ud, struct agw_err *err);
/* Drives transfers for at most timeout_ms (0: don't wait). Returns the number of
 * transfers that finished, or -1 with err on a multi-interface failure. */
int agw_http_poll(struct agw_http *h, int timeout_ms, struct agw_err *err);

/* A descriptor that is not a transfer's, watched by the same wait (an External credential
 * helper's pipe): the loop wakes when it is readable or closed, as for a transfer, instead
 * of sleeping and looking again. ready is set to 1 then (0 otherwise). */
struct agw_http_fd {
    int fd;
    int ready;
};

/* agw_http_poll that also waits on fds[0..nfds) (libcurl's extra_fds), also when no transfer
 * runs. */
int agw_http_poll_fds(struct agw_http *h, int timeout_ms, struct agw_http_fd *fds, size_t nfds,
                      struct agw_err *err);
/* A finished transfer not yet collected, or NULL. */
struct agw_http_xfer *agw_http_next_done(struct agw_http *h);
/* How many transfers are started and not yet collected. */
int agw_http_pending(const struct agw_http *h);
int agw_http_xfer_done(const struct agw_http_xfer *x);
void *agw_http_xfer_ud(const struct agw_http_xfer *x);
/* The result of a finished transfer; owned by the transfer. */
struct agw_http_result *agw_http_xfer_result(struct agw_http_xfer *x);
/* Releases a transfer (aborting it if still running; it then never shows up in
 * agw_http_next_done). NULL is a no-op. */
void agw_http_xfer_free(struct agw_http *h, struct agw_http_xfer *x);

/* For tests: how many new connections libcurl opened so far (keep-alive check). */
long agw_http_connects(const struct agw_http *h);

#endif
