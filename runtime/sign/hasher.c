#include "hasher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

/* Large enough for the block of every supported hash (64 bytes for SHA-1/SHA-256/SM3). */
#define MAX_BLOCK 128

static const EVP_MD *md_of(enum agw_hash alg)
{
    switch (alg) {
    case AGW_HASH_SHA256:
        return EVP_sha256();
    case AGW_HASH_SM3:
        return EVP_sm3();
    case AGW_HASH_SHA1:
        return EVP_sha1();
    }
    return NULL;
}

int agw_hasher_init(struct agw_hasher *h, enum agw_hash alg)
{
    h->ctx = NULL;
    h->size = h->block = 0;
    const EVP_MD *md = md_of(alg);
    if (!md) return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx) return -1;
    h->ctx = ctx;
    /* The one provider fetch; later inits pass NULL and reuse the fetched method. */
    if (EVP_DigestInit_ex(ctx, md, NULL) != 1) return -1;
    int size = EVP_MD_get_size(md), block = EVP_MD_get_block_size(md);
    if (size <= 0 || size > AGW_DIGEST_MAX || block <= 0 || block > MAX_BLOCK) return -1;
    h->size = (size_t)size;
    h->block = (size_t)block;
    return 0;
}

void agw_hasher_free(struct agw_hasher *h)
{
    if (!h) return;
    EVP_MD_CTX_free(h->ctx);
    h->ctx = NULL;
}

/* Hashes up to two consecutive pieces. */
static int digest2(struct agw_hasher *h, const void *a, size_t an, const void *b, size_t bn,
                   unsigned char *out)
{
    EVP_MD_CTX *ctx = h->ctx;
    if (!ctx || h->size == 0) return -1;
    if (EVP_DigestInit_ex(ctx, NULL, NULL) != 1) return -1;
    if (an && EVP_DigestUpdate(ctx, a, an) != 1) return -1;
    if (bn && EVP_DigestUpdate(ctx, b, bn) != 1) return -1;
    return EVP_DigestFinal_ex(ctx, out, NULL) == 1 ? 0 : -1;
}

int agw_hasher_digest(struct agw_hasher *h, const void *data, size_t n, unsigned char *out)
{
    return digest2(h, data, n, NULL, 0, out);
}

int agw_hasher_hmac(struct agw_hasher *h, const void *k1, size_t k1len, const void *k2,
                    size_t k2len, const void *data, size_t n, unsigned char *out)
{
    if (!h->ctx || h->size == 0) return -1;
    if ((!k1 && k1len) || (!k2 && k2len) || (!data && n)) return -1;
    size_t block = h->block;
    unsigned char key[MAX_BLOCK], pad[MAX_BLOCK], inner[AGW_DIGEST_MAX];
    int rc = -1;
    memset(key, 0, block);
    if (k1len > block || k2len > block - k1len) {
        /* Keys longer than a block are replaced by their digest (RFC 2104). */
        if (digest2(h, k1, k1len, k2, k2len, key) != 0) goto done;
    } else {
        if (k1len) memcpy(key, k1, k1len);
        if (k2len) memcpy(key + k1len, k2, k2len);
    }
    for (size_t i = 0; i < block; i++)
        pad[i] = key[i] ^ 0x36;
    if (digest2(h, pad, block, data, n, inner) != 0) goto done;
    for (size_t i = 0; i < block; i++)
        pad[i] = key[i] ^ 0x5c;
    if (digest2(h, pad, block, inner, h->size, out) != 0) goto done;
    rc = 0;
done:
    /* Only the first block bytes were ever written. */
    OPENSSL_cleanse(key, block);
    OPENSSL_cleanse(pad, block);
    OPENSSL_cleanse(inner, sizeof inner);
    return rc;
}
