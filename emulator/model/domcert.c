#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "domains.h"
#include "rand.h"
#include "reply.h"

/* SetDomainCertificate and DeleteDomainCertificate (docs/service-behaviour.md, Part B 2.4, 2.5). */

int agw_emu_set_domain_certificate(struct agw_emu_model *m, const struct agw_emu_key *key,
                                   const struct agw_params *p, struct agw_emu_answer *ans)
{
    static const char *const bools[] = {"SslOcspEnable", "SslOcspCacheEnable",
                                        "ClientCertSDnPassThrough", NULL};
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g) return agw_emu_no_group(m, p, ans);
    for (const char *const *b = bools; *b; b++) {
        int v, given;
        if (agw_emu_param_bool(p, *b, &v, &given, ans)) return 0;
    }
    const char *depth = agw_emu_param_nonempty(p, "SslVerifyDepth");
    if (depth && (strspn(depth, "0123456789") != strlen(depth) || strlen(depth) > 2))
        return agw_emu_fail(ans, 400, "InvalidSslVerifyDepth",
                            "SslVerifyDepth must be a small integer, not \"%.16s\".", depth);
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    if (!d) return agw_emu_no_domain(p, 400, ans);
    const char *body = agw_emu_param(p, "CertificateBody");
    const char *pkey = agw_emu_param(p, "CertificatePrivateKey");
    int64_t start, end;
    if (agw_emu_cert_check(d->domain, body, pkey, agw_emu_param(p, "CaCertificateBody"), &start,
                           &end, ans))
        return 0;
    struct agw_emu_cert *c = calloc(1, sizeof *c);
    if (!c) return -1;
    c->id = malloc(33);
    c->name = strdup(agw_emu_param(p, "CertificateName"));
    c->body = strdup(body);
    c->private_key = strdup(pkey);
    c->valid_start_ms = start;
    c->valid_end_ms = end;
    if (!c->id || !c->name || !c->body || !c->private_key || agw_rand_nonce(c->id) != 0) {
        agw_emu_cert_free(c);
        return -1;
    }
    agw_emu_cert_free(d->cert);
    d->cert = c;
    m->dirty = 1;
    return agw_emu_ok(ans, NULL);
}

int agw_emu_delete_domain_certificate(struct agw_emu_model *m, const struct agw_emu_key *key,
                                      const struct agw_params *p, struct agw_emu_answer *ans)
{
    struct agw_emu_group *g = agw_emu_caller_group(m, key, agw_emu_param(p, "GroupId"));
    if (!g)
        return agw_emu_fail(ans, 404, "InvalidGroupId.NotFound",
                            "The API group %.64s does not exist.", agw_emu_param(p, "GroupId"));
    struct agw_emu_binding *d = agw_emu_bound_in(m, g, agw_emu_param(p, "DomainName"));
    const char *cid = agw_emu_param(p, "CertificateId");
    if (d && d->cert && strcmp(d->cert->id, cid) == 0) {
        agw_emu_cert_free(d->cert);
        d->cert = NULL;
        m->dirty = 1;
    }
    return agw_emu_ok(ans, NULL);
}
