#include "groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "dnscheck.h"
#include "names.h"
#include "reply.h"

const char *const agw_emu_group_attr_names[] = {"InstanceId",
                                                "CompatibleFlags",
                                                "CustomAppCodeConfig",
                                                "CustomTraceConfig",
                                                "CustomerConfigs",
                                                "DefaultDomain",
                                                "PassthroughHeaders",
                                                "UserLogConfig",
                                                "RpcPattern",
                                                "FilterAppCodeForBackend",
                                                "RpsLimitForServerless",
                                                "SupportSSE",
                                                NULL};

#define MAX_TAGS 20
#define DEFAULT_INSTANCE "api-shared-vpc-001"

static const char *attr(const struct agw_emu_group *g, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(g->attrs, name);
    if (cJSON_IsString(v)) return v->valuestring;
    return strcmp(name, "InstanceId") == 0 ? DEFAULT_INSTANCE : "";
}

static int set_attr(struct agw_emu_group *g, const char *name, const char *value)
{
    cJSON *v = cJSON_CreateString(value);
    if (!v) return -1;
    if (cJSON_GetObjectItemCaseSensitive(g->attrs, name))
        return cJSON_ReplaceItemInObjectCaseSensitive(g->attrs, name, v) ? 0 : -1;
    if (!cJSON_AddItemToObject(g->attrs, name, v)) {
        cJSON_Delete(v);
        return -1;
    }
    return 0;
}

static const char *instance_type(const char *instance_id)
{
    if (strncmp(instance_id, "api-shared-classic", 18) == 0) return "CLASSIC_SHARED";
    if (strncmp(instance_id, "api-shared-vpc", 14) == 0) return "VPC_SHARED";
    return "VPC_DEDICATED";
}

/* Checks GroupName and Description as Create and Modify share them; exclude is the group
 * being renamed. Returns 1 when it answered an error. */
static int check_name_desc(const struct agw_emu_model *m, const struct agw_emu_key *key,
                           const char *name, const char *desc, const struct agw_emu_group *exclude,
                           struct agw_emu_answer *ans)
{
    if (name && !agw_emu_valid_group_name(name))
        return agw_emu_fail(ans, 400, "InvalidGroupName",
                            "The GroupName %.100s is invalid: 4 to 50 letters, digits or "
                            "underscores, starting with a letter.",
                            name) +
               1;
    if (desc && strlen(desc) > 180)
        return agw_emu_fail(ans, 400, "InvalidDescription",
                            "The Description must be at most 180 characters.") +
               1;
    for (size_t i = 0; name && i < m->store.n; i++) {
        const struct agw_emu_group *g = m->store.groups[i];
        if (g != exclude && strcmp(g->name, name) == 0 && strcmp(g->account, key->account) == 0 &&
            strcmp(g->region, m->region) == 0)
            return agw_emu_fail(ans, 400, "RepeatedGroupName",
                                "The GroupName %s is already used by the API group %s.", name,
                                g->id) +
                   1;
    }
    return 0;
}

/* Replaces the tags from Tag.N.Key / Tag.N.Value when Tag.1.Key is given. */
static int read_tags(struct agw_emu_group *g, const struct agw_params *p)
{
    char kn[32], vn[32];
    if (!agw_emu_param_nonempty(p, "Tag.1.Key")) return 0;
    struct agw_emu_tag *tags = calloc(MAX_TAGS, sizeof *tags);
    if (!tags) return -1;
    size_t n = 0;
    for (; n < MAX_TAGS; n++) {
        snprintf(kn, sizeof kn, "Tag.%zu.Key", n + 1);
        snprintf(vn, sizeof vn, "Tag.%zu.Value", n + 1);
        const char *k = agw_emu_param_nonempty(p, kn);
        if (!k) break;
        const char *v = agw_emu_param(p, vn);
        tags[n].key = strdup(k);
        tags[n].value = strdup(v ? v : "");
        if (!tags[n].key || !tags[n].value) {
            for (size_t i = 0; i <= n; i++)
                free(tags[i].key), free(tags[i].value);
            free(tags);
            return -1;
        }
    }
    for (size_t i = 0; i < g->ntags; i++)
        free(g->tags[i].key), free(g->tags[i].value);
    free(g->tags);
    g->tags = tags;
    g->ntags = n;
    return 0;
}

static void add_tags(cJSON *o, const struct agw_emu_group *g, int *bad)
{
    cJSON *arr = agw_emu_jlist(o, "Tags", "TagInfo", bad);
    for (size_t i = 0; i < g->ntags; i++) {
        cJSON *t = agw_emu_jitem(arr, bad);
        agw_emu_js(t, "Key", g->tags[i].key, bad);
        agw_emu_js(t, "Value", g->tags[i].value, bad);
    }
}

static int answer(struct agw_emu_answer *ans, cJSON *body, int bad)
{
    if (bad || !body) {
        cJSON_Delete(body);
        return -1;
    }
    return agw_emu_ok(ans, body);
}

/* The fields CreateApiGroup and ModifyApiGroup answer with (and DescribeApiGroup starts with). */
static void group_summary(cJSON *b, const struct agw_emu_group *g, int *bad)
{
    agw_emu_js(b, "GroupId", g->id, bad);
    agw_emu_js(b, "GroupName", g->name, bad);
    agw_emu_js(b, "SubDomain", g->sub_domain, bad);
    agw_emu_js(b, "Description", g->description, bad);
    agw_emu_js(b, "BasePath", g->base_path, bad);
}

int agw_emu_create_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                             const struct agw_params *p, struct agw_emu_answer *ans)
{
    const char *name = agw_emu_param(p, "GroupName");
    const char *desc = agw_emu_param(p, "Description");
    const char *base = agw_emu_param_nonempty(p, "BasePath");
    const char *inst = agw_emu_param_nonempty(p, "InstanceId");
    if (check_name_desc(m, key, name, desc, NULL, ans)) return 0;
    if (base && base[0] != '/')
        return agw_emu_fail(ans, 400, "InvalidBasePath", "The BasePath must start with '/'.");
    size_t mine = 0;
    for (size_t i = 0; i < m->store.n; i++)
        if (strcmp(m->store.groups[i]->account, key->account) == 0 &&
            strcmp(m->store.groups[i]->region, m->region) == 0)
            mine++;
    long limit = m->seed.beh.groups_per_region;
    if (limit > 0 && mine >= (size_t)limit)
        return agw_emu_fail(ans, 400, "ExceedLimitGroup",
                            "You can create at most %ld API groups in region %s.", limit,
                            m->region);
    struct agw_emu_group *g = agw_emu_group_add(&m->store, NULL, name, m->region, key->account,
                                                desc, base, (int64_t)agw_clock_now());
    if (!g) return -1;
    m->dirty = 1;
    if ((inst && set_attr(g, "InstanceId", inst) != 0) || read_tags(g, p) != 0) return -1;
    int bad = 0;
    cJSON *b = cJSON_CreateObject();
    if (!b) return -1;
    group_summary(b, g, &bad);
    agw_emu_js(b, "InstanceId", attr(g, "InstanceId"), &bad);
    agw_emu_js(b, "InstanceType", instance_type(attr(g, "InstanceId")), &bad);
    agw_emu_jb(b, "TagStatus", g->ntags > 0, &bad);
    return answer(ans, b, bad);
}

static void domain_item(cJSON *it, const struct agw_emu_model *m, const struct agw_emu_binding *d,
                        int *bad);

int agw_emu_describe_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                               const struct agw_params *p, struct agw_emu_answer *ans)
{
    const char *gid = agw_emu_param(p, "GroupId");
    struct agw_emu_group *g = agw_emu_caller_group(m, key, gid);
    if (!g) return agw_emu_no_group(m, p, ans);
    int bad = 0;
    cJSON *b = cJSON_CreateObject();
    if (!b) return -1;
    const char *inst = attr(g, "InstanceId");
    char vpc[200];
    snprintf(vpc, sizeof vpc, "%s-%s-intranet.alicloudapi.com", g->id, g->region);
    agw_emu_js(b, "GroupId", g->id, &bad);
    agw_emu_js(b, "GroupName", g->name, &bad);
    agw_emu_js(b, "Description", g->description, &bad);
    agw_emu_js(b, "BasePath", g->base_path, &bad);
    agw_emu_js(b, "RegionId", g->region, &bad);
    agw_emu_js(b, "SubDomain", g->sub_domain, &bad);
    agw_emu_js(b, "VpcDomain", "", &bad);
    agw_emu_js(b, "VpcSlbIntranetDomain", vpc, &bad);
    agw_emu_js(b, "InstanceType", instance_type(inst), &bad);
    agw_emu_js(b, "DedicatedInstanceType", "", &bad);
    agw_emu_js(b, "Status", "NORMAL", &bad);
    agw_emu_js(b, "BillingStatus", "NORMAL", &bad);
    agw_emu_js(b, "IllegalStatus", "NORMAL", &bad);
    agw_emu_jn(b, "TrafficLimit", 500, &bad);
    agw_emu_jtime(b, "CreatedTime", g->created, &bad);
    agw_emu_jtime(b, "ModifiedTime", g->modified, &bad);
    agw_emu_js(b, "HttpsPolicy", "HTTPS2_TLS1_0", &bad);
    agw_emu_js(b, "Ipv6Status", "UNBIND", &bad);
    agw_emu_jb(b, "DisableInnerDomain", 0, &bad);
    agw_emu_jb(b, "CloudMarketCommodity", 0, &bad);
    agw_emu_js(b, "CmsMonitorGroup", "", &bad);
    for (const char *const *a = agw_emu_group_attr_names; *a; a++)
        agw_emu_js(b, *a, attr(g, *a), &bad);
    agw_emu_js(b, "MigrationStatus", "", &bad);
    agw_emu_js(b, "MigrationError", "", &bad);
    cJSON *stages = agw_emu_jlist(b, "StageItems", "StageInfo", &bad);
    static const char *const desc[AGW_EMU_NSTAGES] = {"Test", "Pre-release", "Release"};
    for (int i = 0; i < AGW_EMU_NSTAGES; i++) {
        cJSON *s = agw_emu_jitem(stages, &bad);
        agw_emu_js(s, "StageId", g->stage_ids[i], &bad);
        agw_emu_js(s, "StageName", agw_emu_stage_names[i], &bad);
        agw_emu_js(s, "Description", desc[i], &bad);
    }
    cJSON *doms = agw_emu_jlist(b, "CustomDomains", "DomainItem", &bad);
    for (size_t i = 0; i < g->nbind; i++)
        domain_item(agw_emu_jitem(doms, &bad), m, g->bindings[i], &bad);
    add_tags(b, g, &bad);
    return answer(ans, b, bad);
}

static void domain_item(cJSON *it, const struct agw_emu_model *m, const struct agw_emu_binding *d,
                        int *bad)
{
    if (*bad) return;
    const struct agw_emu_group *g = d->group;
    int resolved = agw_emu_dns_cname_ok(&m->seed, d->domain, g->sub_domain);
    agw_emu_js(it, "DomainName", d->domain, bad);
    agw_emu_js(it, "BindStageName", d->stage, bad);
    agw_emu_js(it, "BindStageAlias", "", bad);
    agw_emu_js(it, "CustomDomainType", d->type, bad);
    agw_emu_jb(it, "IsHttpRedirectToHttps", d->redirect_https, bad);
    agw_emu_js(it, "DomainBindingStatus", "BINDING", bad);
    agw_emu_js(it, "DomainCNAMEStatus", resolved ? "RESOLVED" : "UNRESOLVED", bad);
    agw_emu_js(it, "DomainLegalStatus", d->legal_abnormal ? "ABNORMAL" : "NORMAL", bad);
    agw_emu_js(it, "DomainRemark", d->remark, bad);
    agw_emu_js(it, "DomainWebSocketStatus", d->websocket_open ? "OPEN" : "CLOSE", bad);
    agw_emu_js(it, "WildcardDomainPatterns", d->wildcard_patterns ? d->wildcard_patterns : "", bad);
    if (d->cert) {
        agw_emu_js(it, "CertificateId", d->cert->id, bad);
        agw_emu_js(it, "CertificateName", d->cert->name, bad);
        agw_emu_jn(it, "CertificateValidStart", d->cert->valid_start_ms, bad);
        agw_emu_jn(it, "CertificateValidEnd", d->cert->valid_end_ms, bad);
    }
}

/* Order for DescribeApiGroups: by last change (oldest first; reversed for Sort=desc). */
static int by_seq(const void *a, const void *b)
{
    const struct agw_emu_group *x = *(const struct agw_emu_group *const *)a;
    const struct agw_emu_group *y = *(const struct agw_emu_group *const *)b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The service's paging parameters are Integers: 1 to 2^31 - 1. */
#define PAGE_MAX 2147483647L

/* A positive integer parameter, written in decimal digits only (no sign, no space), from 1 to
 * max; def when absent or empty. Returns 1 when it answered Invalid<Name> (400). */
static int page_param(const struct agw_params *p, const char *name, long def, long max, long *out,
                      struct agw_emu_answer *ans)
{
    const char *v = agw_emu_param_nonempty(p, name);
    *out = def;
    if (!v) return 0;
    long long n = 0;
    const char *c = v;
    for (; *c >= '0' && *c <= '9'; c++) {
        n = n * 10 + (*c - '0');
        if (n > max) break; /* stops before n can overflow: max * 10 + 9 fits a long long */
    }
    if (*c || n < 1) {
        agw_emu_fail(ans, 400, "",
                     "The parameter %s must be an integer from 1 to %ld, not \"%.32s\".", name, max,
                     v);
        snprintf(ans->code, sizeof ans->code, "Invalid%s", name);
        return 1;
    }
    *out = (long)n;
    return 0;
}

int agw_emu_describe_api_groups(struct agw_emu_model *m, const struct agw_emu_key *key,
                                const struct agw_params *p, struct agw_emu_answer *ans)
{
    long page, size;
    if (page_param(p, "PageNumber", 1, PAGE_MAX, &page, ans) ||
        page_param(p, "PageSize", 10, 50, &size, ans))
        return 0;
    const char *sort = agw_emu_param_nonempty(p, "Sort");
    if (sort && strcmp(sort, "asc") != 0 && strcmp(sort, "desc") != 0)
        return agw_emu_fail(ans, 400, "InvalidSort", "The parameter Sort must be asc or desc.");
    const char *f_id = agw_emu_param_nonempty(p, "GroupId");
    const char *f_name = agw_emu_param_nonempty(p, "GroupName");
    const char *f_inst = agw_emu_param_nonempty(p, "InstanceId");
    const char *f_base = agw_emu_param_nonempty(p, "BasePath");
    struct agw_emu_group **sel = malloc((m->store.n ? m->store.n : 1) * sizeof *sel);
    if (!sel) return -1;
    size_t n = 0;
    for (size_t i = 0; i < m->store.n; i++) {
        struct agw_emu_group *g = m->store.groups[i];
        if (strcmp(g->account, key->account) != 0 || strcmp(g->region, m->region) != 0) continue;
        if (f_id && strcmp(g->id, f_id) != 0) continue;
        if (f_name && !strstr(g->name, f_name)) continue;
        if (f_inst && strcmp(attr(g, "InstanceId"), f_inst) != 0) continue;
        if (f_base && strcmp(g->base_path, f_base) != 0) continue;
        sel[n++] = g;
    }
    qsort(sel, n, sizeof *sel, by_seq);
    if (!(sort && strcmp(sort, "asc") == 0))
        for (size_t i = 0; i < n / 2; i++) {
            struct agw_emu_group *t = sel[i];
            sel[i] = sel[n - 1 - i];
            sel[n - 1 - i] = t;
        }
    int bad = 0;
    cJSON *b = cJSON_CreateObject();
    if (!b) {
        free(sel);
        return -1;
    }
    agw_emu_jn(b, "PageNumber", page, &bad);
    agw_emu_jn(b, "PageSize", size, &bad);
    agw_emu_jn(b, "TotalCount", (int64_t)n, &bad);
    cJSON *arr = agw_emu_jlist(b, "ApiGroupAttributes", "ApiGroupAttribute", &bad);
    /* Pages past the end are empty; the division keeps (page - 1) * size from overflowing. */
    size_t first = (size_t)(page - 1) > n / (size_t)size ? n : (size_t)(page - 1) * (size_t)size;
    size_t last = n - first < (size_t)size ? n : first + (size_t)size;
    for (size_t i = first; i < last; i++) {
        const struct agw_emu_group *g = sel[i];
        cJSON *it = agw_emu_jitem(arr, &bad);
        const char *inst = attr(g, "InstanceId");
        agw_emu_js(it, "GroupId", g->id, &bad);
        agw_emu_js(it, "GroupName", g->name, &bad);
        agw_emu_js(it, "Description", g->description, &bad);
        agw_emu_js(it, "BasePath", g->base_path, &bad);
        agw_emu_js(it, "SubDomain", g->sub_domain, &bad);
        agw_emu_js(it, "RegionId", g->region, &bad);
        agw_emu_js(it, "InstanceId", inst, &bad);
        agw_emu_js(it, "InstanceType", instance_type(inst), &bad);
        agw_emu_js(it, "HttpsPolicy", "HTTPS2_TLS1_0", &bad);
        agw_emu_js(it, "BillingStatus", "NORMAL", &bad);
        agw_emu_js(it, "IllegalStatus", "NORMAL", &bad);
        agw_emu_jn(it, "TrafficLimit", 500, &bad);
        agw_emu_jtime(it, "CreatedTime", g->created, &bad);
        agw_emu_jtime(it, "ModifiedTime", g->modified, &bad);
        if (!bad) add_tags(it, g, &bad);
    }
    free(sel);
    return answer(ans, b, bad);
}

int agw_emu_modify_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                             const struct agw_params *p, struct agw_emu_answer *ans)
{
    const char *gid = agw_emu_param(p, "GroupId");
    struct agw_emu_group *g = agw_emu_caller_group(m, key, gid);
    if (!g) return agw_emu_no_group(m, p, ans);
    const char *name = agw_emu_param_nonempty(p, "GroupName");
    const char *desc = agw_emu_param(p, "Description");
    const char *base = agw_emu_param_nonempty(p, "BasePath");
    if (check_name_desc(m, key, name, desc, g, ans)) return 0;
    if (base && base[0] != '/')
        return agw_emu_fail(ans, 400, "InvalidBasePath", "The BasePath must start with '/'.");
    m->dirty = 1;
    if ((name && agw_emu_set_str(&g->name, name)) ||
        (desc && agw_emu_set_str(&g->description, desc)) ||
        (base && agw_emu_set_str(&g->base_path, base)) || read_tags(g, p))
        return -1;
    for (const char *const *a = agw_emu_group_attr_names + 1; *a; a++) {
        const char *v = agw_emu_param(p, *a);
        if (v && set_attr(g, *a, v) != 0) return -1;
    }
    agw_emu_group_touch(&m->store, g, (int64_t)agw_clock_now());
    int bad = 0;
    cJSON *b = cJSON_CreateObject();
    if (!b) return -1;
    group_summary(b, g, &bad);
    return answer(ans, b, bad);
}

int agw_emu_delete_api_group(struct agw_emu_model *m, const struct agw_emu_key *key,
                             const struct agw_params *p, struct agw_emu_answer *ans)
{
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (g) {
        agw_emu_group_remove(&m->store, g);
        m->dirty = 1;
    }
    return agw_emu_ok(ans, NULL);
}
