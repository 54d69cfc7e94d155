#ifndef AGW_EMU_SEEDCRED_H
#define AGW_EMU_SEEDCRED_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "err.h"

/* What the credential twins know (seed keys "sts" and "metadata"):
 *   "sts": {"roles": ["acs:ram::<account>:role/<name>", ...],
 *           "oidc_providers": ["acs:ram::<account>:oidc-provider/<name>", ...],
 *           "duration_seconds": 3600}          (the longest lifetime issued; at least 60)
 *   "metadata": {"role": "apigw-deployer", "imdsv1": true, "imdsv2": true}
 *     (imdsv1 false: a request without a token is refused; imdsv2 false: the token
 *     endpoint is absent, as on an instance from before IMDSv2; not both false)
 * Without "sts", every role is unknown; without "metadata", the metadata paths answer 404
 * (as off ECS). Every string is owned by the struct. */
struct agw_emu_seed_creds {
    int has_sts;
    char **roles;
    size_t nroles;
    char **oidc_providers;
    size_t noidc;
    long duration_s; /* 3600 unless given */
    int has_metadata;
    char *md_role;
    int md_imdsv1; /* 1: answers without a token too (the default) */
    int md_imdsv2; /* 1: hands out tokens (the default); 0: PUT /latest/api/token is 404 */
};

/* Parses root's "sts" and "metadata" members (either may be absent) into c (zeroed first).
 * Returns 0, or -1 with err (kind AGW_ERR_CONFIG, code "InvalidSeed" naming the key). */
int agw_emu_seedcred_parse(struct agw_emu_seed_creds *c, const cJSON *root, struct agw_err *err);
void agw_emu_seedcred_free(struct agw_emu_seed_creds *c);

/* 1 when s is in list[0..n), else 0. */
int agw_emu_seedcred_has(char *const *list, size_t n, const char *s);

#endif
