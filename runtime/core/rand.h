#ifndef AGW_RAND_H
#define AGW_RAND_H

#include <stddef.h>

/* Nonces and ids from OpenSSL's RAND_bytes. Each returns 0, or -1 if the
 * random source failed (the caller must not sign with a weak nonce). */

/* 32 lowercase hex characters (128 bits) and a NUL into out[33]. */
int agw_rand_nonce(char out[33]);
/* An RFC 4122 version 4 UUID, upper case, "8-4-4-4-12", NUL-terminated, into out[37]. */
int agw_rand_uuid(char out[37]);
/* n random bytes. */
int agw_rand_bytes(unsigned char *out, size_t n);

/* Random bytes drawn from RAND_bytes in blocks, for a caller that needs a nonce per request:
 * one RAND_bytes call (with its locking) per 64 nonces instead of one per nonce. Owned by
 * one thread. Zero-initialise it; agw_rand_pool_wipe clears what is left. */
struct agw_rand_pool {
    unsigned char buf[1024];
    size_t pos; /* bytes of buf already used; a zeroed pool refills on first use */
    int filled;
};

/* As agw_rand_nonce, from the pool. */
int agw_rand_pool_nonce(struct agw_rand_pool *p, char out[33]);
void agw_rand_pool_wipe(struct agw_rand_pool *p);

#endif
