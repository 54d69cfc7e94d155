#ifndef AGW_EMU_REQLOG_H
#define AGW_EMU_REQLOG_H

#include <stdint.h>

#include "err.h"
#include "params.h"

/* The request log (--log FILE): one JSON object per line, appended and flushed per line:
 * {"time":"2024-05-01T12:00:00.123Z","method":"POST","action":"SetDomain","scheme":"v3",
 *  "verified":true,"access_key_id":"testid","params":{...},"status":200,"code":null,"us":412}
 * params never hold a secret: Signature is dropped and every other secret parameter
 * (agw_emu_param_secret: SecurityToken, CertificatePrivateKey...) is written as "***".
 * The file is created 0600. Thread-safe. */

struct agw_emu_reqlog;

struct agw_emu_reqlog_entry {
    int64_t wall_ms; /* when the request arrived */
    const char *method;
    const char *action; /* NULL: unknown */
    const char *scheme; /* "rpc", "v3" or NULL */
    int verified;
    const char *access_key_id;       /* NULL or "": none presented */
    const struct agw_params *params; /* may be NULL */
    int status;                      /* 0: no answer (connection reset) */
    const char *code;                /* NULL on success */
    int64_t us;                      /* time from the request's headers to the answer */
};

/* Opens path for appending. Returns 0, or -1 with err filled (code "Emulator.Log"). */
int agw_emu_reqlog_open(const char *path, struct agw_emu_reqlog **out, struct agw_err *err);
void agw_emu_reqlog_close(struct agw_emu_reqlog *l);
void agw_emu_reqlog_write(struct agw_emu_reqlog *l, const struct agw_emu_reqlog_entry *e);

#endif
