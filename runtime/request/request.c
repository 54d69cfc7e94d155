#include "request.h"

#include <stdio.h>
#include <string.h>

#include "pe.h"
#include "redact.h"
#include "rpc.h"
#include "v3.h"

void agw_req_signed_init(struct agw_req_signed *r)
{
    /* the URL carries the token under RPC; the canonical forms hold it until masked */
    agw_buf_init_secret(&r->url, 0);
    agw_params_init(&r->headers);
    agw_buf_init_secret(&r->canonical, 0);
    agw_buf_init_secret(&r->string_to_sign, 0);
}

void agw_req_signed_free(struct agw_req_signed *r)
{
    if (!r) return;
    agw_buf_wipe_free(&r->url);
    agw_params_free(&r->headers);
    agw_buf_wipe_free(&r->canonical);
    agw_buf_wipe_free(&r->string_to_sign);
}

/* url = scheme://host/?pe(k)=pe(v)&... in sorted order */
static int build_url(struct agw_buf *url, const struct agw_endpoint *ep,
                     const struct agw_params *sorted)
{
    if (agw_buf_printf(url, "%s://%s/", ep->scheme, ep->host)) return -1;
    for (size_t i = 0; i < sorted->n; i++) {
        if (agw_buf_appendc(url, i == 0 ? '?' : '&')) return -1;
        if (agw_pe_appends(url, sorted->v[i].name) || agw_buf_appendc(url, '=') ||
            agw_pe_appends(url, sorted->v[i].value))
            return -1;
    }
    return 0;
}

/* dst = src as --trace shows it: the credentials and the secret parameters masked */
static int copy_masked(struct agw_buf *dst, const struct agw_buf *src, const struct agw_req_spec *s)
{
    const char *vals[3];
    const struct agw_redact_set set = {
        .values = agw_redact_creds(vals, s->access_key_secret, s->security_token),
        .names = s->secret_names};
    if (agw_buf_append(dst, agw_buf_str(src), src->len)) return -1;
    return agw_redact(dst, &set);
}

static int build_v3(const struct agw_req_spec *s, struct agw_req_signed *out)
{
    struct agw_params query;
    agw_params_init(&query);
    int rc = -1;
    struct agw_v3_output o;
    agw_v3_output_init(&o);
    if (agw_params_extend(&query, s->params)) goto done;
    agw_params_sort(&query);
    struct agw_v3_request r = {
        .alg = AGW_V3_HMAC_SHA256,
        .method = s->method,
        .host = s->endpoint->host,
        .query = &query,
        .content_type = NULL,
        .body = "",
        .body_len = 0,
        .action = s->action,
        .version = s->version,
        .timestamp = s->timestamp,
        .nonce = s->nonce,
        .access_key_id = s->access_key_id,
        .access_key_secret = s->access_key_secret,
        .security_token = s->security_token,
    };
    if (agw_v3_sign_request(&r, &out->headers, &o)) goto done;
    if (build_url(&out->url, s->endpoint, &query)) goto done;
    if (copy_masked(&out->canonical, &o.canonical_request, s)) goto done;
    if (copy_masked(&out->string_to_sign, &o.string_to_sign, s)) goto done;
    rc = 0;
done:
    agw_v3_output_free(&o);
    agw_params_free(&query);
    return rc;
}

static int build_rpc(const struct agw_req_spec *s, struct agw_req_signed *out)
{
    struct agw_params all;
    agw_params_init(&all);
    int rc = -1;
    struct agw_rpc_output o;
    agw_rpc_output_init(&o);
    if (agw_params_extend(&all, s->params)) goto done;
    struct agw_rpc_request r = {
        .method = s->method,
        .action = s->action,
        .version = s->version,
        .format = "JSON",
        .timestamp = s->timestamp,
        .nonce = s->nonce,
        .access_key_id = s->access_key_id,
        .access_key_secret = s->access_key_secret,
        .security_token = s->security_token,
    };
    if (agw_rpc_sign_request(&r, &all, &o)) goto done;
    agw_params_sort(&all);
    if (build_url(&out->url, s->endpoint, &all)) goto done;
    if (agw_params_add(&out->headers, "host", s->endpoint->host)) goto done;
    if (copy_masked(&out->canonical, &o.canonical_query, s)) goto done;
    if (copy_masked(&out->string_to_sign, &o.string_to_sign, s)) goto done;
    rc = 0;
done:
    agw_rpc_output_free(&o);
    agw_params_free(&all);
    return rc;
}

int agw_req_build(const struct agw_req_spec *s, struct agw_req_signed *out, struct agw_err *err)
{
    int rc = s->sig == AGW_SIG_RPC ? build_rpc(s, out) : build_v3(s, out);
    if (rc != 0)
        agw_err_set(err, AGW_ERR_CLIENT, "InternalError", "could not sign the %s request",
                    s->action);
    return rc;
}
