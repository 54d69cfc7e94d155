#ifndef AGW_DIGEST_H
#define AGW_DIGEST_H

#include <stddef.h>

/* Thin OpenSSL wrappers. Each returns 0, or -1 if OpenSSL failed. */

enum agw_hash { AGW_HASH_SHA256, AGW_HASH_SM3, AGW_HASH_SHA1 };

#define AGW_DIGEST_MAX 32

/* Digest of data; writes the raw bytes to out and their count to *outlen. */
int agw_digest(enum agw_hash h, const void *data, size_t n, unsigned char out[AGW_DIGEST_MAX],
               size_t *outlen);
/* HMAC of data under key. */
int agw_hmac(enum agw_hash h, const void *key, size_t keylen, const void *data, size_t n,
             unsigned char out[AGW_DIGEST_MAX], size_t *outlen);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void agw_hex_lower(const unsigned char *in, size_t n, char *out);
/* Standard Base64 with padding of n bytes into out (4*ceil(n/3)+1 bytes). */
void agw_base64(const unsigned char *in, size_t n, char *out);

#endif
