#include "seedqps.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define QPS_MAX 1000000.0
#define SEED_FAIL(err, ...) agw_err_set((err), AGW_ERR_CONFIG, "InvalidSeed", __VA_ARGS__)

void agw_emu_qps_init(struct agw_emu_qps_limits *q)
{
    q->fallback = 0;
    for (size_t i = 0; i < AGW_EMU_ACTIONS_MAX; i++)
        q->per_action[i] = -1;
}

/* "default, CreateApiGroup, ...": what a key may be, for the message refusing another. */
static void allowed_keys(char *out, size_t n)
{
    snprintf(out, n, "default");
    for (size_t i = 0; agw_emu_action_name(i); i++) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, ", %s", agw_emu_action_name(i));
    }
}

int agw_emu_qps_parse(struct agw_emu_qps_limits *q, const cJSON *v, struct agw_err *err)
{
    if (!cJSON_IsObject(v)) {
        SEED_FAIL(err, "seed: behaviour.qps_per_user must be an object such as "
                       "{\"default\": 50, \"SetDomain\": 20}");
        return -1;
    }
    for (const cJSON *c = v->child; c; c = c->next) {
        int idx = strcmp(c->string, "default") == 0 ? -2 : agw_emu_action_index(c->string);
        if (idx == -1) {
            char list[600];
            allowed_keys(list, sizeof list);
            SEED_FAIL(err, "seed: unknown key '%.64s' in behaviour.qps_per_user (allowed: %s)",
                      c->string, list);
            return -1;
        }
        /* A rate, not a count: 0.5 (one call every two seconds) is a valid quota. */
        if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble) || c->valuedouble < 0 ||
            c->valuedouble > QPS_MAX) {
            SEED_FAIL(err,
                      "seed: behaviour.qps_per_user.%s must be a number of calls per second from "
                      "0 (no limit) to %.0f",
                      c->string, QPS_MAX);
            return -1;
        }
        if (idx == -2)
            q->fallback = c->valuedouble;
        else
            q->per_action[idx] = c->valuedouble;
    }
    return 0;
}

double agw_emu_qps_of(const struct agw_emu_qps_limits *q, const char *action)
{
    int idx = action ? agw_emu_action_index(action) : -1;
    if (idx < 0) return 0;
    return q->per_action[idx] >= 0 ? q->per_action[idx] : q->fallback;
}
