#ifndef AGW_EMU_GROUPS_H
#define AGW_EMU_GROUPS_H

#include "modelint.h"

/* API group actions (docs/service-behaviour.md, Part B 2.9-2.13). Each is an agw_emu_action_fn. */
int agw_emu_create_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                             const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_describe_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                               const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_describe_api_groups(struct agw_emu_model *m, const struct agw_emu_key *key,
                                const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_modify_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                             const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_delete_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                             const struct agw_params *p, struct agw_emu_answer *ans);

/* The optional string attributes ModifyApiGroup stores and DescribeApiGroup returns
 * (NULL-terminated); persisted by name in group->attrs. */
extern const char *const agw_emu_group_attr_names[];

#endif
