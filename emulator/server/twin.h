#ifndef AGW_EMU_TWIN_H
#define AGW_EMU_TWIN_H

#include <stddef.h>

#include "handle.h"

/* The credential twins on the emulator's one listener (docs/emulator.md, "Credential twins"):
 *   PUT /latest/api/token                              IMDSv2 session token (text)
 *   GET /latest/meta-data/ram/security-credentials/    the instance's role name (text)
 *   GET /latest/meta-data/ram/security-credentials/R   role R's STS credentials (JSON)
 *   GET /__emulator/credentials[?code=C]               a credentials URI (JSON; C: that Code)
 *   POST /__emulator/metadata/detach, .../attach       test hook: the instance's role detached
 *                                                      (the role paths answer 404) or back
 *   STS Version 2015-04-01: AssumeRoleWithOIDC (anonymous) and AssumeRole (signed: it comes
 *   through the normal signature, timestamp and nonce checks first).
 * What they know comes from the seed (seedcred.h). Issued credentials are keys of the model
 * (agw_emu_model_issue): they sign API Gateway calls and expire there. */

#define AGW_EMU_STS_VERSION "2015-04-01"

/* The requests answered before any signature check. Returns 1 when it answered (o filled),
 * 0 when the request is for someone else. path is the raw path (path_len bytes); params the
 * merged query and form parameters; hid the HostId. */
int agw_emu_twin_pre(struct agw_emu_ctx *x, const struct agw_emu_request *rq, const char *path,
                     size_t path_len, const struct agw_params *params, const char *hid,
                     struct agw_emu_outcome *o);

/* STS actions signed by key (already verified); o is filled. */
void agw_emu_twin_sts(struct agw_emu_ctx *x, const struct agw_emu_key *key, const char *action,
                      const struct agw_params *params, const char *hid, struct agw_emu_outcome *o);

#endif
