#ifndef AGW_V3_H
#define AGW_V3_H

#include <stddef.h>

#include "buf.h"
#include "params.h"

/* Alibaba Cloud signature V3 (ACS3-HMAC-SHA256, and ACS3-HMAC-SM3). Pure: no clock,
 * no random source, no I/O. */

enum agw_v3_alg { AGW_V3_HMAC_SHA256, AGW_V3_HMAC_SM3 };

/* The exact inputs of a V3 signature. */
struct agw_v3_input {
    enum agw_v3_alg alg;
    const char *method;               /* upper case, as sent */
    const char *path;                 /* "/" for RPC-style APIs; NULL or "" means "/"; used
                                         verbatim as CanonicalURI (pass it encoded as sent) */
    const struct agw_params *query;   /* decoded URL query parameters; may be NULL */
    const struct agw_params *headers; /* headers as sent (any case); only host, content-type
                                         and x-acs-* are canonicalised */
    const char *body;                 /* exact body bytes; may be NULL when body_len is 0 */
    size_t body_len;
    const char *hashed_payload; /* when not NULL, used instead of hashing body (at most
                                   64 characters, else agw_v3_sign fails) */
    const char *access_key_id;
    const char *access_key_secret;
};

/* Everything a V3 signature produces. Initialise with agw_v3_output_init, release with
 * agw_v3_output_free (NULL is a no-op, freeing twice is fine), which wipes the canonical
 * request (it carries the security token) before freeing it. The output owns its buffers.
 * One output may be reused for many signatures: each call replaces its contents and keeps
 * the memory. */
struct agw_v3_output {
    struct agw_buf canonical_request;
    struct agw_buf string_to_sign;
    struct agw_buf signed_headers;
    char hashed_payload[65];
    char signature[65];
    struct agw_buf authorization;
};

void agw_v3_output_init(struct agw_v3_output *out);
void agw_v3_output_free(struct agw_v3_output *out);

/* Computes the signature of in into out. Only reads in (and the lists and strings it points
 * to). Returns 0, or -1 (no secret, body NULL with body_len > 0, out of memory, crypto
 * failure); after -1 the contents of out are unspecified but it can still be freed. */
int agw_v3_sign(const struct agw_v3_input *in, struct agw_v3_output *out);

/* The algorithm's name as it appears in the string to sign and Authorization. */
const char *agw_v3_alg_name(enum agw_v3_alg alg);

/* Parses an Authorization value "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex"
 * (for the emulator's verifier). Copies the parts into the given buffers (NUL-terminated,
 * truncated to their sizes). Returns 0, or -1 when the value does not have that shape. */
int agw_v3_parse_authorization(const char *value, enum agw_v3_alg *alg, char *key_id,
                               size_t key_id_size, char *signed_headers, size_t sh_size,
                               char *signature, size_t sig_size);

/* What a client adds to a request to sign it with V3. */
struct agw_v3_request {
    enum agw_v3_alg alg;
    const char *method;
    const char *host;               /* as sent in the Host header, with :port if non-default */
    const struct agw_params *query; /* decoded */
    const char *content_type;       /* NULL when the request has no body / no content type */
    const char *body;
    size_t body_len;
    const char *action;    /* x-acs-action */
    const char *version;   /* x-acs-version */
    const char *timestamp; /* "YYYY-MM-DDThh:mm:ssZ", supplied by the caller */
    const char *nonce;     /* supplied by the caller */
    const char *access_key_id;
    const char *access_key_secret;
    const char *security_token; /* NULL without STS */
};

/* Appends to headers, in this order: host, x-acs-action, x-acs-version, x-acs-date,
 * x-acs-signature-nonce, x-acs-content-sha256, [content-type], [x-acs-security-token],
 * Authorization; every one of them except Authorization is signed, and nothing else is
 * (entries already in headers are neither signed nor changed). Names are appended in lower
 * case, except "Authorization". The canonical URI is "/" (RPC style). out receives the
 * intermediate strings (for --trace). Returns 0, or -1 (a required field NULL, body NULL with
 * body_len > 0, out of memory, crypto failure); on failure headers is left as it was. */
int agw_v3_sign_request(const struct agw_v3_request *req, struct agw_params *headers,
                        struct agw_v3_output *out);

#endif
