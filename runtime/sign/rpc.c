#include "rpc.h"

#include <string.h>

#include "canon.h"
#include "hasher.h"
#include "writer.h"

void agw_rpc_output_init(struct agw_rpc_output *out)
{
    /* both carry the SecurityToken parameter */
    agw_buf_init_secret(&out->canonical_query, 0);
    agw_buf_init_secret(&out->string_to_sign, 0);
    out->signature[0] = '\0';
}

void agw_rpc_output_free(struct agw_rpc_output *out)
{
    if (!out) return;
    agw_buf_wipe_free(&out->canonical_query);
    agw_buf_wipe_free(&out->string_to_sign);
    out->signature[0] = '\0';
}

int agw_rpc_sign(const char *method, const struct agw_params *params, const char *access_key_secret,
                 struct agw_rpc_output *out)
{
    agw_buf_reset(&out->canonical_query);
    agw_buf_reset(&out->string_to_sign);
    out->signature[0] = '\0';
    if (!method || !access_key_secret) return -1;

    struct agw_writer w;
    agw_writer_init(&w, &out->canonical_query);
    if (agw_canon_query(&w, params, "Signature") != 0 || agw_writer_finish(&w) != 0) return -1;
    /* METHOD "&" pe("/") "&" pe(CanonicalizedQueryString) (docs/signing.md 1.4) */
    struct agw_buf *sts = &out->string_to_sign;
    agw_writer_init(&w, sts);
    agw_writer_puts(&w, method);
    agw_writer_puts(&w, "&%2F&");
    agw_pe_write(&w, out->canonical_query.data, out->canonical_query.len);
    if (agw_writer_finish(&w) != 0) return -1;

    struct agw_hasher h;
    unsigned char md[AGW_DIGEST_MAX];
    int rc = -1;
    /* The key is secret + "&", passed in two parts so the secret is never copied. */
    if (agw_hasher_init(&h, AGW_HASH_SHA1) == 0 &&
        agw_hasher_hmac(&h, access_key_secret, strlen(access_key_secret), "&", 1, sts->data,
                        sts->len, md) == 0 &&
        h.size == 20) {
        agw_base64(md, h.size, out->signature);
        rc = 0;
    }
    agw_hasher_free(&h);
    return rc;
}

int agw_rpc_sign_request(const struct agw_rpc_request *req, struct agw_params *params,
                         struct agw_rpc_output *out)
{
    if (!req->method || !req->action || !req->version || !req->timestamp || !req->nonce ||
        !req->access_key_id || !req->access_key_secret)
        return -1;
    if (agw_params_set(params, "Action", req->action) != 0 ||
        agw_params_set(params, "Version", req->version) != 0 ||
        agw_params_set(params, "Format", req->format ? req->format : "JSON") != 0 ||
        agw_params_set(params, "AccessKeyId", req->access_key_id) != 0 ||
        agw_params_set(params, "SignatureMethod", "HMAC-SHA1") != 0 ||
        agw_params_set(params, "SignatureVersion", "1.0") != 0 ||
        agw_params_set(params, "SignatureNonce", req->nonce) != 0 ||
        agw_params_set(params, "Timestamp", req->timestamp) != 0)
        return -1;
    if (req->security_token && agw_params_set(params, "SecurityToken", req->security_token) != 0)
        return -1;
    if (agw_rpc_sign(req->method, params, req->access_key_secret, out) != 0) return -1;
    return agw_params_set(params, "Signature", out->signature);
}
