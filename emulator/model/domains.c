#include "domains.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "dnscheck.h"
#include "names.h"
#include "reply.h"

#define NO_ICP_REMARK "The domain name does not have an ICP filing."

struct agw_emu_binding *agw_emu_bound_in(const struct agw_emu_model *m,
                                         const struct agw_emu_group *g, const char *domain)
{
    char lower[256];
    if (!domain || agw_emu_lower(domain, lower, sizeof lower) != 0) return NULL;
    struct agw_emu_binding *b = agw_emu_binding_find(&m->store, lower);
    return b && b->group == g ? b : NULL;
}

int agw_emu_no_domain(const struct agw_params *p, int status, struct agw_emu_answer *ans)
{
    return agw_emu_fail(ans, status, "NotFoundDomain",
                        "The domain name %.260s is not bound to the API group %.64s.",
                        agw_emu_param(p, "DomainName"), agw_emu_param(p, "GroupId"));
}

/* Does a mainland INTERNET binding lack the ICP filing it needs? */
static int icp_missing(const struct agw_emu_model *m, const struct agw_emu_group *g,
                       const char *domain, const char *type)
{
    return strcmp(type, "INTERNET") == 0 && agw_emu_icp_region(g->region) &&
           !agw_emu_icp_filed(&m->seed, domain);
}

static int in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0) return 1;
    return 0;
}

/* The checks of docs/service-behaviour.md A.1, in its order (1, the required parameters, was done
 * by the action table). Nothing changes until every check has passed. */
int agw_emu_set_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                       const struct agw_params *p, struct agw_emu_answer *ans)
{
    static const char *const stages[] = {"", "TEST", "PRE", "RELEASE", NULL};
    static const char *const types[] = {"INTERNET", "INTRANET", NULL};
    const struct agw_emu_behaviour *beh = &m->seed.beh;
    /* 2 the group */
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    /* 3 the name */
    const char *given = agw_emu_param(p, "DomainName");
    char domain[256];
    if (agw_emu_lower(given, domain, sizeof domain) != 0 || !agw_emu_valid_domain_name(domain))
        return agw_emu_fail(ans, 400, "InvalidDomainName", "The domain name %.260s is invalid.",
                            given);
    /* 4 enums and booleans */
    const char *stage = agw_emu_param(p, "BindStageName");
    if (stage && !in_list(stage, stages))
        return agw_emu_fail(ans, 400, "InvalidBindStageName",
                            "BindStageName must be TEST, PRE, RELEASE or empty, not \"%.32s\".",
                            stage);
    const char *type = agw_emu_param_nonempty(p, "CustomDomainType");
    if (type && !in_list(type, types))
        return agw_emu_fail(ans, 400, "InvalidCustomDomainType",
                            "CustomDomainType must be INTERNET or INTRANET, not \"%.32s\".", type);
    int force = 0, redirect = 0, force_given, redirect_given;
    if (agw_emu_param_bool(p, "IsForce", &force, &force_given, ans) ||
        agw_emu_param_bool(p, "IsHttpRedirectToHttps", &redirect, &redirect_given, ans))
        return 0;
    /* 5 ownership */
    if (!agw_emu_dns_cname_ok(&m->seed, domain, g->sub_domain) &&
        !agw_emu_dns_txt_ok(&m->seed, domain, g->id, g->sub_domain))
        return agw_emu_fail(ans, 400, "DomainNotResolved",
                            "The domain name %s is not resolved to %s by a CNAME record, and "
                            "no TXT record %s.%s proves its ownership.",
                            domain, g->sub_domain, g->id, domain);
    /* 6 conflict: a binding of another group of this account needs IsForce; a binding by
     * another account is taken over, since the DNS check just proved ownership. */
    struct agw_emu_binding *b = agw_emu_binding_find(&m->store, domain);
    struct agw_emu_binding *mine = b && b->group == g ? b : NULL;
    struct agw_emu_binding *other = b && b->group != g ? b : NULL;
    if (other && strcmp(other->group->account, g->account) == 0 && !force)
        return agw_emu_fail(ans, 400, beh->conflict_code,
                            "The domain name %s is already bound to the API group %s (%s); "
                            "use IsForce=true to move it.",
                            domain, other->group->id, other->group->name);
    /* 7 quota: an update of a binding that keeps its type takes no new place */
    char new_type[sizeof mine->type];
    snprintf(new_type, sizeof new_type, "%s", type ? type : mine ? mine->type : "INTERNET");
    if (beh->domains_per_group > 0 && !(mine && strcmp(mine->type, new_type) == 0) &&
        agw_emu_group_count_type(g, new_type) >= (size_t)beh->domains_per_group)
        return agw_emu_fail(ans, 400, "ExceedLimitDomain",
                            "The API group %s already has %ld %s custom domains, the limit.", g->id,
                            beh->domains_per_group, new_type);
    /* 8 ICP */
    int abnormal = icp_missing(m, g, domain, new_type);
    if (abnormal && beh->icp_reject)
        return agw_emu_fail(ans, 400, "InvalidICPLicense",
                            "domain name '%s' has not got ICP license, or the ICP license does "
                            "not belong to Aliyun.",
                            domain);
    /* All checks passed: apply. */
    if (other) {
        struct agw_emu_group *og = other->group;
        agw_emu_binding_remove(&m->store, other);
        agw_emu_group_touch(&m->store, og, (int64_t)agw_clock_now());
        m->dirty = 1;
    }
    if (!mine) {
        if (!(mine = agw_emu_binding_add(&m->store, g, domain))) return -1;
        m->dirty = 1;
    }
    if (stage) snprintf(mine->stage, sizeof mine->stage, "%s", stage);
    snprintf(mine->type, sizeof mine->type, "%s", new_type);
    if (redirect_given) mine->redirect_https = redirect;
    mine->legal_abnormal = abnormal;
    snprintf(mine->remark, sizeof mine->remark, "%s", abnormal ? NO_ICP_REMARK : "");
    agw_emu_group_touch(&m->store, g, (int64_t)agw_clock_now());
    m->dirty = 1;

    int bad = 0;
    cJSON *body = cJSON_CreateObject();
    if (!body) return -1;
    agw_emu_js(body, "GroupId", g->id, &bad);
    agw_emu_js(body, "DomainName", mine->domain, &bad);
    agw_emu_js(body, "SubDomain", g->sub_domain, &bad);
    agw_emu_js(body, "DomainBindingStatus", "BINDING", &bad);
    agw_emu_js(body, "DomainLegalStatus", abnormal ? "ABNORMAL" : "NORMAL", &bad);
    agw_emu_js(body, "DomainWebSocketStatus", mine->websocket_open ? "OPEN" : "CLOSE", &bad);
    agw_emu_js(body, "DomainRemark", mine->remark, &bad);
    if (bad) {
        cJSON_Delete(body);
        return -1;
    }
    return agw_emu_ok(ans, body);
}

int agw_emu_describe_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                            const struct agw_params *p, struct agw_emu_answer *ans)
{
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    if (!d) return agw_emu_no_domain(p, m->seed.beh.describe_missing_status, ans);
    int bad = 0;
    cJSON *b = cJSON_CreateObject();
    if (!b) return -1;
    int resolved = agw_emu_dns_cname_ok(&m->seed, d->domain, g->sub_domain);
    agw_emu_js(b, "GroupId", g->id, &bad);
    agw_emu_js(b, "DomainName", d->domain, &bad);
    agw_emu_js(b, "SubDomain", g->sub_domain, &bad);
    agw_emu_js(b, "DomainBindingStatus", "BINDING", &bad);
    agw_emu_js(b, "DomainCNAMEStatus", resolved ? "RESOLVED" : "UNRESOLVED", &bad);
    agw_emu_js(b, "DomainLegalStatus", d->legal_abnormal ? "ABNORMAL" : "NORMAL", &bad);
    agw_emu_js(b, "DomainWebSocketStatus", d->websocket_open ? "OPEN" : "CLOSE", &bad);
    agw_emu_js(b, "DomainRemark", d->remark, &bad);
    if (d->cert) {
        agw_emu_js(b, "CertificateId", d->cert->id, &bad);
        agw_emu_js(b, "CertificateName", d->cert->name, &bad);
        agw_emu_js(b, "CertificateBody", d->cert->body, &bad);
        agw_emu_js(b, "CertificatePrivateKey", d->cert->private_key, &bad);
        agw_emu_jn(b, "CertificateValidStart", d->cert->valid_start_ms, &bad);
        agw_emu_jn(b, "CertificateValidEnd", d->cert->valid_end_ms, &bad);
    }
    if (bad) {
        cJSON_Delete(b);
        return -1;
    }
    return agw_emu_ok(ans, b);
}

int agw_emu_delete_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                          const struct agw_params *p, struct agw_emu_answer *ans)
{
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    if (d) {
        agw_emu_binding_remove(&m->store, d);
        agw_emu_group_touch(&m->store, g, (int64_t)agw_clock_now());
        m->dirty = 1;
    }
    return agw_emu_ok(ans, NULL);
}

int agw_emu_set_domain_websocket_status(struct agw_emu_model *m, const struct agw_emu_key *key,
                                        const struct agw_params *p, struct agw_emu_answer *ans)
{
    static const char *const values[] = {"OPEN", "CLOSE", NULL};
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    const char *action = agw_emu_param(p, "ActionValue");
    if (!in_list(action, values))
        return agw_emu_fail(ans, 400, "InvalidActionValue",
                            "ActionValue must be OPEN or CLOSE, not \"%.32s\".", action);
    int wss, wss_given;
    if (agw_emu_param_bool(p, "WSSEnable", &wss, &wss_given, ans)) return 0;
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    if (!d) return agw_emu_no_domain(p, 400, ans);
    d->websocket_open = strcmp(action, "OPEN") == 0;
    m->dirty = 1;
    return agw_emu_ok(ans, NULL);
}

int agw_emu_reactivate_domain(struct agw_emu_model *m, const struct agw_emu_key *key,
                              const struct agw_params *p, struct agw_emu_answer *ans)
{
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    if (!d) return agw_emu_no_domain(p, 400, ans);
    if (d->legal_abnormal) {
        if (icp_missing(m, g, d->domain, d->type))
            return agw_emu_fail(ans, 400, "InvalidICPLicense",
                                "domain name '%s' still has no ICP filing; it stays ABNORMAL.",
                                d->domain);
        d->legal_abnormal = 0;
        d->remark[0] = '\0';
        m->dirty = 1;
    }
    return agw_emu_ok(ans, NULL);
}
