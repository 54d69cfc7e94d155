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
    const struct agw_params *params; /* the operation's parameters for the URL, already flat */
    const struct agw_params *body;   /* those for the form body (the action table's `where =
                                        "body"`, e.g. a private key); NULL or empty: none */
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

/* A signed request. spec->params travel in the URL query (as the official SDK sends
 * SetDomain); spec->body, when it has any parameter, in an application/x-www-form-urlencoded
 * POST body, pe(name)=pe(value) joined by '&' in name order, never in the URL (docs/signing.md
 * 1.5: the RPC signature covers the union of both; 2.2: V3 hashes the body and signs the
 * content-type header). headers are exactly the headers to send (content-type among them when
 * there is a body), all signed under V3 except Authorization. canonical and string_to_sign
 * are for --trace, masked by the redactor (redact.h): the credentials and the secret
 * parameters. */
struct agw_req_signed {
    struct agw_buf url;
    struct agw_params headers;
    struct agw_buf body; /* empty without body parameters */
    struct agw_buf canonical;
    struct agw_buf string_to_sign;
};

#define AGW_REQ_FORM "application/x-www-form-urlencoded"

void agw_req_signed_init(struct agw_req_signed *r);
/* Wipes (the query may hold a security token, the body a private key) and frees. */
void agw_req_signed_free(struct agw_req_signed *r);
/* Returns 0, or -1 with err: InvalidMethod (client) when spec->body has a parameter and the
 * method is GET, which has no body (the parameter would have to move into the URL, where
 * proxies and logs keep it); InternalError when signing fails. */
int agw_req_build(const struct agw_req_spec *spec, struct agw_req_signed *out, struct agw_err *err);

#endif
