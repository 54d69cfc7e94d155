#include "rand.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

static const char hexdig[] = "0123456789abcdef";
static const char HEXDIG[] = "0123456789ABCDEF";

int agw_rand_bytes(unsigned char *out, size_t n)
{
    return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}

static void hex16(const unsigned char r[16], char out[33])
{
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hexdig[r[i] >> 4];
        out[2 * i + 1] = hexdig[r[i] & 15];
    }
    out[32] = '\0';
}

int agw_rand_nonce(char out[33])
{
    unsigned char r[16];
    if (agw_rand_bytes(r, sizeof r) != 0) return -1;
    hex16(r, out);
    return 0;
}

int agw_rand_pool_nonce(struct agw_rand_pool *p, char out[33])
{
    if (!p->filled || p->pos + 16 > sizeof p->buf) {
        if (agw_rand_bytes(p->buf, sizeof p->buf) != 0) return -1;
        p->pos = 0;
        p->filled = 1;
    }
    hex16(p->buf + p->pos, out);
    OPENSSL_cleanse(p->buf + p->pos, 16); /* a nonce is handed out once */
    p->pos += 16;
    return 0;
}

void agw_rand_pool_wipe(struct agw_rand_pool *p)
{
    OPENSSL_cleanse(p, sizeof *p);
}

int agw_rand_uuid(char out[37])
{
    unsigned char r[16];
    if (agw_rand_bytes(r, sizeof r) != 0) return -1;
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = HEXDIG[r[i] >> 4];
        out[o++] = HEXDIG[r[i] & 15];
    }
    out[o] = '\0';
    return 0;
}
