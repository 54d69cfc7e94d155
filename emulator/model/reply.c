#include "reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

const char *agw_emu_param(const struct agw_params *p, const char *name)
{
    return p ? agw_params_get(p, name) : NULL;
}

const char *agw_emu_param_nonempty(const struct agw_params *p, const char *name)
{
    const char *v = agw_emu_param(p, name);
    return v && *v ? v : NULL;
}

int agw_emu_fail(struct agw_emu_answer *a, int status, const char *code, const char *fmt, ...)
{
    a->http_status = status;
    snprintf(a->code, sizeof a->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
    cJSON_Delete(a->body);
    a->body = NULL;
    return 0;
}

int agw_emu_ok(struct agw_emu_answer *a, cJSON *body)
{
    if (!body && !(body = cJSON_CreateObject())) return -1;
    a->http_status = 200;
    a->code[0] = '\0';
    a->message[0] = '\0';
    a->body = body;
    return 0;
}

int agw_emu_param_bool(const struct agw_params *p, const char *name, int *out, int *given,
                       struct agw_emu_answer *a)
{
    const char *v = agw_emu_param_nonempty(p, name);
    *given = 0;
    if (!v) return 0;
    if (strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "false") == 0)
        *out = 0;
    else {
        agw_emu_fail(a, 400, "", "The parameter %s must be \"true\" or \"false\", not \"%.64s\".",
                     name, v);
        snprintf(a->code, sizeof a->code, "Invalid%s", name);
        return 1;
    }
    *given = 1;
    return 0;
}

struct agw_emu_group *agw_emu_caller_group(const struct agw_emu_model *m,
                                           const struct agw_emu_key *key, const char *id)
{
    struct agw_emu_group *g = agw_emu_group_find(&m->store, id);
    if (!g || !key || strcmp(g->region, m->region) != 0 || strcmp(g->account, key->account) != 0)
        return NULL;
    return g;
}

void agw_emu_js(cJSON *o, const char *k, const char *v, int *bad)
{
    if (*bad) return;
    if (!cJSON_AddStringToObject(o, k, v ? v : "")) *bad = 1;
}

void agw_emu_jn(cJSON *o, const char *k, int64_t v, int *bad)
{
    if (*bad) return;
    if (!cJSON_AddNumberToObject(o, k, (double)v)) *bad = 1;
}

void agw_emu_jb(cJSON *o, const char *k, int v, int *bad)
{
    if (*bad) return;
    if (!cJSON_AddBoolToObject(o, k, v)) *bad = 1;
}

cJSON *agw_emu_jlist(cJSON *o, const char *k, const char *inner, int *bad)
{
    if (*bad) return NULL;
    cJSON *w = cJSON_AddObjectToObject(o, k);
    cJSON *arr = w ? cJSON_AddArrayToObject(w, inner) : NULL;
    if (!arr) *bad = 1;
    return arr;
}

cJSON *agw_emu_jitem(cJSON *arr, int *bad)
{
    if (*bad) return NULL;
    cJSON *it = cJSON_CreateObject();
    if (!it || !cJSON_AddItemToArray(arr, it)) {
        cJSON_Delete(it);
        *bad = 1;
        return NULL;
    }
    return it;
}

void agw_emu_jtime(cJSON *o, const char *k, int64_t t, int *bad)
{
    char s[21];
    if (agw_clock_iso8601((time_t)t, s) != 0) strcpy(s, "1970-01-01T00:00:00Z");
    agw_emu_js(o, k, s, bad);
}

int agw_emu_no_group(const struct agw_emu_model *m, const struct agw_params *p,
                     struct agw_emu_answer *ans)
{
    return agw_emu_fail(ans, 400, "NotFoundApiGroup",
                        "Cannot find the API group %.64s in region %s.",
                        agw_emu_param(p, "GroupId"), m->region);
}
