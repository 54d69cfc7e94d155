#include "emulate.h"

#include <string.h>

#include "server.h"

int agw_emulate_start(struct agw_emulate *e, const char *seed_path, struct agw_err *err)
{
    memset(e, 0, sizeof *e);
    struct agw_emu_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.listen_host = "127.0.0.1";
    cfg.port = 0;
    cfg.seed_path = seed_path; /* read by the server, with the emulator's own limit */
    if (agw_emu_server_start(&cfg, &e->server, err) != 0) return -1;
    e->url = agw_emu_server_url(e->server);
    e->key_id = agw_emu_server_key_id(e->server);
    e->key_secret = agw_emu_server_key_secret(e->server);
    return 0;
}

void agw_emulate_stop(struct agw_emulate *e)
{
    agw_emu_server_stop(e->server);
    e->server = NULL;
}
