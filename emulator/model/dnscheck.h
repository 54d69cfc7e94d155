#ifndef AGW_EMU_DNSCHECK_H
#define AGW_EMU_DNSCHECK_H

#include "seed.h"

/* Ownership and ICP checks against the seed's fake DNS and filing list. Domain names are
 * lower case. A name without its own record is answered by the nearest enclosing wildcard
 * record ("*.example.com" answers for "a.b.example.com"), as DNS wildcards do. */

/* The record that answers name: its own, else the nearest enclosing wildcard; NULL when
 * none. */
const struct agw_emu_dns_record *agw_emu_dns_lookup(const struct agw_emu_seed *s, const char *name);
/* 1 when the CNAME chain of domain (at most 8 hops) reaches sub_domain. */
int agw_emu_dns_cname_ok(const struct agw_emu_seed *s, const char *domain, const char *sub_domain);
/* 1 when the TXT record "<group_id>.<domain>" (for a wildcard domain also
 * "<group_id>.<domain without *.>") holds "apigateway-domain-verification=<sub_domain>"
 * (or the misspelt "apigateway-domain-verfication=" some tools use). */
int agw_emu_dns_txt_ok(const struct agw_emu_seed *s, const char *domain, const char *group_id,
                       const char *sub_domain);
/* 1 when the domain (without a leading "*.") is, or is under, a name in icp_filed. */
int agw_emu_icp_filed(const struct agw_emu_seed *s, const char *domain);
/* 1 for mainland China regions: "cn-*" except "cn-hongkong". */
int agw_emu_icp_region(const char *region);

#endif
