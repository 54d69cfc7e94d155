#include "seed.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jsonint.h"
#include "jsonwipe.h"
#include "names.h"
#include "utf8.h"
#include "wipe.h"

#define SEED_FAIL(err, ...) agw_err_set((err), AGW_ERR_CONFIG, "InvalidSeed", __VA_ARGS__)

static char *dup_lower(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '.')
        n--; /* "example.com." names the same record */
    char *d = malloc(n + 1);
    if (!d) return NULL;
    for (size_t i = 0; i < n; i++)
        d[i] = (char)tolower((unsigned char)s[i]);
    d[n] = '\0';
    return d;
}

static char *dup_str(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Refuses any member of obj not in allowed (NULL-terminated). */
static int check_keys(const cJSON *obj, const char *const *allowed, const char *where,
                      struct agw_err *err)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(c->string, *a) == 0) ok = 1;
        if (!ok) {
            char list[256] = "";
            for (const char *const *a = allowed; *a; a++) {
                if (a != allowed) strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, *a, sizeof list - strlen(list) - 1);
            }
            SEED_FAIL(err, "seed: unknown key '%s' in %s (allowed: %s)", c->string, where, list);
            return -1;
        }
    }
    return 0;
}

/* An optional string member: 0 with *out NULL when absent, -1 when not a string. */
static int opt_string(const cJSON *obj, const char *key, const char *where, const char **out,
                      struct agw_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v) return 0;
    if (!cJSON_IsString(v)) {
        SEED_FAIL(err, "seed: %s.%s must be a string", where, key);
        return -1;
    }
    *out = v->valuestring;
    return 0;
}

static int req_string(const cJSON *obj, const char *key, const char *where, const char **out,
                      struct agw_err *err)
{
    if (opt_string(obj, key, where, out, err) != 0) return -1;
    if (!*out || !**out) {
        SEED_FAIL(err, "seed: %s.%s is required (a non-empty string)", where, key);
        return -1;
    }
    return 0;
}

static int oom(struct agw_err *err)
{
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "seed: out of memory");
    return -1;
}

static int parse_keys(struct agw_emu_seed *s, const cJSON *arr, struct agw_err *err)
{
    static const char *const allowed[] = {"id", "secret", "security_token", "account", NULL};
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        SEED_FAIL(err, "seed: access_keys must be a non-empty array of {id, secret, "
                       "security_token?, account?}");
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    s->keys = calloc(n, sizeof *s->keys);
    if (!s->keys) return oom(err);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char where[48];
        snprintf(where, sizeof where, "access_keys[%zu]", s->nkeys);
        if (!cJSON_IsObject(it)) {
            SEED_FAIL(err, "seed: %s must be an object", where);
            return -1;
        }
        const char *id, *secret, *token, *account;
        if (check_keys(it, allowed, where, err) || req_string(it, "id", where, &id, err) ||
            req_string(it, "secret", where, &secret, err) ||
            opt_string(it, "security_token", where, &token, err) ||
            opt_string(it, "account", where, &account, err))
            return -1;
        if (agw_emu_hmap_get(&s->key_index, id)) {
            SEED_FAIL(err, "seed: %s: AccessKeyId '%s' appears twice", where, id);
            return -1;
        }
        struct agw_emu_key *k = &s->keys[s->nkeys++];
        k->id = dup_str(id);
        k->secret = dup_str(secret);
        k->security_token = token && *token ? dup_str(token) : NULL;
        k->account = dup_str(account && *account ? account : "default");
        if (!k->id || !k->secret || !k->account || (token && *token && !k->security_token))
            return oom(err);
        if (agw_emu_hmap_put(&s->key_index, k->id, k) != 0) return oom(err);
    }
    return 0;
}

static int parse_groups(struct agw_emu_seed *s, const cJSON *arr, struct agw_err *err)
{
    static const char *const allowed[] = {"GroupId",     "GroupName", "region", "account",
                                          "Description", "BasePath",  NULL};
    if (!cJSON_IsArray(arr)) {
        SEED_FAIL(err, "seed: groups must be an array of {GroupId?, GroupName, region?, "
                       "account?}");
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    s->groups = n ? calloc(n, sizeof *s->groups) : NULL;
    if (n && !s->groups) return oom(err);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char where[48];
        snprintf(where, sizeof where, "groups[%zu]", s->ngroups);
        if (!cJSON_IsObject(it)) {
            SEED_FAIL(err, "seed: %s must be an object", where);
            return -1;
        }
        const char *gid, *name, *region, *account, *desc, *base;
        if (check_keys(it, allowed, where, err) || opt_string(it, "GroupId", where, &gid, err) ||
            req_string(it, "GroupName", where, &name, err) ||
            opt_string(it, "region", where, &region, err) ||
            opt_string(it, "account", where, &account, err) ||
            opt_string(it, "Description", where, &desc, err) ||
            opt_string(it, "BasePath", where, &base, err))
            return -1;
        if (gid && !agw_emu_valid_group_id(gid)) {
            SEED_FAIL(err, "seed: %s.GroupId '%s' is not 32 lowercase hex characters", where, gid);
            return -1;
        }
        for (size_t i = 0; gid && i < s->ngroups; i++)
            if (s->groups[i].group_id && strcmp(s->groups[i].group_id, gid) == 0) {
                SEED_FAIL(err, "seed: %s.GroupId '%s' appears twice", where, gid);
                return -1;
            }
        if (!agw_emu_valid_group_name(name)) {
            SEED_FAIL(err,
                      "seed: %s.GroupName '%s' is invalid (4-50 letters, digits or _, "
                      "starting with a letter)",
                      where, name);
            return -1;
        }
        struct agw_emu_seed_group *g = &s->groups[s->ngroups++];
        g->group_id = dup_str(gid);
        g->name = dup_str(name);
        g->region = region && *region ? dup_str(region) : NULL;
        g->account = dup_str(account && *account ? account : s->keys[0].account);
        g->description = dup_str(desc ? desc : "");
        g->base_path = dup_str(base && *base ? base : "/");
        if ((gid && !g->group_id) || !g->name || (region && *region && !g->region) || !g->account ||
            !g->description || !g->base_path)
            return oom(err);
    }
    return 0;
}

static int parse_dns(struct agw_emu_seed *s, const cJSON *obj, struct agw_err *err)
{
    static const char *const allowed[] = {"cname", "txt", NULL};
    if (!cJSON_IsObject(obj)) {
        SEED_FAIL(err, "seed: dns must be an object mapping a record name to "
                       "{cname?, txt?}");
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(obj);
    s->dns = n ? calloc(n, sizeof *s->dns) : NULL;
    if (n && !s->dns) return oom(err);
    for (const cJSON *it = obj->child; it; it = it->next) {
        char where[300];
        snprintf(where, sizeof where, "dns[\"%.250s\"]", it->string);
        if (!cJSON_IsObject(it)) {
            SEED_FAIL(err, "seed: %s must be an object {cname?, txt?}", where);
            return -1;
        }
        const char *cname;
        if (check_keys(it, allowed, where, err) || opt_string(it, "cname", where, &cname, err))
            return -1;
        char *name = dup_lower(it->string);
        if (!name) return oom(err);
        if (!agw_emu_valid_domain_name(name)) {
            SEED_FAIL(err, "seed: dns record name '%s' is not a valid domain name", it->string);
            free(name);
            return -1;
        }
        if (agw_emu_hmap_get(&s->dns_index, name)) {
            SEED_FAIL(err, "seed: dns record '%s' appears twice", it->string);
            free(name);
            return -1;
        }
        struct agw_emu_dns_record *r = &s->dns[s->ndns++];
        r->name = name;
        if (cname && !(r->cname = dup_lower(cname))) return oom(err);
        const cJSON *txt = cJSON_GetObjectItemCaseSensitive(it, "txt");
        if (txt) {
            if (!cJSON_IsArray(txt)) {
                SEED_FAIL(err, "seed: %s.txt must be an array of strings", where);
                return -1;
            }
            size_t nt = (size_t)cJSON_GetArraySize(txt);
            r->txt = nt ? calloc(nt, sizeof *r->txt) : NULL;
            if (nt && !r->txt) return oom(err);
            const cJSON *t;
            cJSON_ArrayForEach(t, txt)
            {
                if (!cJSON_IsString(t)) {
                    SEED_FAIL(err, "seed: %s.txt must be an array of strings", where);
                    return -1;
                }
                if (!(r->txt[r->ntxt++] = strdup(t->valuestring))) return oom(err);
            }
        }
        if (agw_emu_hmap_put(&s->dns_index, r->name, r) != 0) return oom(err);
    }
    return 0;
}

static int parse_icp(struct agw_emu_seed *s, const cJSON *arr, struct agw_err *err)
{
    if (!cJSON_IsArray(arr)) {
        SEED_FAIL(err, "seed: icp_filed must be an array of domain names");
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    s->icp_filed = n ? calloc(n, sizeof *s->icp_filed) : NULL;
    if (n && !s->icp_filed) return oom(err);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it) || !agw_emu_valid_domain_name(it->valuestring)) {
            SEED_FAIL(err, "seed: icp_filed[%zu] must be a domain name string", s->nicp);
            return -1;
        }
        if (!(s->icp_filed[s->nicp++] = dup_lower(it->valuestring))) return oom(err);
    }
    return 0;
}

static int opt_long(const cJSON *obj, const char *key, long lo, long hi, long *out,
                    struct agw_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) return 0;
    int64_t n;
    if (agw_emu_json_int(v, lo, hi, &n) != 0) {
        SEED_FAIL(err, "seed: behaviour.%s must be an integer from %ld to %ld", key, lo, hi);
        return -1;
    }
    *out = (long)n;
    return 0;
}

static int parse_behaviour(struct agw_emu_seed *s, const cJSON *obj, struct agw_err *err)
{
    static const char *const allowed[] = {
        "domains_per_group", "conflict_code", "icp", "describe_missing_status",
        "groups_per_region", "qps_per_user",  NULL};
    if (!cJSON_IsObject(obj)) {
        SEED_FAIL(err, "seed: behaviour must be an object");
        return -1;
    }
    if (check_keys(obj, allowed, "behaviour", err)) return -1;
    long status = s->beh.describe_missing_status;
    if (opt_long(obj, "domains_per_group", 0, 1000000, &s->beh.domains_per_group, err) ||
        opt_long(obj, "groups_per_region", 0, 1000000, &s->beh.groups_per_region, err) ||
        opt_long(obj, "describe_missing_status", 400, 599, &status, err))
        return -1;
    s->beh.describe_missing_status = (int)status;
    const cJSON *qps = cJSON_GetObjectItemCaseSensitive(obj, "qps_per_user");
    if (qps && agw_emu_qps_parse(&s->beh.qps, qps, err) != 0) return -1;
    const char *code, *icp;
    if (opt_string(obj, "conflict_code", "behaviour", &code, err) ||
        opt_string(obj, "icp", "behaviour", &icp, err))
        return -1;
    if (code) {
        if (!*code || strlen(code) >= sizeof s->beh.conflict_code) {
            SEED_FAIL(err, "seed: behaviour.conflict_code must be 1 to %zu characters",
                      sizeof s->beh.conflict_code - 1);
            return -1;
        }
        strcpy(s->beh.conflict_code, code);
    }
    if (icp) {
        if (strcmp(icp, "abnormal") == 0)
            s->beh.icp_reject = 0;
        else if (strcmp(icp, "reject") == 0)
            s->beh.icp_reject = 1;
        else {
            SEED_FAIL(err, "seed: behaviour.icp must be \"abnormal\" or \"reject\", not \"%s\"",
                      icp);
            return -1;
        }
    }
    return 0;
}

static int parse_root(struct agw_emu_seed *s, const cJSON *root, struct agw_err *err)
{
    static const char *const allowed[] = {"access_keys", "groups", "dns",      "icp_filed",
                                          "behaviour",   "sts",    "metadata", NULL};
    if (!cJSON_IsObject(root)) {
        SEED_FAIL(err, "seed: the top level must be a JSON object");
        return -1;
    }
    if (check_keys(root, allowed, "the top level", err)) return -1;
    const cJSON *v;
    if (parse_keys(s, cJSON_GetObjectItemCaseSensitive(root, "access_keys"), err)) return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "behaviour")) && parse_behaviour(s, v, err))
        return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "dns")) && parse_dns(s, v, err)) return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "icp_filed")) && parse_icp(s, v, err))
        return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "groups")) && parse_groups(s, v, err))
        return -1;
    return agw_emu_seedcred_parse(&s->creds, root, err);
}

int agw_emu_seed_parse(struct agw_emu_seed *s, const char *json, size_t len, struct agw_err *err)
{
    memset(s, 0, sizeof *s);
    agw_emu_hmap_init(&s->key_index);
    agw_emu_hmap_init(&s->dns_index);
    s->beh.domains_per_group = 5;
    strcpy(s->beh.conflict_code, "DomainAlreadyBind");
    s->beh.icp_reject = 0;
    s->beh.describe_missing_status = 404;
    s->beh.groups_per_region = 100;
    agw_emu_qps_init(&s->beh.qps);

    size_t bad = agw_emu_utf8_check(json, len);
    if (bad != len) {
        SEED_FAIL(err, "seed: not valid UTF-8 (byte %zu)", bad);
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = (at && at >= json && at <= json + len) ? (size_t)(at - json) : 0;
        SEED_FAIL(err, "seed: not valid JSON (near byte %zu)", off);
        return -1;
    }
    int rc = parse_root(s, root, err);
    agw_json_wipe_delete(root); /* it held the AccessKey secrets */
    if (rc != 0) agw_emu_seed_free(s);
    return rc;
}

static void free_secret(const char *p)
{
    agw_wipe_free((char *)(uintptr_t)p);
}

void agw_emu_seed_free(struct agw_emu_seed *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nkeys; i++) {
        free((void *)(uintptr_t)s->keys[i].id);
        free_secret(s->keys[i].secret);
        free_secret(s->keys[i].security_token);
        free((void *)(uintptr_t)s->keys[i].account);
    }
    free(s->keys);
    for (size_t i = 0; i < s->ndns; i++) {
        free(s->dns[i].name);
        free(s->dns[i].cname);
        for (size_t j = 0; j < s->dns[i].ntxt; j++)
            free(s->dns[i].txt[j]);
        free(s->dns[i].txt);
    }
    free(s->dns);
    for (size_t i = 0; i < s->nicp; i++)
        free(s->icp_filed[i]);
    free(s->icp_filed);
    for (size_t i = 0; i < s->ngroups; i++) {
        struct agw_emu_seed_group *g = &s->groups[i];
        free(g->group_id);
        free(g->name);
        free(g->region);
        free(g->account);
        free(g->description);
        free(g->base_path);
    }
    free(s->groups);
    agw_emu_seedcred_free(&s->creds);
    agw_emu_hmap_free(&s->key_index);
    agw_emu_hmap_free(&s->dns_index);
    memset(s, 0, sizeof *s);
}
