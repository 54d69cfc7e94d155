#ifndef AGW_EMU_SEEDQPS_H
#define AGW_EMU_SEEDQPS_H

#include <cjson/cJSON.h>

#include "actions.h"
#include "err.h"

/* behaviour.qps_per_user: the management API's quota, calls per second per AccessKey and per
 * action (docs/emulator.md, "Quota"). {"default": 50, "DescribeApiGroup": 100}: "default"
 * applies to every action without its own entry; 0 means no limit. */
struct agw_emu_qps_limits {
    double fallback;                        /* "default"; 0: no limit */
    double per_action[AGW_EMU_ACTIONS_MAX]; /* by action index; < 0: use fallback */
};

/* No limit for any action. */
void agw_emu_qps_init(struct agw_emu_qps_limits *q);
/* Parses the object v (strict: an action the model does not serve is refused, naming it; a
 * value must be a number from 0 to 1000000). Returns 0, or -1 with err filled (InvalidSeed). */
int agw_emu_qps_parse(struct agw_emu_qps_limits *q, const cJSON *v, struct agw_err *err);
/* The limit for action (calls/s), 0 for none or for an action the model does not serve. */
double agw_emu_qps_of(const struct agw_emu_qps_limits *q, const char *action);

#endif
