#ifndef AGW_EMU_CERTS_H
#define AGW_EMU_CERTS_H

#include <stdint.h>

#include "model.h"

/* Checks a SetDomainCertificate upload with OpenSSL: the body is a PEM certificate, the
 * key a PEM private key (unencrypted), the certificate names the domain (DNS names of the
 * subjectAltName, else the subject CN; "*.example.com" covers exactly one more label, and a
 * wildcard domain needs the same wildcard), the key matches the certificate, and the
 * optional CA body is PEM. On success returns 0 with the validity in epoch milliseconds.
 * Returns 1 with ans filled (InvalidCertificateBody, InvalidCertificatePrivateKey or
 * InvalidCaCertificateBody, 400) when the upload is refused. */
int agw_emu_cert_check(const char *domain, const char *body, const char *private_key,
                       const char *ca_body, int64_t *start_ms, int64_t *end_ms,
                       struct agw_emu_answer *ans);

#endif
