#ifndef AGW_EMU_VERIFY_H
#define AGW_EMU_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "model.h"
#include "params.h"

/* Server-side signature checks for both schemes (docs/signing.md sections 1, 2 and 4), using the
 * signers of runtime/sign to recompute. Order: the pieces are present (Missing<Name> /
 * IncompleteSignature), the timestamp is well formed and within +-15 minutes
 * (InvalidTimeStamp.Format / .Expired), the AccessKeyId is known (InvalidAccessKeyId.NotFound,
 * 404), an STS key's token is presented and matches (MissingSecurityToken /
 * InvalidSecurityToken.*), the signature matches (SignatureDoesNotMatch). Nonce replay is the
 * caller's next check. */

enum agw_emu_scheme { AGW_EMU_SCHEME_NONE = 0, AGW_EMU_SCHEME_RPC, AGW_EMU_SCHEME_V3 };

#define AGW_EMU_TIME_WINDOW_S (15 * 60)

/* A request as received. Strings are borrowed. */
struct agw_emu_wire {
    const char *method;
    const struct agw_params *query;   /* decoded URL query */
    const struct agw_params *params;  /* query and form-body parameters, merged */
    const struct agw_params *headers; /* every header as received (name case kept) */
    const char *body;
    size_t body_len;
    int64_t now; /* the server's clock, epoch seconds */
};

/* Looks a key up (the caller serialises access to the model). */
typedef const struct agw_emu_key *(*agw_emu_key_lookup)(void *ctx, const char *id);

/* What verification found. Pointers borrow from the wire. message must be initialised by the
 * caller (agw_buf_init) and freed by the caller. */
struct agw_emu_auth {
    enum agw_emu_scheme scheme;
    char key_id[256]; /* the AccessKeyId presented, "" when none */
    const char *nonce;
    const char *action;  /* Action / x-acs-action */
    const char *version; /* Version / x-acs-version */
    const struct agw_emu_key *key;
    int status; /* on failure */
    char code[64];
    struct agw_buf message;
};

/* Returns 0 when the request is authentic, -1 with status, code and message set otherwise
 * (never a secret or a token in the message). */
int agw_emu_verify(const struct agw_emu_wire *w, agw_emu_key_lookup lookup, void *ctx,
                   struct agw_emu_auth *a);

/* Sets status/code/message of a (the message is replaced). Returns -1 for tail calls. */
int agw_emu_auth_fail(struct agw_emu_auth *a, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
