#include "nonce.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rand.h"

struct entry {
    uint64_t h1, h2;
    int64_t t;
};

struct agw_emu_nonce_cache {
    pthread_mutex_t mu;
    struct entry *ring; /* oldest at head; n entries, wrapping at cap */
    size_t cap, head, n;
    uint32_t *slots; /* ring index + 1; 0 is an empty slot */
    size_t mask;
    int64_t ttl;
    uint64_t k1, k2; /* fingerprint keys, random per cache */
    uint64_t evicted;
};

/* A keyed 64-bit hash (multiply-xorshift mixing); two keys give a 128-bit fingerprint. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
}

static uint64_t fp(uint64_t key, const unsigned char *s, size_t n)
{
    uint64_t h = key ^ (n * 0x9e3779b97f4a7c15ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)s[i] << (8 * i);
    return mix(h ^ w ^ 0xa0761d6478bd642fULL);
}

struct agw_emu_nonce_cache *agw_emu_nonce_new(size_t cap, int64_t ttl_s)
{
    if (cap == 0) cap = AGW_EMU_NONCE_DEFAULT_CAP;
    if (cap > ((size_t)1 << 30)) cap = (size_t)1 << 30;
    struct agw_emu_nonce_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    size_t nslots = 16;
    while (nslots < 2 * cap)
        nslots <<= 1;
    c->ring = calloc(cap, sizeof *c->ring);
    c->slots = calloc(nslots, sizeof *c->slots);
    unsigned char k[16];
    if (!c->ring || !c->slots || agw_rand_bytes(k, sizeof k) != 0) {
        free(c->ring);
        free(c->slots);
        free(c);
        return NULL;
    }
    memcpy(&c->k1, k, 8);
    memcpy(&c->k2, k + 8, 8);
    c->cap = cap;
    c->mask = nslots - 1;
    c->ttl = ttl_s > 0 ? ttl_s : AGW_EMU_NONCE_TTL_S;
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void agw_emu_nonce_free(struct agw_emu_nonce_cache *c)
{
    if (!c) return;
    pthread_mutex_destroy(&c->mu);
    free(c->ring);
    free(c->slots);
    free(c);
}

/* Removes the oldest entry from the ring and its slot from the index (backward-shift
 * deletion keeps every probe chain unbroken without tombstones). */
static void drop_head(struct agw_emu_nonce_cache *c)
{
    uint32_t want = (uint32_t)(c->head + 1);
    size_t i = (size_t)c->ring[c->head].h1 & c->mask;
    while (c->slots[i] != want)
        i = (i + 1) & c->mask;
    size_t j = i;
    for (;;) {
        j = (j + 1) & c->mask;
        if (c->slots[j] == 0) break;
        size_t k = (size_t)c->ring[c->slots[j] - 1].h1 & c->mask;
        /* Move slot j back to the hole at i unless its home k lies cyclically in (i, j]. */
        int between = (i <= j) ? (i < k && k <= j) : (i < k || k <= j);
        if (!between) {
            c->slots[i] = c->slots[j];
            i = j;
        }
    }
    c->slots[i] = 0;
    c->head = (c->head + 1) % c->cap;
    c->n--;
}

int agw_emu_nonce_use(struct agw_emu_nonce_cache *c, const char *nonce, size_t len, int64_t now)
{
    uint64_t h1 = fp(c->k1, (const unsigned char *)nonce, len);
    uint64_t h2 = fp(c->k2, (const unsigned char *)nonce, len);
    pthread_mutex_lock(&c->mu);
    while (c->n > 0 && now - c->ring[c->head].t > c->ttl)
        drop_head(c);
    size_t i = (size_t)h1 & c->mask;
    while (c->slots[i] != 0) {
        const struct entry *e = &c->ring[c->slots[i] - 1];
        if (e->h1 == h1 && e->h2 == h2) {
            pthread_mutex_unlock(&c->mu);
            return 1;
        }
        i = (i + 1) & c->mask;
    }
    if (c->n == c->cap) {
        drop_head(c);
        c->evicted++;
        /* the slot found above may have moved; probe again */
        i = (size_t)h1 & c->mask;
        while (c->slots[i] != 0)
            i = (i + 1) & c->mask;
    }
    size_t r = (c->head + c->n) % c->cap;
    c->ring[r].h1 = h1;
    c->ring[r].h2 = h2;
    c->ring[r].t = now;
    c->slots[i] = (uint32_t)(r + 1);
    c->n++;
    pthread_mutex_unlock(&c->mu);
    return 0;
}

size_t agw_emu_nonce_count(struct agw_emu_nonce_cache *c)
{
    pthread_mutex_lock(&c->mu);
    size_t n = c->n;
    pthread_mutex_unlock(&c->mu);
    return n;
}

uint64_t agw_emu_nonce_evicted(struct agw_emu_nonce_cache *c)
{
    pthread_mutex_lock(&c->mu);
    uint64_t n = c->evicted;
    pthread_mutex_unlock(&c->mu);
    return n;
}
