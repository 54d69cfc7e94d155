#ifndef AGW_EMU_STORE_H
#define AGW_EMU_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "hmap.h"

/* The model's mutable state: API groups, their domain bindings and certificates, with
 * indexes by GroupId and by bound domain name. A domain name is bound to at most one
 * group at a time (docs/service-behaviour.md A.13, A.14). Every string is owned here. */

struct agw_emu_cert {
    char *id;
    char *name;
    char *body;
    char *private_key;
    int64_t valid_start_ms;
    int64_t valid_end_ms;
};

struct agw_emu_group;

struct agw_emu_binding {
    struct agw_emu_group *group;
    char *domain;  /* lower case */
    char stage[8]; /* "", "TEST", "PRE", "RELEASE" */
    char type[9];  /* "INTERNET" or "INTRANET" */
    int redirect_https;
    int legal_abnormal;        /* DomainLegalStatus ABNORMAL */
    char remark[160];          /* DomainRemark */
    int websocket_open;        /* DomainWebSocketStatus OPEN, else CLOSE */
    struct agw_emu_cert *cert; /* NULL: none */
    char *wildcard_patterns;   /* SetWildcardDomainPatterns' JSON array text; NULL: none */
};

struct agw_emu_tag {
    char *key;
    char *value;
};

#define AGW_EMU_NSTAGES 3
extern const char *const agw_emu_stage_names[AGW_EMU_NSTAGES];

struct agw_emu_group {
    char id[33];
    char *name;
    char *description;
    char *base_path;
    char *region;
    char *account;
    char *sub_domain; /* <GroupId>-<region>.alicloudapi.com */
    char stage_ids[AGW_EMU_NSTAGES][33];
    int64_t created; /* epoch seconds */
    int64_t modified;
    uint64_t seq; /* order of the last change, for DescribeApiGroups' Sort */
    struct agw_emu_binding **bindings;
    size_t nbind, capbind;
    struct agw_emu_tag *tags;
    size_t ntags;
    cJSON *attrs; /* ModifyApiGroup's optional string attributes, by name */
};

struct agw_emu_store {
    struct agw_emu_group **groups; /* creation order */
    size_t n, cap;
    struct agw_emu_hmap by_id;     /* GroupId -> group */
    struct agw_emu_hmap by_domain; /* domain -> binding */
    uint64_t seq;
};

void agw_emu_store_init(struct agw_emu_store *s);
/* Frees every group, binding and certificate (private keys wiped). NULL is a no-op. */
void agw_emu_store_free(struct agw_emu_store *s);

/* Creates and indexes a group. id NULL: a fresh random 32-hex id. Returns NULL on out of
 * memory, a failed random source or an id already present. */
struct agw_emu_group *agw_emu_group_add(struct agw_emu_store *s, const char *id, const char *name,
                                        const char *region, const char *account,
                                        const char *description, const char *base_path,
                                        int64_t created);
struct agw_emu_group *agw_emu_group_find(const struct agw_emu_store *s, const char *id);
/* Unbinds its domains and frees it. */
void agw_emu_group_remove(struct agw_emu_store *s, struct agw_emu_group *g);
/* Records a change: ModifiedTime = now, and a new order number. */
void agw_emu_group_touch(struct agw_emu_store *s, struct agw_emu_group *g, int64_t now);
/* Replaces a string field (free + strdup). Returns 0 or -1 (out of memory, unchanged). */
int agw_emu_set_str(char **field, const char *value);

/* The binding of a (lower-case) domain name, in any group; NULL when unbound. */
struct agw_emu_binding *agw_emu_binding_find(const struct agw_emu_store *s, const char *domain);
/* Binds a domain that is bound nowhere, with defaults (all stages, INTERNET, NORMAL,
 * websocket CLOSE, no certificate). NULL on out of memory. */
struct agw_emu_binding *agw_emu_binding_add(struct agw_emu_store *s, struct agw_emu_group *g,
                                            const char *domain);
void agw_emu_binding_remove(struct agw_emu_store *s, struct agw_emu_binding *b);
/* Number of the group's bindings of this CustomDomainType. */
size_t agw_emu_group_count_type(const struct agw_emu_group *g, const char *type);

void agw_emu_cert_free(struct agw_emu_cert *c);

#endif
