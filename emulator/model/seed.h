#ifndef AGW_EMU_SEED_H
#define AGW_EMU_SEED_H

#include <stddef.h>

#include "err.h"
#include "hmap.h"
#include "model.h"
#include "seedcred.h"
#include "seedqps.h"

/* The parsed seed: who may call, what the (fake) DNS says, which domains have an ICP
 * filing, the behaviour switches (the configurable points of docs/service-behaviour.md Part A),
 * and the groups that exist at first start.
 * Every string is owned by the seed. */

struct agw_emu_dns_record {
    char *name;  /* lower case, no trailing dot; may start with "*." */
    char *cname; /* NULL when absent; lower case, no trailing dot */
    char **txt;
    size_t ntxt;
};

struct agw_emu_behaviour {
    long domains_per_group;        /* per group and per CustomDomainType; 0 = unlimited */
    char conflict_code[64];        /* code when another group holds the domain */
    int icp_reject;                /* 0: accept as ABNORMAL; 1: InvalidICPLicense */
    int describe_missing_status;   /* HTTP status of DescribeDomain's NotFoundDomain */
    long groups_per_region;        /* per account and region; 0 = unlimited */
    struct agw_emu_qps_limits qps; /* qps_per_user: the management API's quota */
};

struct agw_emu_seed_group {
    char *group_id; /* NULL: generated at first start */
    char *name;
    char *region;  /* NULL: the model's region */
    char *account; /* never NULL after parsing */
    char *description;
    char *base_path;
};

struct agw_emu_seed {
    struct agw_emu_key *keys;
    size_t nkeys;
    struct agw_emu_hmap key_index; /* id -> struct agw_emu_key * */
    struct agw_emu_dns_record *dns;
    size_t ndns;
    struct agw_emu_hmap dns_index; /* name -> struct agw_emu_dns_record * */
    char **icp_filed;              /* lower case */
    size_t nicp;
    struct agw_emu_behaviour beh;
    struct agw_emu_seed_group *groups;
    size_t ngroups;
    struct agw_emu_seed_creds creds; /* the credential twins' knowledge (seedcred.h) */
};

/* Parses seed JSON (strict: unknown keys and wrong types are refused, naming the key).
 * Returns 0, or -1 with err filled (kind AGW_ERR_CONFIG, code "InvalidSeed").
 * On failure *s is left freed; agw_emu_seed_free must still be safe to call. */
int agw_emu_seed_parse(struct agw_emu_seed *s, const char *json, size_t len, struct agw_err *err);
/* Frees everything and wipes the secrets. NULL is a no-op. */
void agw_emu_seed_free(struct agw_emu_seed *s);

#endif
