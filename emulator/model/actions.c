#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "domains.h"
#include "groups.h"
#include "modelint.h"
#include "persist.h"
#include "reply.h"

/* The actions the model serves, with their required parameters (docs/service-behaviour.md
 * A.1 check 1 and A.6: absent or empty gives Missing<Name>, 400, in the order listed) and the
 * parameters that carry a secret, which nothing the emulator writes may show (the request log, the
 * RPC SignatureDoesNotMatch message). This list is the emulator's own: it does not rely on the
 * client's action table to say what is secret. */
#define MAX_REQUIRED 5
#define MAX_SECRET 2
struct action {
    const char *name;
    agw_emu_action_fn fn;
    const char *required[MAX_REQUIRED + 1];
    const char *secret[MAX_SECRET + 1];
};

/* Secret on every action: the signature scheme's own parameters. */
/* OIDCToken: the STS twin's AssumeRoleWithOIDC carries the platform's token. */
static const char *const common_secret[] = {"SecurityToken", "Signature", "OIDCToken", NULL};

static const struct action actions[] = {
    {"CreateApiGroup", agw_emu_create_api_group, {"GroupName"}, {NULL}},
    {"DescribeApiGroup", agw_emu_describe_api_group, {"GroupId"}, {NULL}},
    {"DescribeApiGroups", agw_emu_describe_api_groups, {NULL}, {NULL}},
    {"ModifyApiGroup", agw_emu_modify_api_group, {"GroupId"}, {NULL}},
    {"DeleteApiGroup", agw_emu_delete_api_group, {"GroupId"}, {NULL}},
    {"SetDomain", agw_emu_set_domain, {"GroupId", "DomainName"}, {NULL}},
    {"DescribeDomain", agw_emu_describe_domain, {"GroupId", "DomainName"}, {NULL}},
    {"DeleteDomain", agw_emu_delete_domain, {"GroupId", "DomainName"}, {NULL}},
    {"SetDomainCertificate",
     agw_emu_set_domain_certificate,
     {"GroupId", "DomainName", "CertificateName", "CertificateBody", "CertificatePrivateKey"},
     {"CertificatePrivateKey"}},
    {"DeleteDomainCertificate",
     agw_emu_delete_domain_certificate,
     {"GroupId", "DomainName", "CertificateId"},
     {NULL}},
    {"SetDomainWebSocketStatus",
     agw_emu_set_domain_websocket_status,
     {"GroupId", "DomainName", "ActionValue"},
     {NULL}},
    {"ReactivateDomain", agw_emu_reactivate_domain, {"GroupId", "DomainName"}, {NULL}},
    {"SetWildcardDomainPatterns",
     agw_emu_set_wildcard_domain_patterns,
     {"GroupId", "DomainName"},
     {NULL}},
};

int agw_emu_param_secret(const char *name)
{
    for (const char *const *c = common_secret; *c; c++)
        if (strcmp(*c, name) == 0) return 1;
    /* Any action's secret is masked on every action: a private key sent to the wrong
     * action is still a private key. */
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        for (const char *const *c = actions[i].secret; *c; c++)
            if (strcmp(*c, name) == 0) return 1;
    return 0;
}

#define NACTIONS (sizeof actions / sizeof actions[0])
_Static_assert(NACTIONS <= AGW_EMU_ACTIONS_MAX, "raise AGW_EMU_ACTIONS_MAX");

size_t agw_emu_action_count(void)
{
    return NACTIONS;
}

const char *agw_emu_action_name(size_t i)
{
    return i < NACTIONS ? actions[i].name : NULL;
}

int agw_emu_action_index(const char *name)
{
    for (size_t i = 0; i < NACTIONS; i++)
        if (strcmp(actions[i].name, name) == 0) return (int)i;
    return -1;
}

static const struct action *find_action(const char *name)
{
    int i = agw_emu_action_index(name);
    return i < 0 ? NULL : &actions[i];
}

/* After a failed durable write the memory may hold a change the disk does not: reload the
 * last durable state so that what is served is what survives a restart. */
static void roll_back(struct agw_emu_model *m)
{
    struct agw_emu_store fresh;
    struct agw_err ignored;
    agw_emu_store_init(&fresh);
    if (agw_emu_persist_load(&fresh, m->state_path, &ignored) == 0) {
        agw_emu_store_free(&m->store);
        m->store = fresh; /* the indexes point at heap nodes, so a struct copy is fine */
    } else
        agw_emu_store_free(&fresh);
}

int agw_emu_model_call(struct agw_emu_model *m, const struct agw_emu_key *key, const char *action,
                       const struct agw_params *params, struct agw_emu_answer *ans,
                       struct agw_err *err)
{
    memset(ans, 0, sizeof *ans);
    if (!m || !action) {
        agw_err_set(err, AGW_ERR_SERVER, "InternalError", "emulator model: no model or action");
        return -1;
    }
    if (!key)
        return agw_emu_fail(ans, 404, "InvalidAccessKeyId.NotFound",
                            "Specified access key is not found.");
    const struct action *a = find_action(action);
    if (!a)
        return agw_emu_fail(ans, 404, "InvalidApi.NotFound",
                            "Specified api is not found, please check your url and method.");
    for (const char *const *r = a->required; *r; r++)
        if (!agw_emu_param_nonempty(params, *r)) {
            agw_emu_fail(ans, 400, "", "%s is mandatory for this action.", *r);
            snprintf(ans->code, sizeof ans->code, "Missing%s", *r);
            return 0;
        }
    m->dirty = 0;
    int rc = a->fn(m, key, params, ans);
    if (rc != 0)
        agw_err_set(err, AGW_ERR_SERVER, "InternalError",
                    "emulator model: %s: out of memory or no random source", action);
    else if (m->dirty && m->state_path && agw_emu_persist_save(&m->store, m->state_path, err) != 0)
        rc = -1;
    if (rc != 0) {
        cJSON_Delete(ans->body);
        memset(ans, 0, sizeof *ans);
        if (m->dirty && m->state_path) roll_back(m);
        return -1;
    }
    return 0;
}
