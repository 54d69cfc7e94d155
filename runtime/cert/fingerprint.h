#ifndef AGW_CERT_FINGERPRINT_H
#define AGW_CERT_FINGERPRINT_H

#include <stddef.h>

#include "err.h"

/* The SHA-256 fingerprint of a PEM body's first certificate (the leaf of a chain), over its
 * DER encoding: what `openssl x509 -noout -fingerprint -sha256` prints, as 64 lower-case hex
 * digits without colons. The declarative plan compares certificates by it, so that neither
 * body needs to be kept or shown. Pure; body is a byte string (a NUL is refused). Returns 0
 * with out filled, or -1 with err (InvalidCertificateBody: no certificate; InternalError).
 * A private key in the body is never read. */
int agw_cert_fingerprint(const char *body, size_t body_len, char out[65], struct agw_err *err);

#endif
