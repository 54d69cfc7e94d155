#include "v3.h"

#include <string.h>

#include "canon.h"
#include "v3_internal.h"

void agw_v3_output_init(struct agw_v3_output *out)
{
    /* the canonical request carries the security token (a signed header) */
    agw_buf_init_secret(&out->canonical_request, 0);
    agw_buf_init(&out->string_to_sign, 0);
    agw_buf_init(&out->signed_headers, 0);
    agw_buf_init(&out->authorization, 0);
    out->hashed_payload[0] = '\0';
    out->signature[0] = '\0';
}

void agw_v3_output_free(struct agw_v3_output *out)
{
    if (!out) return;
    agw_buf_wipe_free(&out->canonical_request);
    agw_buf_free(&out->string_to_sign);
    agw_buf_free(&out->signed_headers);
    agw_buf_free(&out->authorization);
    out->hashed_payload[0] = '\0';
    out->signature[0] = '\0';
}

const char *agw_v3_alg_name(enum agw_v3_alg alg)
{
    return alg == AGW_V3_HMAC_SM3 ? "ACS3-HMAC-SM3" : "ACS3-HMAC-SHA256";
}

enum agw_hash agw_v3_hash_of(enum agw_v3_alg alg)
{
    return alg == AGW_V3_HMAC_SM3 ? AGW_HASH_SM3 : AGW_HASH_SHA256;
}

/* Method "\n" URI "\n" query "\n" headers "\n" signed-names "\n" payload-hash
 * (docs/signing.md 2.2). signed_headers is filled on the way, since the header pass yields both. */
/* docs/signing.md 2.1 and 2.4; test_sign_digest checks both against OpenSSL. */
const char *agw_v3_empty_hash(enum agw_v3_alg alg)
{
    return alg == AGW_V3_HMAC_SM3
               ? "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
               : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
}

static int canonical_request(const struct agw_v3_input *in, struct agw_v3_output *out)
{
    struct agw_writer cr, names;
    agw_writer_init(&cr, &out->canonical_request);
    agw_writer_init(&names, &out->signed_headers);
    /* The URI is used as given: "/" for RPC; a ROA caller passes its path already encoded. */
    const char *path = in->path && in->path[0] ? in->path : "/";
    agw_writer_puts(&cr, in->method ? in->method : "");
    agw_writer_putc(&cr, '\n');
    agw_writer_puts(&cr, path);
    agw_writer_putc(&cr, '\n');
    if (agw_canon_query(&cr, in->query, NULL) != 0) return -1;
    agw_writer_putc(&cr, '\n');
    if (agw_canon_headers(&cr, &names, in->headers) != 0) return -1;
    if (agw_writer_finish(&names) != 0) return -1;
    agw_writer_putc(&cr, '\n');
    agw_writer_put(&cr, out->signed_headers.data, out->signed_headers.len);
    agw_writer_putc(&cr, '\n');
    agw_writer_puts(&cr, out->hashed_payload);
    return agw_writer_finish(&cr);
}

int agw_v3_sign_with(struct agw_hasher *h, const struct agw_v3_input *in, struct agw_v3_output *out)
{
    unsigned char md[AGW_DIGEST_MAX];
    agw_buf_reset(&out->canonical_request);
    agw_buf_reset(&out->string_to_sign);
    agw_buf_reset(&out->signed_headers);
    agw_buf_reset(&out->authorization);
    out->hashed_payload[0] = out->signature[0] = '\0';
    if (!in->access_key_secret || (!in->body && in->body_len)) return -1;

    if (in->hashed_payload) {
        size_t n = strlen(in->hashed_payload);
        if (n >= sizeof out->hashed_payload) return -1;
        memcpy(out->hashed_payload, in->hashed_payload, n + 1);
    } else if (in->body_len == 0) {
        memcpy(out->hashed_payload, agw_v3_empty_hash(in->alg), sizeof out->hashed_payload);
    } else {
        if (agw_hasher_digest(h, in->body, in->body_len, md) != 0) return -1;
        agw_hex_lower(md, h->size, out->hashed_payload);
    }
    if (canonical_request(in, out) != 0) return -1;

    /* StringToSign = alg "\n" hex(hash(CanonicalRequest)) */
    const char *alg = agw_v3_alg_name(in->alg);
    char hex[2 * AGW_DIGEST_MAX + 1];
    if (agw_hasher_digest(h, out->canonical_request.data, out->canonical_request.len, md) != 0)
        return -1;
    agw_hex_lower(md, h->size, hex);
    struct agw_writer sts;
    agw_writer_init(&sts, &out->string_to_sign);
    agw_writer_puts(&sts, alg);
    agw_writer_putc(&sts, '\n');
    agw_writer_put(&sts, hex, 2 * h->size);
    if (agw_writer_finish(&sts) != 0) return -1;

    const char *secret = in->access_key_secret;
    if (agw_hasher_hmac(h, secret, strlen(secret), NULL, 0, out->string_to_sign.data,
                        out->string_to_sign.len, md) != 0)
        return -1;
    agw_hex_lower(md, h->size, out->signature);

    const char *id = in->access_key_id ? in->access_key_id : "";
    struct agw_writer a;
    agw_writer_init(&a, &out->authorization);
    agw_writer_puts(&a, alg);
    agw_writer_puts(&a, " Credential=");
    agw_writer_puts(&a, id);
    agw_writer_puts(&a, ",SignedHeaders=");
    agw_writer_put(&a, out->signed_headers.data, out->signed_headers.len);
    agw_writer_puts(&a, ",Signature=");
    agw_writer_puts(&a, out->signature);
    return agw_writer_finish(&a);
}

int agw_v3_sign(const struct agw_v3_input *in, struct agw_v3_output *out)
{
    struct agw_hasher h;
    int rc = -1;
    if (agw_hasher_init(&h, agw_v3_hash_of(in->alg)) == 0) rc = agw_v3_sign_with(&h, in, out);
    agw_hasher_free(&h);
    return rc;
}
