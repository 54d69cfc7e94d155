#ifndef AGW_EMU_ACTIONS_H
#define AGW_EMU_ACTIONS_H

#include <stddef.h>

/* The names of the actions the model serves (the table of actions.c), by index, so that
 * per-action settings of the seed (behaviour.qps_per_user) can be checked and stored in an
 * array. */

#define AGW_EMU_ACTIONS_MAX 32

/* How many actions there are (at most AGW_EMU_ACTIONS_MAX). */
size_t agw_emu_action_count(void);
/* The name of action i, NULL past the end. */
const char *agw_emu_action_name(size_t i);
/* The index of the action called name, or -1 when the model does not serve it. */
int agw_emu_action_index(const char *name);

#endif
