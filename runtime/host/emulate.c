#include "emulate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "server.h"

static int read_file(const char *path, struct agw_buf *out, struct agw_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidSeed", "cannot read seed file %s: %s", path,
                    strerror(errno));
        return -1;
    }
    char chunk[8192];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (agw_buf_append(out, chunk, n)) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidSeed", "seed file %s is too large", path);
            rc = -1;
            break;
        }
    }
    if (ferror(f)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidSeed", "cannot read seed file %s", path);
        rc = -1;
    }
    fclose(f);
    return rc;
}

int agw_emulate_start(struct agw_emulate *e, const char *seed_path, struct agw_err *err)
{
    memset(e, 0, sizeof *e);
    struct agw_buf seed;
    agw_buf_init(&seed, 16 * 1024 * 1024);
    if (seed_path && read_file(seed_path, &seed, err) != 0) {
        agw_buf_free(&seed);
        return -1;
    }
    struct agw_emu_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.listen_host = "127.0.0.1";
    cfg.port = 0;
    cfg.seed_json = seed_path ? agw_buf_str(&seed) : NULL;
    cfg.seed_len = seed.len;
    int rc = agw_emu_server_start(&cfg, &e->server, err);
    agw_buf_free(&seed);
    if (rc != 0) return -1;
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
