#ifndef AGW_EMU_ISSUED_H
#define AGW_EMU_ISSUED_H

#include <stddef.h>
#include <stdint.h>

#include "hmap.h"
#include "model.h"

/* Credentials the twins issued (STS AssumeRole, AssumeRoleWithOIDC, the metadata service,
 * the credentials URI) and the metadata service's session tokens. Kept for the model's
 * life: a key handed out by agw_emu_model_key stays valid while a request uses it. */
struct agw_emu_issued {
    struct agw_emu_key **keys;
    size_t n, cap;
    struct agw_emu_hmap index; /* id -> key */
    struct {
        char token[65];
        int64_t expires;
    } imds[64]; /* a ring of metadata tokens */
    size_t imds_next;
};

void agw_emu_issued_free(struct agw_emu_issued *is); /* wipes the secrets */

#endif
