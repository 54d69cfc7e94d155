#ifndef AGW_CERT_CACHE_H
#define AGW_CERT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "cert.h"
#include "err.h"

/* The checks of agw_cert_check for many entries that share certificates (a plan of 1,000
 * domains under one wildcard): the certificate/key pair's checks (parse the chain, parse the
 * key, match it to the leaf: most of the cost) run once per distinct (body, key) pair, and
 * only the domain coverage and the expiry per call. A pair is known by a SHA-256 of a salt,
 * the body's length, the body and the key: neither text is kept (the key is parsed, matched
 * and freed at once), and the digests are wiped on free. Owned by one caller; meant to live
 * as long as one plan. */
struct agw_cert_cache;

/* A new empty cache; salt (16 bytes, the caller's random) makes its digests its own. NULL on
 * out of memory. Free with agw_cert_cache_free (NULL is a no-op). */
struct agw_cert_cache *agw_cert_cache_new(const unsigned char salt[16]);
void agw_cert_cache_free(struct agw_cert_cache *c);

/* agw_cert_check's result (the same codes and messages, in the same order), with the pair's
 * outcome, success or failure, taken from the cache when the pair was seen before. */
int agw_cert_cache_check(struct agw_cert_cache *c, const char *body, size_t body_len,
                         const char *key, size_t key_len, const char *domain, int64_t now,
                         struct agw_cert_info *info, struct agw_err *err);

/* Distinct pairs checked so far (what the tests count). */
size_t agw_cert_cache_pairs(const struct agw_cert_cache *c);

#endif
