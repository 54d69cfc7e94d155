#include <stdlib.h>
#include <string.h>

#include "domains.h"
#include "reply.h"

/* SetWildcardDomainPatterns (docs/service-behaviour.md, Part B 2.8): the patterns of a bound
 * wildcard domain, a JSON array of strings, kept as the canonical JSON text and answered by
 * DescribeApiGroup's DomainItem.WildcardDomainPatterns. Which domains take patterns and what
 * a pattern may be are not documented: this takes wildcard domains only (a leading "*.") and
 * any non-empty strings, at most MAX_PATTERNS of them [inferred]. */

#define MAX_PATTERNS 20
#define MAX_TEXT 4096

/* The canonical text of a JSON array of non-empty strings, or NULL when it is not one
 * (*oom set on out of memory). The caller frees it. */
static char *canonical(const char *text, int *oom)
{
    *oom = 0;
    cJSON *a = cJSON_Parse(text);
    if (!a) return NULL;
    int ok = cJSON_IsArray(a) && cJSON_GetArraySize(a) <= MAX_PATTERNS;
    const cJSON *it;
    cJSON_ArrayForEach(it, a) if (!cJSON_IsString(it) || !it->valuestring[0]) ok = 0;
    char *out = ok ? cJSON_PrintUnformatted(a) : NULL;
    if (ok && !out) *oom = 1;
    cJSON_Delete(a);
    return out;
}

int agw_emu_set_wildcard_domain_patterns(struct agw_emu_model *m, const struct agw_emu_key *key,
                                         const struct agw_params *p, struct agw_emu_answer *ans)
{
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    if (!d) return agw_emu_no_domain(p, 400, ans);
    if (strncmp(d->domain, "*.", 2) != 0)
        return agw_emu_fail(ans, 400, "InvalidDomainName",
                            "The domain name %s is not a wildcard domain (*.example.com); only "
                            "wildcard domains take patterns.",
                            d->domain);
    const char *text = agw_emu_param_nonempty(p, "WildcardDomainPatterns");
    char *patterns = NULL;
    if (text) {
        int oom = 0;
        patterns = strlen(text) <= MAX_TEXT ? canonical(text, &oom) : NULL;
        if (oom) return -1;
        if (!patterns)
            return agw_emu_fail(ans, 400, "InvalidWildcardDomainPatterns",
                                "WildcardDomainPatterns must be a JSON array of at most %d "
                                "non-empty strings, such as [\"{svc}.prd.example.com\"].",
                                MAX_PATTERNS);
    }
    free(d->wildcard_patterns);
    d->wildcard_patterns = patterns; /* NULL: none */
    m->dirty = 1;
    return agw_emu_ok(ans, NULL);
}
