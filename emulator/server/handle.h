#ifndef AGW_EMU_HANDLE_H
#define AGW_EMU_HANDLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "faults.h"
#include "model.h"
#include "nonce.h"
#include "params.h"
#include "quota.h"
#include "reqlog.h"
#include "server.h"

/* One API request, from bytes received to the answer to send: the wire parsing, the checks
 * (verify.h), nonce replay, faults, the model call and the rendering. No HTTP library here, so
 * the whole path is testable without sockets. */

/* State shared by all requests of one server. The server owns every pointer. */
struct agw_emu_ctx {
    struct agw_emu_model *model;
    pthread_mutex_t model_mu; /* the model is not thread-safe */
    struct agw_emu_nonce_cache *nonces;
    struct agw_emu_faults *faults;
    struct agw_emu_reqlog *log;  /* NULL: no request log */
    struct agw_emu_quota *quota; /* the seed's qps_per_user buckets; NULL: no quota */
    char region[64];
    int64_t fixed_clock;       /* 0: the real clock */
    _Atomic uint64_t requests; /* API requests received (the stats hook excluded) */
    _Atomic int64_t inflight;
    _Atomic int64_t peak_inflight;
    _Atomic int
        md_detached; /* the metadata twin's role detached (POST /__emulator/metadata/detach) */
};

/* A complete request. Strings borrowed. */
struct agw_emu_request {
    const char *method;
    const char *raw_uri;              /* as received: path and raw query */
    const struct agw_params *headers; /* as received */
    const char *body;
    size_t body_len;
    int body_too_large;
};

enum agw_emu_action_kind { AGW_EMU_SEND = 0, AGW_EMU_RESET };

/* The answer, and what the request log needs. Initialise with agw_emu_outcome_init, release
 * with agw_emu_outcome_free. */
struct agw_emu_outcome {
    enum agw_emu_action_kind kind;
    int status;
    const char *content_type;
    struct agw_buf body;
    char retry_after[24]; /* "" or the x-acs-retry-after value (ms) */
    char request_id[37];
    int hook; /* the stats hook answered (not an API request) */
    /* for the log */
    char code[64];      /* "" on success */
    const char *scheme; /* "rpc", "v3" or NULL */
    int verified;
    char action[64];
    char key_id[256];
    struct agw_params params; /* the merged parameters */
};

void agw_emu_outcome_init(struct agw_emu_outcome *o);
void agw_emu_outcome_free(struct agw_emu_outcome *o);

/* The server's "now" (epoch seconds). */
int64_t agw_emu_ctx_now(const struct agw_emu_ctx *x);

/* The counters of agw_emu_server_stats. */
void agw_emu_ctx_stats(const struct agw_emu_ctx *x, struct agw_emu_stats *s);

/* Handles one request. Never fails: internal trouble becomes an InternalError answer. */
void agw_emu_handle(struct agw_emu_ctx *x, const struct agw_emu_request *rq,
                    struct agw_emu_outcome *o);

#endif
