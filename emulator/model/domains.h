#ifndef AGW_EMU_DOMAINS_H
#define AGW_EMU_DOMAINS_H

#include "modelint.h"

/* Custom-domain actions (docs/service-behaviour.md, Part B 2.1-2.8). Each is an agw_emu_action_fn.
 */
int agw_emu_set_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                       const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_describe_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                            const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_delete_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                          const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_set_domain_websocket_status(struct agw_emu_model *m, const struct agw_emu_key *key,
                                        const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_reactivate_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                              const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_set_domain_certificate(struct agw_emu_model *m, const struct agw_emu_key *key,
                                   const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_set_wildcard_domain_patterns(struct agw_emu_model *m, const struct agw_emu_key *key,
                                         const struct agw_params *p, struct agw_emu_answer *ans);
int agw_emu_delete_domain_certificate(struct agw_emu_model *m, const struct agw_emu_key *key,
                                      const struct agw_params *p, struct agw_emu_answer *ans);

/* The binding of DomainName in group g (case-insensitive); NULL when it is not bound there. */
struct agw_emu_binding *agw_emu_bound_in(const struct agw_emu_model *m,
                                         const struct agw_emu_group *g, const char *domain);
/* Answers NotFoundDomain with the given status. Returns 0. */
int agw_emu_no_domain(const struct agw_params *p, int status, struct agw_emu_answer *ans);

#endif
