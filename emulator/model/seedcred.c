#include "seedcred.h"

#include <stdlib.h>
#include <string.h>

#define FAIL(err, ...) agw_err_set((err), AGW_ERR_CONFIG, "InvalidSeed", __VA_ARGS__)

static int unknown_key(const cJSON *obj, const char *const *allowed, const char *where,
                       struct agw_err *err)
{
    for (const cJSON *c = obj->child; c; c = c->next) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(c->string, *a) == 0) ok = 1;
        if (!ok) {
            FAIL(err, "seed: unknown key '%s' in %s", c->string, where);
            return -1;
        }
    }
    return 0;
}

/* An array of ARNs of the given kind ("role" or "oidc-provider"). */
static int arn_list(const cJSON *v, const char *where, const char *kind, char ***out, size_t *n,
                    struct agw_err *err)
{
    if (!v) return 0;
    if (!cJSON_IsArray(v)) {
        FAIL(err, "seed: %s must be an array of strings", where);
        return -1;
    }
    size_t cap = (size_t)cJSON_GetArraySize(v);
    *out = calloc(cap ? cap : 1, sizeof **out);
    if (!*out) goto oom;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        const char *s = cJSON_IsString(it) ? it->valuestring : NULL;
        const char *colon = s ? strrchr(s, ':') : NULL;
        size_t kl = strlen(kind);
        if (!s || strncmp(s, "acs:ram::", 9) != 0 || !colon || strncmp(colon + 1, kind, kl) != 0 ||
            colon[1 + kl] != '/' || !colon[2 + kl]) {
            FAIL(err, "seed: %s[%zu] must be an ARN of the form acs:ram::<account>:%s/<name>",
                 where, *n, kind);
            return -1;
        }
        if (!((*out)[(*n)++] = strdup(s))) goto oom;
    }
    return 0;
oom:
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "seed: out of memory");
    return -1;
}

static int parse_sts(struct agw_emu_seed_creds *c, const cJSON *v, struct agw_err *err)
{
    static const char *const allowed[] = {"roles", "oidc_providers", "duration_seconds", NULL};
    if (!cJSON_IsObject(v)) {
        FAIL(err, "seed: sts must be an object {roles, oidc_providers, duration_seconds}");
        return -1;
    }
    if (unknown_key(v, allowed, "sts", err)) return -1;
    c->has_sts = 1;
    if (arn_list(cJSON_GetObjectItemCaseSensitive(v, "roles"), "sts.roles", "role", &c->roles,
                 &c->nroles, err) ||
        arn_list(cJSON_GetObjectItemCaseSensitive(v, "oidc_providers"), "sts.oidc_providers",
                 "oidc-provider", &c->oidc_providers, &c->noidc, err))
        return -1;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(v, "duration_seconds");
    if (d) {
        if (!cJSON_IsNumber(d) || !(d->valuedouble >= 60 && d->valuedouble <= 43200) ||
            d->valuedouble != (double)(long)d->valuedouble) {
            FAIL(err, "seed: sts.duration_seconds must be an integer from 60 to 43200");
            return -1;
        }
        c->duration_s = (long)d->valuedouble;
    }
    return 0;
}

static int parse_metadata(struct agw_emu_seed_creds *c, const cJSON *v, struct agw_err *err)
{
    static const char *const allowed[] = {"role", "imdsv1", "imdsv2", NULL};
    if (!cJSON_IsObject(v)) {
        FAIL(err, "seed: metadata must be an object {role, imdsv1, imdsv2}");
        return -1;
    }
    if (unknown_key(v, allowed, "metadata", err)) return -1;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "role");
    if (!cJSON_IsString(r) || !r->valuestring[0] || strchr(r->valuestring, '/')) {
        FAIL(err, "seed: metadata.role is required: a role name (a non-empty string without '/')");
        return -1;
    }
    const cJSON *v1 = cJSON_GetObjectItemCaseSensitive(v, "imdsv1");
    if (v1 && !cJSON_IsBool(v1)) {
        FAIL(err, "seed: metadata.imdsv1 must be true or false");
        return -1;
    }
    const cJSON *v2 = cJSON_GetObjectItemCaseSensitive(v, "imdsv2");
    if (v2 && !cJSON_IsBool(v2)) {
        FAIL(err, "seed: metadata.imdsv2 must be true or false");
        return -1;
    }
    c->md_imdsv1 = v1 ? cJSON_IsTrue(v1) : 1;
    c->md_imdsv2 = v2 ? cJSON_IsTrue(v2) : 1;
    if (!c->md_imdsv1 && !c->md_imdsv2) {
        FAIL(err, "seed: metadata.imdsv1 and metadata.imdsv2 are both false: nothing could ask "
                  "for the role's credentials");
        return -1;
    }
    c->has_metadata = 1;
    if (!(c->md_role = strdup(r->valuestring))) {
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "seed: out of memory");
        return -1;
    }
    return 0;
}

int agw_emu_seedcred_parse(struct agw_emu_seed_creds *c, const cJSON *root, struct agw_err *err)
{
    memset(c, 0, sizeof *c);
    c->duration_s = 3600;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "sts")) && parse_sts(c, v, err)) return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "metadata")) && parse_metadata(c, v, err))
        return -1;
    return 0;
}

void agw_emu_seedcred_free(struct agw_emu_seed_creds *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nroles; i++)
        free(c->roles[i]);
    free(c->roles);
    for (size_t i = 0; i < c->noidc; i++)
        free(c->oidc_providers[i]);
    free(c->oidc_providers);
    free(c->md_role);
    memset(c, 0, sizeof *c);
}

int agw_emu_seedcred_has(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}
