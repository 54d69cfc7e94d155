#include "issued.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelint.h"
#include "rand.h"
#include "wipe.h"

static void key_free(struct agw_emu_key *k)
{
    if (!k) return;
    free((void *)(uintptr_t)k->id);
    agw_wipe_free((char *)(uintptr_t)k->secret);
    agw_wipe_free((char *)(uintptr_t)k->security_token);
    free((void *)(uintptr_t)k->account);
    free(k);
}

void agw_emu_issued_free(struct agw_emu_issued *is)
{
    if (!is) return;
    for (size_t i = 0; i < is->n; i++)
        key_free(is->keys[i]);
    free(is->keys);
    agw_emu_hmap_free(&is->index);
    OPENSSL_cleanse(is->imds, sizeof is->imds);
    memset(is, 0, sizeof *is);
}

/* n random bytes as 2n hex characters into out (2n + 1 bytes). */
static int hex(char *out, size_t nbytes)
{
    unsigned char b[64];
    if (nbytes > sizeof b || agw_rand_bytes(b, nbytes) != 0) return -1;
    for (size_t i = 0; i < nbytes; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    OPENSSL_cleanse(b, sizeof b);
    return 0;
}

const struct agw_emu_key *agw_emu_model_issue(struct agw_emu_model *m, const char *account,
                                              int64_t expires)
{
    struct agw_emu_issued *is = &m->issued;
    if (is->n == is->cap) {
        size_t cap = is->cap ? is->cap * 2 : 16;
        struct agw_emu_key **p = realloc(is->keys, cap * sizeof *p);
        if (!p) return NULL;
        is->keys = p;
        is->cap = cap;
    }
    /* The secret and the token carry markers (EmuSecret, EmuToken), so that tests can look
     * for any issued one in every output and file without knowing its value. */
    char id[40] = "STS.", secret[40] = "EmuSecret", token[97] = "CAISEmuToken";
    if (hex(id + 4, 12) || hex(secret + 9, 15) || hex(token + 12, 42)) return NULL;
    struct agw_emu_key *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->id = strdup(id);
    k->secret = strdup(secret);
    k->security_token = strdup(token);
    k->account = strdup(account);
    k->expires = expires;
    OPENSSL_cleanse(secret, sizeof secret);
    OPENSSL_cleanse(token, sizeof token);
    if (!k->id || !k->secret || !k->security_token || !k->account ||
        agw_emu_hmap_put(&is->index, k->id, k) != 0) {
        key_free(k);
        return NULL;
    }
    is->keys[is->n++] = k;
    return k;
}

const struct agw_emu_key *agw_emu_model_issued_key(const struct agw_emu_model *m, const char *id)
{
    return agw_emu_hmap_get(&m->issued.index, id);
}

int agw_emu_model_imds_token(struct agw_emu_model *m, int64_t expires, char out[65])
{
    struct agw_emu_issued *is = &m->issued;
    memcpy(out, "EmuImdsT", 8); /* a marker, as for issued secrets */
    if (hex(out + 8, 28) != 0) return -1;
    size_t i = is->imds_next++ % (sizeof is->imds / sizeof is->imds[0]);
    memcpy(is->imds[i].token, out, 65);
    is->imds[i].expires = expires;
    return 0;
}

int agw_emu_model_imds_valid(const struct agw_emu_model *m, const char *token, int64_t now)
{
    size_t n = strlen(token);
    if (n != 64) return 0;
    for (size_t i = 0; i < sizeof m->issued.imds / sizeof m->issued.imds[0]; i++)
        if (m->issued.imds[i].expires > now &&
            CRYPTO_memcmp(m->issued.imds[i].token, token, 64) == 0)
            return 1;
    return 0;
}

const struct agw_emu_seed_creds *agw_emu_model_creds(const struct agw_emu_model *m)
{
    return &m->seed.creds;
}
