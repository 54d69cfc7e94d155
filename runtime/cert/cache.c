#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

struct slot {
    unsigned char digest[32];
    int used;
    struct agw_cert_pair *pair; /* NULL: the pair failed, with failed */
    struct agw_err *failed;
};

struct agw_cert_cache {
    unsigned char salt[16];
    struct slot *slots; /* open addressing, cap a power of two, at most half full */
    size_t cap, n;
};

struct agw_cert_cache *agw_cert_cache_new(const unsigned char salt[16])
{
    struct agw_cert_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    memcpy(c->salt, salt, sizeof c->salt);
    return c;
}

void agw_cert_cache_free(struct agw_cert_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->cap; i++) {
        agw_cert_pair_free(c->slots[i].pair);
        free(c->slots[i].failed);
    }
    if (c->slots) OPENSSL_cleanse(c->slots, c->cap * sizeof *c->slots);
    free(c->slots);
    OPENSSL_cleanse(c, sizeof *c);
    free(c);
}

size_t agw_cert_cache_pairs(const struct agw_cert_cache *c)
{
    return c ? c->n : 0;
}

static int digest_of(const struct agw_cert_cache *c, const char *body, size_t bl, const char *key,
                     size_t kl, unsigned char out[32])
{
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)((uint64_t)bl >> (8 * i));
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned int n = 0;
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
             EVP_DigestUpdate(md, c->salt, sizeof c->salt) && EVP_DigestUpdate(md, len, 8) &&
             EVP_DigestUpdate(md, body, bl) && EVP_DigestUpdate(md, key, kl) &&
             EVP_DigestFinal_ex(md, out, &n) && n == 32;
    EVP_MD_CTX_free(md);
    return ok ? 0 : -1;
}

static size_t start_of(const unsigned char d[32], size_t cap)
{
    size_t h = 0;
    memcpy(&h, d, sizeof h);
    return h & (cap - 1);
}

/* The slot holding d, or the free slot where it goes (cap > 0). */
static struct slot *find(struct slot *slots, size_t cap, const unsigned char d[32])
{
    for (size_t i = start_of(d, cap);; i = (i + 1) & (cap - 1))
        if (!slots[i].used || memcmp(slots[i].digest, d, 32) == 0) return &slots[i];
}

static int grow(struct agw_cert_cache *c)
{
    if (c->cap && (c->n + 1) * 2 <= c->cap) return 0;
    size_t cap = c->cap ? c->cap * 2 : 16;
    struct slot *s = calloc(cap, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].used) *find(s, cap, c->slots[i].digest) = c->slots[i];
    if (c->slots) OPENSSL_cleanse(c->slots, c->cap * sizeof *c->slots);
    free(c->slots);
    c->slots = s;
    c->cap = cap;
    return 0;
}

int agw_cert_cache_check(struct agw_cert_cache *c, const char *body, size_t body_len,
                         const char *key, size_t key_len, const char *domain, int64_t now,
                         struct agw_cert_info *info, struct agw_err *err)
{
    unsigned char d[32];
    if (digest_of(c, body, body_len, key, key_len, d) != 0 || grow(c) != 0)
        /* not cached: the same answer, at the full cost */
        return agw_cert_check(body, body_len, key, key_len, domain, now, info, err);
    struct slot *s = find(c->slots, c->cap, d);
    if (!s->used) {
        struct agw_cert_pair *p = NULL;
        struct agw_err e;
        agw_err_clear(&e);
        if (agw_cert_pair_new(body, body_len, key, key_len, &p, &e) != 0) {
            struct agw_err *keep = malloc(sizeof *keep);
            if (!keep) { /* not cached */
                OPENSSL_cleanse(d, sizeof d);
                *err = e;
                return -1;
            }
            *keep = e;
            s->failed = keep;
        }
        memcpy(s->digest, d, sizeof d);
        s->pair = p;
        s->used = 1;
        c->n++;
    }
    OPENSSL_cleanse(d, sizeof d);
    if (!s->pair) {
        *err = *s->failed;
        return -1;
    }
    return agw_cert_pair_check(s->pair, domain, now, info, err);
}
