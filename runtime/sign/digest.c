#include "digest.h"

#include "hasher.h"

int agw_digest(enum agw_hash h, const void *data, size_t n, unsigned char out[AGW_DIGEST_MAX],
               size_t *outlen)
{
    struct agw_hasher hs = {0};
    int rc = -1;
    if ((data || !n) && agw_hasher_init(&hs, h) == 0 && agw_hasher_digest(&hs, data, n, out) == 0)
        rc = 0;
    if (rc == 0 && outlen) *outlen = hs.size;
    agw_hasher_free(&hs);
    return rc;
}

int agw_hmac(enum agw_hash h, const void *key, size_t keylen, const void *data, size_t n,
             unsigned char out[AGW_DIGEST_MAX], size_t *outlen)
{
    struct agw_hasher hs = {0};
    int rc = -1;
    if (agw_hasher_init(&hs, h) == 0 &&
        agw_hasher_hmac(&hs, key, keylen, NULL, 0, data, n, out) == 0)
        rc = 0;
    if (rc == 0 && outlen) *outlen = hs.size;
    agw_hasher_free(&hs);
    return rc;
}

static const char HEX_LOWER[] = "0123456789abcdef";

void agw_hex_lower(const unsigned char *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX_LOWER[in[i] >> 4];
        out[2 * i + 1] = HEX_LOWER[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void agw_base64(const unsigned char *in, size_t n, char *out)
{
    size_t i = 0;
    char *o = out;
    for (; i + 3 <= n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
        *o++ = B64[v >> 18 & 63];
        *o++ = B64[v >> 12 & 63];
        *o++ = B64[v >> 6 & 63];
        *o++ = B64[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)in[i] << 16;
        *o++ = B64[v >> 18 & 63];
        *o++ = B64[v >> 12 & 63];
        *o++ = '=';
        *o++ = '=';
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
        *o++ = B64[v >> 18 & 63];
        *o++ = B64[v >> 12 & 63];
        *o++ = B64[v >> 6 & 63];
        *o++ = '=';
    }
    *o = '\0';
}
