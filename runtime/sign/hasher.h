#ifndef AGW_HASHER_H
#define AGW_HASHER_H

#include <stddef.h>

#include "digest.h"

/* Internal to runtime/sign: one reusable digest context for a whole signature.
 *
 * Why: in OpenSSL 3 every EVP_DigestInit_ex with a static getter (EVP_sha256()) and every
 * HMAC() call fetches the algorithm from the provider store, which costs more than hashing
 * a few hundred bytes. A hasher fetches once, in agw_hasher_init, and re-initialises the same
 * context for each further digest; HMAC is done by hand over that context (RFC 2104), so no
 * EVP_MAC is fetched either. Not thread-safe: one hasher per thread/call. */
struct agw_hasher {
    void *ctx; /* EVP_MD_CTX *, kept opaque so callers need no OpenSSL headers */
    size_t size;
    size_t block;
};

/* Returns 0, or -1 if OpenSSL failed; h needs agw_hasher_free either way. */
int agw_hasher_init(struct agw_hasher *h, enum agw_hash alg);
/* Frees the context. NULL, and a hasher whose init failed, are fine. */
void agw_hasher_free(struct agw_hasher *h);
/* Digest of data into out (h->size bytes). Returns 0 or -1. */
int agw_hasher_digest(struct agw_hasher *h, const void *data, size_t n, unsigned char *out);
/* HMAC of data under the key k1 || k2 (k2 may be NULL with k2len 0; the RPC scheme's key is
 * secret + "&" and this avoids copying the secret). Key material on the stack is wiped.
 * Returns 0 or -1. */
int agw_hasher_hmac(struct agw_hasher *h, const void *k1, size_t k1len, const void *k2,
                    size_t k2len, const void *data, size_t n, unsigned char *out);

#endif
