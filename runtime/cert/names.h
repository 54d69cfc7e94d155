#ifndef AGW_CERT_NAMES_H
#define AGW_CERT_NAMES_H

#include <stddef.h>

/* Does the DNS name of a certificate, pattern[0..plen) (a subjectAltName entry or a CN),
 * cover host? Compared without case, a trailing dot on the pattern ignored. A wildcard is
 * only a whole left-most label, "*.example.com", and stands for exactly one label: it covers
 * a.example.com, neither example.com nor a.b.example.com, and never a single-label suffix
 * ("*.com"); "a*.example.com" and "a.*.example.com" cover nothing. A wildcard host (a
 * wildcard custom domain, "*.example.com") is covered only by the same wildcard. A pattern
 * holding a NUL byte covers nothing. */
int agw_cert_name_covers(const char *pattern, size_t plen, const char *host);

#endif
