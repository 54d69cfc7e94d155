#ifndef AGW_EMU_SERVER_H
#define AGW_EMU_SERVER_H

#include <stdint.h>

#include "err.h"

/* The emulator's HTTP front (libmicrohttpd): wire parsing, signature verification,
 * timestamp window, nonce replay, faults, request log, JSON/XML rendering. Used by the
 * apigw-emulator program and embedded in apigw-lua --emulate. */

struct agw_emu_server;

struct agw_emu_config {
    const char *listen_host;   /* default "127.0.0.1" */
    uint16_t port;             /* 0 picks a free port */
    const char *region;        /* default "cn-hangzhou" */
    const char *seed_json;     /* NULL: built-in seed */
    size_t seed_len;
    const char *state_path;    /* NULL: in memory only */
    const char *fault_spec;    /* NULL: no faults; e.g. "throttle:10,5xx:p0.1" */
    uint64_t fault_seed;
    const char *log_path;      /* NULL: no request log */
    const char *tls_cert_path; /* both or neither */
    const char *tls_key_path;
    int64_t fixed_clock;       /* test only: when non-zero, the server's "now" (epoch s) */
};

/* Starts serving in background thread(s). On success *out is running and
 * agw_emu_server_port() tells the bound port. On failure returns -1 with err filled. */
int agw_emu_server_start(const struct agw_emu_config *cfg, struct agw_emu_server **out,
                         struct agw_err *err);
uint16_t agw_emu_server_port(const struct agw_emu_server *s);
/* "http://127.0.0.1:PORT" (or https), owned by the server. */
const char *agw_emu_server_url(const struct agw_emu_server *s);
/* The first AccessKey of the seed, for the embedded mode. Owned by the server. */
const char *agw_emu_server_key_id(const struct agw_emu_server *s);
const char *agw_emu_server_key_secret(const struct agw_emu_server *s);
/* Stops serving, closes connections, frees everything. NULL is a no-op. */
void agw_emu_server_stop(struct agw_emu_server *s);

#endif
