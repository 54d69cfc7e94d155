#ifndef AGW_CERT_H
#define AGW_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The checks apigw-lua makes before SetDomainCertificate sends a certificate and its key
 * (docs/lua-api.md, set_domain_certificate), so that a mistake is named here rather than
 * found by the service. Pure: the time is an input. */

/* What a certificate that passed is. */
struct agw_cert_info {
    char names[512];    /* the DNS names it covers, ", "-joined (cut short if long) */
    int64_t not_before; /* the leaf's validity, epoch seconds */
    int64_t not_after;
    int chain; /* certificates in the body */
};

/* Checks, in this order, each failure with its own code (kind AGW_ERR_CLIENT) and a message
 * that names what is wrong and never quotes the key:
 *   InvalidCertificateBody        body is no PEM certificate; holds a private key; or is a
 *                                 chain not in order (leaf first, each certificate followed
 *                                 by the one that issued it);
 *   InvalidCertificatePrivateKey  key is no PEM private key, or an encrypted one (with the
 *                                 command that decrypts it);
 *   CertificateKeyMismatch        the key is not the leaf's (saying so when it is another
 *                                 certificate's of the chain);
 *   CertificateDomainMismatch     the leaf does not cover domain (subjectAltName DNS names,
 *                                 else the subject CN; agw_cert_name_covers), naming the
 *                                 names it covers;
 *   CertificateExpired            the leaf's notAfter is before now (epoch seconds).
 * body and key are byte strings (NULs refused, not cut at). info may be NULL. Returns 0, or
 * -1 with err. InternalError on out of memory. */
int agw_cert_check(const char *body, size_t body_len, const char *key, size_t key_len,
                   const char *domain, int64_t now, struct agw_cert_info *info,
                   struct agw_err *err);

/* agw_cert_check in two halves, for a caller that checks one certificate and key against many
 * domains (runtime/cert/cache.h). agw_cert_pair_new runs the checks that depend on the body
 * and key alone (InvalidCertificateBody, InvalidCertificatePrivateKey,
 * CertificateKeyMismatch: the same messages); the pair keeps the chain, never the key (it is
 * freed once matched). Returns 0 with *out (free with agw_cert_pair_free; NULL is a no-op),
 * or -1 with err and *out NULL. agw_cert_pair_check then runs the rest, in the same order
 * (CertificateDomainMismatch, the dates, CertificateExpired), and fills info on success. */
struct agw_cert_pair;
int agw_cert_pair_new(const char *body, size_t body_len, const char *key, size_t key_len,
                      struct agw_cert_pair **out, struct agw_err *err);
int agw_cert_pair_check(const struct agw_cert_pair *p, const char *domain, int64_t now,
                        struct agw_cert_info *info, struct agw_err *err);
void agw_cert_pair_free(struct agw_cert_pair *p);

#endif
