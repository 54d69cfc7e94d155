#ifndef AGW_EMU_DNSTWIN_H
#define AGW_EMU_DNSTWIN_H

#include <stddef.h>

#include "handle.h"

/* The DNS-over-HTTPS twin (docs/emulator.md, "DNS twin"): GET /resolve?name=N&type=T answers
 * from the seed's "dns" in the JSON shape of AliDNS's public resolver
 * (https://dns.alidns.com/resolve), so that apigw.plan checks a domain's ownership proof
 * against the same records SetDomain checks. T is CNAME (5) or TXT (16); unsigned, like the
 * credential twins. Returns 1 when path is /resolve (o filled), else 0. */
int agw_emu_dns_twin(struct agw_emu_ctx *x, const struct agw_emu_request *rq, const char *path,
                     size_t path_len, const struct agw_params *params, struct agw_emu_outcome *o);

#endif
