#ifndef AGW_EMU_SERVER_H
#define AGW_EMU_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The emulator's HTTP front (libmicrohttpd): wire parsing, signature verification,
 * timestamp window, nonce replay, faults, request log, JSON/XML rendering. Used by the
 * apigw-emulator program and embedded in apigw-lua --emulate. */

struct agw_emu_server;

struct agw_emu_config {
    const char *listen_host; /* default "127.0.0.1" */
    uint16_t port;           /* 0 picks a free port */
    const char *region;      /* default "cn-hangzhou" */
    const char *seed_json;   /* the seed's text; NULL: seed_path, else the built-in seed */
    size_t seed_len;
    const char *seed_path;  /* read when seed_json is NULL (at most AGW_EMU_SEED_MAX bytes) */
    const char *state_path; /* NULL: in memory only */
    const char *fault_spec; /* NULL: no faults; e.g. "throttle:10,5xx:p0.1" */
    uint64_t fault_seed;
    const char *log_path;      /* NULL: no request log */
    const char *tls_cert_path; /* both or neither */
    const char *tls_key_path;
    int64_t fixed_clock; /* test only: when non-zero, the server's "now" (epoch s) */
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
/* Counters for tests and benchmarks (also served, unsigned, by GET /__emulator/stats on the
 * same port, as JSON {requests, inflight, peak_inflight, faults:{throttle, 5xx, reset, garbage,
 * slow}, nonces, quota_refused}). A request is in flight from its headers' arrival to the end of
 * its answer, slow-delayed ones included. */
struct agw_emu_stats {
    uint64_t requests; /* API requests received (the stats hook is not counted) */
    uint64_t inflight;
    uint64_t peak_inflight;
    uint64_t throttle, unavailable, reset, garbage, slow; /* faults injected */
    uint64_t nonces;                                      /* signature nonces remembered */
    uint64_t quota_refused; /* calls refused by the seed's qps_per_user (Throttling.User) */
};
void agw_emu_server_stats(const struct agw_emu_server *s, struct agw_emu_stats *out);

/* Failures of agw_emu_server_start: err->code starts with "Emulator." for the server's own
 * (Emulator.Listen, Emulator.Tls, Emulator.Fault, Emulator.Log, Emulator.Memory); any other
 * code comes from the model refusing its seed or state file (an unreadable seed file is
 * "InvalidSeed"). */

/* Stops serving, closes connections, frees everything. NULL is a no-op. */
void agw_emu_server_stop(struct agw_emu_server *s);

#endif
