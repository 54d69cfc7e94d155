#include "modelint.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "dnscheck.h"
#include "issued.h"
#include "persist.h"

/* Creates the seed's groups in an empty store. Returns 0 or -1 (err filled). */
static int plant_seed_groups(struct agw_emu_model *m, struct agw_err *err)
{
    int64_t now = (int64_t)agw_clock_now();
    for (size_t i = 0; i < m->seed.ngroups; i++) {
        const struct agw_emu_seed_group *sg = &m->seed.groups[i];
        if (!agw_emu_group_add(&m->store, sg->group_id, sg->name,
                               sg->region ? sg->region : m->region, sg->account, sg->description,
                               sg->base_path, now)) {
            agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory",
                        "seed: cannot create group '%s' (out of memory or no random source)",
                        sg->name);
            return -1;
        }
    }
    return 0;
}

int agw_emu_model_open(struct agw_emu_model **out, const char *seed_json, size_t seed_len,
                       const char *state_path, const char *region, struct agw_err *err)
{
    *out = NULL;
    struct agw_emu_model *m = calloc(1, sizeof *m);
    if (!m) {
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "emulator model: out of memory");
        return -1;
    }
    agw_emu_store_init(&m->store);
    if (!seed_json) {
        seed_json = agw_emu_default_seed();
        seed_len = strlen(seed_json);
    }
    if (agw_emu_seed_parse(&m->seed, seed_json, seed_len, err) != 0) {
        free(m);
        return -1;
    }
    m->region = strdup(region && *region ? region : "cn-hangzhou");
    m->state_path = state_path ? strdup(state_path) : NULL;
    if (!m->region || (state_path && !m->state_path)) {
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "emulator model: out of memory");
        goto fail;
    }
    if (m->state_path) {
        int rc = agw_emu_persist_load(&m->store, m->state_path, err);
        if (rc < 0) goto fail;
        if (rc == 1) {
            /* First start: plant the seed and write it at once, so that generated
             * GroupIds survive a restart that happens before any write. */
            if (plant_seed_groups(m, err) != 0) goto fail;
            if (agw_emu_persist_save(&m->store, m->state_path, err) != 0) {
                err->kind = AGW_ERR_CONFIG;
                goto fail;
            }
        }
    } else if (plant_seed_groups(m, err) != 0)
        goto fail;
    *out = m;
    return 0;
fail:
    agw_emu_model_free(m);
    return -1;
}

void agw_emu_model_free(struct agw_emu_model *m)
{
    if (!m) return;
    agw_emu_store_free(&m->store);
    agw_emu_seed_free(&m->seed);
    agw_emu_issued_free(&m->issued);
    free(m->region);
    free(m->state_path);
    free(m);
}

const struct agw_emu_key *agw_emu_model_key(const struct agw_emu_model *m, const char *id)
{
    if (!m || !id) return NULL;
    const struct agw_emu_key *k = agw_emu_hmap_get(&m->seed.key_index, id);
    return k ? k : agw_emu_model_issued_key(m, id);
}

const struct agw_emu_key *agw_emu_model_first_key(const struct agw_emu_model *m)
{
    return m && m->seed.nkeys ? &m->seed.keys[0] : NULL;
}

int agw_emu_model_dns(const struct agw_emu_model *m, const char *name,
                      struct agw_emu_dns_answer *out)
{
    const struct agw_emu_dns_record *r = agw_emu_dns_lookup(&m->seed, name);
    if (!r) return 0;
    out->cname = r->cname;
    out->txt = (const char *const *)r->txt;
    out->ntxt = r->ntxt;
    return 1;
}

double agw_emu_model_qps(const struct agw_emu_model *m, const char *action)
{
    return agw_emu_qps_of(&m->seed.beh.qps, action);
}
