#ifndef AGW_RPC_H
#define AGW_RPC_H

#include "buf.h"
#include "params.h"

/* Alibaba Cloud RPC signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0). Pure. */

struct agw_rpc_output {
    struct agw_buf canonical_query; /* sorted pe(name)=pe(value) joined by & */
    struct agw_buf string_to_sign;  /* METHOD&%2F&pe(canonical_query) */
    char signature[29];             /* Base64 of the 20-byte HMAC-SHA1 */
};

/* The output owns its buffers; free with agw_rpc_output_free (NULL is a no-op, freeing twice
 * is fine), which wipes them first (both carry the SecurityToken parameter). One output may be
 * reused for many signatures: each call replaces its contents and keeps the memory, so a loop
 * allocates nothing for it. */
void agw_rpc_output_init(struct agw_rpc_output *out);
void agw_rpc_output_free(struct agw_rpc_output *out);

/* Signs the union of params (query and form-body parameters, decoded; any "Signature"
 * entry is ignored) with key secret + "&". method may be "" (one SDK unit test does so).
 * Returns 0 or -1. */
int agw_rpc_sign(const char *method, const struct agw_params *params, const char *access_key_secret,
                 struct agw_rpc_output *out);

/* What a client adds to sign a request with the RPC scheme. */
struct agw_rpc_request {
    const char *method;
    const char *action;
    const char *version;
    const char *format; /* "JSON" unless NULL */
    const char *timestamp;
    const char *nonce;
    const char *access_key_id;
    const char *access_key_secret;
    const char *security_token; /* NULL without STS */
};

/* Adds the common parameters (Action, Version, Format, AccessKeyId, SignatureMethod,
 * SignatureVersion, SignatureNonce, Timestamp, [SecurityToken]) to params, signs the
 * whole set and appends Signature. params holds the operation's own parameters on entry.
 * Common parameters already in params are replaced (agw_params_set), as is a stale Signature,
 * so a retry can re-sign the same list with a new nonce and timestamp. format NULL means
 * "JSON"; security_token NULL adds no SecurityToken. The strings in req are only read.
 * Returns 0, or -1 (a required field NULL, out of memory); on failure params may already
 * hold some of the common parameters and must not be sent. */
int agw_rpc_sign_request(const struct agw_rpc_request *req, struct agw_params *params,
                         struct agw_rpc_output *out);

#endif
