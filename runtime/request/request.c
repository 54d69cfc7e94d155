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
    agw_buf_init_secret(&r->body, 0);
    agw_buf_init_secret(&r->canonical, 0);
    agw_buf_init_secret(&r->string_to_sign, 0);
}

void agw_req_signed_free(struct agw_req_signed *r)
{
    if (!r) return;
    agw_buf_wipe_free(&r->url);
    agw_params_free(&r->headers);
    agw_buf_wipe_free(&r->body);
    agw_buf_wipe_free(&r->canonical);
    agw_buf_wipe_free(&r->string_to_sign);
}

/* Appends pe(k)=pe(v) for each entry of p that skip does not hold (by name), each after sep
 * ('?' or '&' for a URL: sep the first time, '&' after; 0 for a form body: nothing first). */
static int append_form(struct agw_buf *b, const struct agw_params *p, const struct agw_params *skip,
                       char sep)
{
    for (size_t i = 0; i < p->n; i++) {
        if (skip && agw_params_get(skip, p->v[i].name)) continue;
        if (sep && agw_buf_appendc(b, sep)) return -1;
        sep = '&';
        if (agw_pe_appends(b, p->v[i].name) || agw_buf_appendc(b, '=') ||
            agw_pe_appends(b, p->v[i].value))
            return -1;
    }
    return 0;
}

/* url = scheme://host/?pe(k)=pe(v)&... for the entries of sorted not in skip */
static int build_url(struct agw_buf *url, const struct agw_endpoint *ep,
                     const struct agw_params *sorted, const struct agw_params *skip)
{
    if (agw_buf_printf(url, "%s://%s/", ep->scheme, ep->host)) return -1;
    return append_form(url, sorted, skip, '?');
}

/* The form body of s->body, in name order; empty when there is none. */
static int build_body(const struct agw_req_spec *s, struct agw_buf *body)
{
    if (!s->body || s->body->n == 0) return 0;
    struct agw_params sorted;
    agw_params_init(&sorted);
    int rc = agw_params_extend(&sorted, s->body);
    if (rc == 0) {
        agw_params_sort(&sorted);
        rc = append_form(body, &sorted, NULL, 0);
    }
    agw_params_free(&sorted);
    return rc;
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
    if (agw_params_extend(&query, s->params) || build_body(s, &out->body)) goto done;
    agw_params_sort(&query);
    struct agw_v3_request r = {
        .alg = AGW_V3_HMAC_SHA256,
        .method = s->method,
        .host = s->endpoint->host,
        .query = &query,
        .content_type = out->body.len ? AGW_REQ_FORM : NULL,
        .body = agw_buf_str(&out->body),
        .body_len = out->body.len,
        .action = s->action,
        .version = s->version,
        .timestamp = s->timestamp,
        .nonce = s->nonce,
        .access_key_id = s->access_key_id,
        .access_key_secret = s->access_key_secret,
        .security_token = s->security_token,
    };
    if (agw_v3_sign_request(&r, &out->headers, &o)) goto done;
    if (build_url(&out->url, s->endpoint, &query, NULL)) goto done;
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
    /* the signature covers the union; the URL then carries all but the body's */
    if (agw_params_extend(&all, s->params) || (s->body && agw_params_extend(&all, s->body)) ||
        build_body(s, &out->body))
        goto done;
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
    if (build_url(&out->url, s->endpoint, &all, s->body)) goto done;
    if (agw_params_add(&out->headers, "host", s->endpoint->host)) goto done;
    if (out->body.len && agw_params_add(&out->headers, "content-type", AGW_REQ_FORM)) goto done;
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
    if (s->body && s->body->n > 0 && strcmp(s->method, "GET") == 0) {
        agw_err_set(err, AGW_ERR_CLIENT, "InvalidMethod",
                    "parameter '%.100s' travels in the request body, and a GET request has "
                    "none: apigw-lua does not move it into the URL, where proxies and logs keep "
                    "it; use a POST client (method = \"POST\", the default)",
                    s->body->v[0].name);
        return -1;
    }
    int rc = s->sig == AGW_SIG_RPC ? build_rpc(s, out) : build_v3(s, out);
    if (rc != 0)
        agw_err_set(err, AGW_ERR_CLIENT, "InternalError", "could not sign the %s request",
                    s->action);
    return rc;
}
