#ifndef AGW_V3_INTERNAL_H
#define AGW_V3_INTERNAL_H

#include "hasher.h"
#include "v3.h"

/* Internal to runtime/sign. agw_v3_sign with a hasher the caller already initialised for
 * in->alg (SHA-256 or SM3), so agw_v3_sign_request can hash the body and sign with one
 * OpenSSL context. */
int agw_v3_sign_with(struct agw_hasher *h, const struct agw_v3_input *in,
                     struct agw_v3_output *out);

/* The hash behind an algorithm. */
enum agw_hash agw_v3_hash_of(enum agw_v3_alg alg);

/* Lower-case hex of the algorithm's hash of the empty string (64 characters). */
const char *agw_v3_empty_hash(enum agw_v3_alg alg);

#endif
