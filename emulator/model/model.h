#ifndef AGW_EMU_MODEL_H
#define AGW_EMU_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "params.h"

/* The emulator's model of API Gateway: accounts, API groups, custom domains and the
 * behaviour switches of docs/service-behaviour.md Part A. No HTTP here: the server hands it an
 * action and the decoded, merged request parameters (signature checked already) and gets back an
 * answer. Not thread-safe: the server serialises calls. */

struct agw_emu_model;

/* Opens a model from a seed (JSON text; NULL means the built-in default seed) for the
 * given region (the endpoint's region; NULL means "cn-hangzhou"). With state_path, the
 * state is loaded from that file when it exists (a corrupt or unreadable file is an error,
 * never silently replaced) and every successful write is durable on disk before
 * agw_emu_model_call returns. On failure returns -1 with err filled (kind AGW_ERR_CONFIG).
 * The caller frees *out with agw_emu_model_free. */
/* The largest seed file read, wherever it is read (apigw-emulator --seed, apigw-lua
 * --emulate --seed). */
#define AGW_EMU_SEED_MAX ((size_t)16 * 1024 * 1024)

int agw_emu_model_open(struct agw_emu_model **out, const char *seed_json, size_t seed_len,
                       const char *state_path, const char *region, struct agw_err *err);
void agw_emu_model_free(struct agw_emu_model *m);

/* The built-in default seed (static JSON text, for --print-seed). */
const char *agw_emu_default_seed(void);

/* A key the seed declares. Strings are owned by the model and live as long as it. */
struct agw_emu_key {
    const char *id;
    const char *secret;
    const char *security_token; /* NULL: a plain AccessKey; else an STS triple */
    const char *account;        /* owner of the groups created or seeded with this key */
    int64_t expires;            /* 0: never; else refused from this epoch second on
                                   (InvalidSecurityToken.Expired): keys the twins issue */
};

/* Looks up an AccessKeyId; NULL when unknown. */
const struct agw_emu_key *agw_emu_model_key(const struct agw_emu_model *m, const char *id);
/* The first key of the seed (what the embedded emulator gives the default client). */
const struct agw_emu_key *agw_emu_model_first_key(const struct agw_emu_model *m);

/* The credential twins (emulator/model/issued.c). An issued key is an STS triple owned by
 * account, valid until expires (epoch s); it is also found by agw_emu_model_key and lives
 * as long as the model. NULL on out of memory or no random source. */
const struct agw_emu_key *agw_emu_model_issue(struct agw_emu_model *m, const char *account,
                                              int64_t expires);
const struct agw_emu_key *agw_emu_model_issued_key(const struct agw_emu_model *m, const char *id);
/* A metadata-service session token (64 characters: "EmuImdsT" and hex, a marker tests look
 * for) valid until expires; 0 or -1. */
int agw_emu_model_imds_token(struct agw_emu_model *m, int64_t expires, char out[65]);
/* 1 when token was issued and is still valid at now, else 0. */
int agw_emu_model_imds_valid(const struct agw_emu_model *m, const char *token, int64_t now);
struct agw_emu_seed_creds;
/* The seed's "sts" and "metadata" settings (seedcred.h). */
const struct agw_emu_seed_creds *agw_emu_model_creds(const struct agw_emu_model *m);

/* The seed's quota for action (behaviour.qps_per_user): calls per second per AccessKey, 0 when
 * unlimited or when the model does not serve the action. The seed never changes once the model
 * is open, so this needs no lock. */
double agw_emu_model_qps(const struct agw_emu_model *m, const char *action);

/* The seed's fake DNS, for the DNS-over-HTTPS twin (docs/emulator.md, "DNS twin"): the
 * record that answers name (lower case, no trailing dot; its own record, else the nearest
 * enclosing wildcard's). Returns 1 with out filled (strings owned by the model), 0 when no
 * record answers. The seed never changes once the model is open: no lock needed. */
struct agw_emu_dns_answer {
    const char *cname; /* NULL: none */
    const char *const *txt;
    size_t ntxt;
};
int agw_emu_model_dns(const struct agw_emu_model *m, const char *name,
                      struct agw_emu_dns_answer *out);

/* 1 when a request parameter of this exact name carries a secret (SecurityToken, Signature,
 * CertificatePrivateKey...: the list lives in the model's action table), else 0. What the
 * emulator writes about a request shows such a value as "***" or not at all. */
int agw_emu_param_secret(const char *name);

/* An answer. On success http_status is 200 and body holds the action's fields (without
 * RequestId, which the server adds first). On failure http_status is 4xx/5xx, code and
 * message are set and body is NULL. The caller frees body with cJSON_Delete. */
struct agw_emu_answer {
    int http_status;
    char code[64];
    char message[512];
    cJSON *body;
};

/* Runs one action for the caller that owns key. The server has already checked the
 * signature, timestamp and nonce; everything else (parameters, existence, ownership,
 * conflicts, quotas...) is checked here in the order of docs/service-behaviour.md A.1. Unknown
 * actions give InvalidApi.NotFound (404). Returns 0 when an answer was produced (success or error),
 * -1 only on an internal failure (out of memory, a failed durable write) with err filled;
 * the server then answers InternalError. */
int agw_emu_model_call(struct agw_emu_model *m, const struct agw_emu_key *key, const char *action,
                       const struct agw_params *params, struct agw_emu_answer *ans,
                       struct agw_err *err);

#endif
