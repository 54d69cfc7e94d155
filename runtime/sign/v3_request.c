#include "v3.h"

#include <string.h>

#include "v3_internal.h"

int agw_v3_sign_request(const struct agw_v3_request *req, struct agw_params *headers,
                        struct agw_v3_output *out)
{
    if (!req->method || !req->host || !req->action || !req->version || !req->timestamp ||
        !req->nonce || !req->access_key_id || !req->access_key_secret)
        return -1;
    if (!req->body && req->body_len) return -1;

    struct agw_hasher h;
    unsigned char md[AGW_DIGEST_MAX];
    char content_hash[2 * AGW_DIGEST_MAX + 1];
    size_t n0 = headers->n;
    int rc = -1;
    if (agw_hasher_init(&h, agw_v3_hash_of(req->alg)) != 0) goto done;
    /* x-acs-content-sha256 carries the SM3 digest under ACS3-HMAC-SM3 (docs/signing.md 2.4). */
    if (req->body_len == 0) {
        /* Most RPC calls (SetDomain included) have no body: skip hashing nothing. */
        memcpy(content_hash, agw_v3_empty_hash(req->alg), 2 * h.size + 1);
    } else {
        if (agw_hasher_digest(&h, req->body, req->body_len, md) != 0) goto done;
        agw_hex_lower(md, h.size, content_hash);
    }

    if (agw_params_add(headers, "host", req->host) != 0 ||
        agw_params_add(headers, "x-acs-action", req->action) != 0 ||
        agw_params_add(headers, "x-acs-version", req->version) != 0 ||
        agw_params_add(headers, "x-acs-date", req->timestamp) != 0 ||
        agw_params_add(headers, "x-acs-signature-nonce", req->nonce) != 0 ||
        agw_params_add(headers, "x-acs-content-sha256", content_hash) != 0)
        goto done;
    if (req->content_type && agw_params_add(headers, "content-type", req->content_type) != 0)
        goto done;
    if (req->security_token &&
        agw_params_add(headers, "x-acs-security-token", req->security_token) != 0)
        goto done;

    /* Only what was just appended is signed, whatever else the caller put in headers. */
    struct agw_params mine = {headers->v + n0, headers->n - n0, headers->n - n0};
    struct agw_v3_input in = {
        .alg = req->alg,
        .method = req->method,
        .path = "/",
        .query = req->query,
        .headers = &mine,
        .body = req->body,
        .body_len = req->body_len,
        .hashed_payload = content_hash,
        .access_key_id = req->access_key_id,
        .access_key_secret = req->access_key_secret,
    };
    if (agw_v3_sign_with(&h, &in, out) != 0) goto done;
    if (agw_params_add(headers, "Authorization", agw_buf_str(&out->authorization)) != 0) goto done;
    rc = 0;
done:
    agw_hasher_free(&h);
    if (rc != 0) agw_params_truncate(headers, n0);
    return rc;
}
