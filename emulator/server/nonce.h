#ifndef AGW_EMU_NONCE_H
#define AGW_EMU_NONCE_H

#include <stddef.h>
#include <stdint.h>

/* Replay protection: the signature nonces seen in the last ttl seconds, network-wide (not per
 * AccessKey), as the real gateway does. Memory is bounded: the cache remembers at most cap
 * nonces; when it is full the oldest is evicted early (counted in agw_emu_nonce_evicted), so a
 * replay older than the last cap requests is admitted. Each nonce is kept as a 128-bit keyed
 * fingerprint (false-positive odds about n/2^128), in a time-ordered ring plus an open-addressing
 * index, so a lookup is O(1). Thread-safe. */

struct agw_emu_nonce_cache;

#define AGW_EMU_NONCE_TTL_S (31 * 60)
#define AGW_EMU_NONCE_DEFAULT_CAP ((size_t)1 << 20)

/* cap 0 means AGW_EMU_NONCE_DEFAULT_CAP; ttl_s 0 means AGW_EMU_NONCE_TTL_S. NULL when out of
 * memory. Free with agw_emu_nonce_free (NULL is a no-op). */
struct agw_emu_nonce_cache *agw_emu_nonce_new(size_t cap, int64_t ttl_s);
void agw_emu_nonce_free(struct agw_emu_nonce_cache *c);

/* Records nonce as used at time now (seconds). Returns 1 when it was already used within the
 * ttl (a replay; nothing changes), 0 when it is new and now remembered. */
int agw_emu_nonce_use(struct agw_emu_nonce_cache *c, const char *nonce, size_t len, int64_t now);

/* How many nonces are remembered, and how many were evicted early because the cache was full. */
size_t agw_emu_nonce_count(struct agw_emu_nonce_cache *c);
uint64_t agw_emu_nonce_evicted(struct agw_emu_nonce_cache *c);

#endif
