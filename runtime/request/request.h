#ifndef AGW_REQUEST_H
#define AGW_REQUEST_H

#include "buf.h"
#include "endpoint.h"
#include "err.h"
#include "params.h"

/* Builds one signed CloudAPI request: the URL, the exact headers to send and the body.
 * Pure (the timestamp and nonce are inputs). Sits between the bindings and the signer. */

enum agw_sig { AGW_SIG_V3, AGW_SIG_RPC };

struct agw_req_spec {
    const char *action;
    const char *version;
    const struct agw_params *params; /* the operation's parameters, already flat */
    enum agw_sig sig;
    const char *method; /* "POST" or "GET" */
    const struct agw_endpoint *endpoint;
    const char *access_key_id;
    const char *access_key_secret;
    const char *security_token; /* NULL without STS */
    const char *timestamp;      /* "YYYY-MM-DDThh:mm:ssZ" */
    const char *nonce;
    const char *const *secret_names; /* parameters masked in canonical and string_to_sign
                                        besides the redactor's own (redact.h); may be NULL */
};

/* A signed request. Every parameter travels in the URL query and the body is empty (as
 * the official SDK sends SetDomain). headers are exactly the headers to send, all signed
 * under V3 except Authorization. canonical and string_to_sign are for --trace, masked by
 * the redactor (redact.h): the credentials and the secret parameters. */
struct agw_req_signed {
    struct agw_buf url;
    struct agw_params headers;
    struct agw_buf canonical;
    struct agw_buf string_to_sign;
};

void agw_req_signed_init(struct agw_req_signed *r);
/* Wipes (the query may hold a security token) and frees. */
void agw_req_signed_free(struct agw_req_signed *r);
/* Returns 0, or -1 with err. */
int agw_req_build(const struct agw_req_spec *spec, struct agw_req_signed *out, struct agw_err *err);

#endif
