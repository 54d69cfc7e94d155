#ifndef AGW_EMULATE_H
#define AGW_EMULATE_H

#include "err.h"

struct agw_emu_server;

/* apigw-lua --emulate: an apigw-emulator on its own thread, on 127.0.0.1 and a free port. */
struct agw_emulate {
    struct agw_emu_server *server;
    const char *url;    /* owned by the server */
    const char *key_id; /* the seed's first AccessKey, owned by the server */
    const char *key_secret;
};

/* Starts it with the seed file (NULL: the built-in seed). Returns 0, or -1 with err
 * (AGW_ERR_CONFIG for an unreadable or invalid seed). */
int agw_emulate_start(struct agw_emulate *e, const char *seed_path, struct agw_err *err);
void agw_emulate_stop(struct agw_emulate *e);

#endif
