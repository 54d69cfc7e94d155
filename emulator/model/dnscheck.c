#include "dnscheck.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct agw_emu_dns_record *agw_emu_dns_lookup(const struct agw_emu_seed *s, const char *name)
{
    const struct agw_emu_dns_record *r = agw_emu_hmap_get(&s->dns_index, name);
    if (r || s->ndns == 0) return r;
    char wild[300];
    for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
        if (snprintf(wild, sizeof wild, "*%s", dot) >= (int)sizeof wild) return NULL;
        if ((r = agw_emu_hmap_get(&s->dns_index, wild))) return r;
    }
    return NULL;
}

int agw_emu_dns_cname_ok(const struct agw_emu_seed *s, const char *domain, const char *sub_domain)
{
    const char *cur = domain;
    for (int hop = 0; hop < 8; hop++) {
        const struct agw_emu_dns_record *r = agw_emu_dns_lookup(s, cur);
        if (!r || !r->cname) return 0;
        if (strcasecmp(r->cname, sub_domain) == 0) return 1;
        cur = r->cname;
    }
    return 0;
}

static int txt_at(const struct agw_emu_seed *s, const char *name, const char *sub_domain)
{
    static const char *const prefixes[] = {"apigateway-domain-verification=",
                                           "apigateway-domain-verfication="};
    const struct agw_emu_dns_record *r = agw_emu_dns_lookup(s, name);
    if (!r) return 0;
    for (size_t i = 0; i < r->ntxt; i++)
        for (size_t j = 0; j < 2; j++) {
            size_t pl = strlen(prefixes[j]);
            if (strncmp(r->txt[i], prefixes[j], pl) == 0 &&
                strcasecmp(r->txt[i] + pl, sub_domain) == 0)
                return 1;
        }
    return 0;
}

int agw_emu_dns_txt_ok(const struct agw_emu_seed *s, const char *domain, const char *group_id,
                       const char *sub_domain)
{
    char name[400];
    if (snprintf(name, sizeof name, "%s.%s", group_id, domain) < (int)sizeof name &&
        txt_at(s, name, sub_domain))
        return 1;
    if (strncmp(domain, "*.", 2) == 0 &&
        snprintf(name, sizeof name, "%s.%s", group_id, domain + 2) < (int)sizeof name &&
        txt_at(s, name, sub_domain))
        return 1;
    return 0;
}

int agw_emu_icp_filed(const struct agw_emu_seed *s, const char *domain)
{
    if (strncmp(domain, "*.", 2) == 0) domain += 2;
    size_t dl = strlen(domain);
    for (size_t i = 0; i < s->nicp; i++) {
        const char *f = s->icp_filed[i];
        size_t fl = strlen(f);
        if (dl == fl && strcmp(domain, f) == 0) return 1;
        if (dl > fl && domain[dl - fl - 1] == '.' && strcmp(domain + dl - fl, f) == 0) return 1;
    }
    return 0;
}

int agw_emu_icp_region(const char *region)
{
    return strncmp(region, "cn-", 3) == 0 && strcmp(region, "cn-hongkong") != 0;
}
