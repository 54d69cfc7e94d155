#include "test_emu_server_client.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "clock.h"
#include "pe.h"
#include "rand.h"
#include "rpc.h"
#include "v3.h"

int tc_failures;

void tc_resp_init(struct tc_resp *r)
{
    memset(r, 0, sizeof *r);
    agw_buf_init(&r->body, 0);
}

void tc_resp_free(struct tc_resp *r)
{
    agw_buf_free(&r->body);
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    struct tc_resp *r = ud;
    return agw_buf_append(&r->body, p, sz * n) == 0 ? sz * n : 0;
}

static void header_value(const char *line, size_t n, const char *name, char *out, size_t on)
{
    size_t k = strlen(name);
    if (n <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':') return;
    const char *v = line + k + 1;
    size_t vn = n - k - 1;
    while (vn && (*v == ' ' || *v == '\t'))
        v++, vn--;
    while (vn && (v[vn - 1] == '\r' || v[vn - 1] == '\n' || v[vn - 1] == ' '))
        vn--;
    snprintf(out, on, "%.*s", (int)vn, v);
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    struct tc_resp *r = ud;
    header_value(p, sz * n, "Content-Type", r->ctype, sizeof r->ctype);
    header_value(p, sz * n, "x-acs-request-id", r->request_id, sizeof r->request_id);
    header_value(p, sz * n, "x-acs-retry-after", r->retry_after, sizeof r->retry_after);
    return sz * n;
}

static void encode(struct agw_buf *o, const struct agw_params *p)
{
    for (size_t i = 0; p && i < p->n; i++) {
        if (o->len) agw_buf_appendc(o, '&');
        agw_pe_appends(o, p->v[i].name);
        agw_buf_appendc(o, '=');
        agw_pe_appends(o, p->v[i].value);
    }
}

int tc_send_raw(CURL *h, const char *method, const char *url, struct curl_slist *hdrs,
                const char *body, size_t body_len, int chunked, struct tc_resp *r)
{
    (void)chunked;
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    r->cc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &r->connects);
    r->code[0] = '\0';
    cJSON *j = cJSON_ParseWithLength(r->body.data ? r->body.data : "", r->body.len);
    const cJSON *code = j ? cJSON_GetObjectItemCaseSensitive(j, "Code") : NULL;
    if (cJSON_IsString(code)) snprintf(r->code, sizeof r->code, "%s", code->valuestring);
    cJSON_Delete(j);
    if (!r->code[0] && r->body.data) { /* XML errors */
        const char *a = strstr(r->body.data, "<Code>"), *b = a ? strstr(a, "</Code>") : NULL;
        if (a && b) snprintf(r->code, sizeof r->code, "%.*s", (int)(b - a - 6), a + 6);
    }
    return 0;
}

int tc_send(CURL *h, const struct tc_call *c, struct tc_resp *r)
{
    char nonce[33], ts[21];
    if (agw_rand_nonce(nonce) != 0) return -1;
    if (agw_clock_iso8601(c->ts ? c->ts : agw_clock_now(), ts) != 0) return -1;
    const char *n = c->nonce ? c->nonce : nonce;
    const char *action = c->action ? c->action : "SetDomain";
    const char *version = c->version ? c->version : "2016-07-14";
    const char *host = strstr(c->base, "://") ? strstr(c->base, "://") + 3 : c->base;

    struct agw_params q, form, hdrs;
    agw_params_init(&q);
    agw_params_init(&form);
    agw_params_init(&hdrs);
    struct agw_buf url, body;
    agw_buf_init(&url, 0);
    agw_buf_init(&body, 0);
    struct curl_slist *sl = NULL;
    int rc = -1;

    if (c->scheme == TC_V3) {
        if (c->op) agw_params_extend(c->form ? &form : &q, c->op);
        if (c->format) agw_params_add(&q, "Format", c->format);
        encode(&body, &form);
        struct agw_v3_request vr = {.alg = AGW_V3_HMAC_SHA256,
                                    .method = c->method,
                                    .host = host,
                                    .query = &q,
                                    .content_type =
                                        c->form ? "application/x-www-form-urlencoded" : NULL,
                                    .body = body.data,
                                    .body_len = body.len,
                                    .action = action,
                                    .version = version,
                                    .timestamp = ts,
                                    .nonce = n,
                                    .access_key_id = c->key_id,
                                    .access_key_secret = c->secret,
                                    .security_token = c->token};
        struct agw_v3_output out;
        agw_v3_output_init(&out);
        int src = agw_v3_sign_request(&vr, &hdrs, &out);
        agw_v3_output_free(&out);
        if (src != 0) goto done;
        if (c->corrupt) {
            char *auth = hdrs.v[hdrs.n - 1].value;
            size_t len = strlen(auth);
            auth[len - 1] = auth[len - 1] == '0' ? '1' : '0';
        }
    } else {
        struct agw_params all;
        agw_params_init(&all);
        if (c->op) agw_params_extend(&all, c->op);
        struct agw_rpc_request rr = {.method = c->method,
                                     .action = action,
                                     .version = version,
                                     .format = c->format ? c->format : "JSON",
                                     .timestamp = ts,
                                     .nonce = n,
                                     .access_key_id = c->key_id,
                                     .access_key_secret = c->secret,
                                     .security_token = c->token};
        struct agw_rpc_output out;
        agw_rpc_output_init(&out);
        int src = agw_rpc_sign_request(&rr, &all, &out);
        agw_rpc_output_free(&out);
        if (src != 0) {
            agw_params_free(&all);
            goto done;
        }
        if (c->corrupt) agw_params_set(&all, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        agw_params_extend(c->form ? &form : &q, &all);
        agw_params_free(&all);
        encode(&body, &form);
        if (c->form) agw_params_add(&hdrs, "Content-Type", "application/x-www-form-urlencoded");
    }
    if (c->raw_body) {
        agw_buf_reset(&body);
        agw_buf_appends(&body, c->raw_body);
    }
    agw_buf_printf(&url, "%s/", c->base);
    if (q.n) {
        struct agw_buf qs;
        agw_buf_init(&qs, 0);
        encode(&qs, &q);
        agw_buf_printf(&url, "?%s", agw_buf_str(&qs));
        agw_buf_free(&qs);
    }
    for (size_t i = 0; i < hdrs.n; i++) {
        struct agw_buf line;
        agw_buf_init(&line, 0);
        agw_buf_printf(&line, "%s: %s", hdrs.v[i].name, hdrs.v[i].value);
        sl = curl_slist_append(sl, agw_buf_str(&line));
        agw_buf_free(&line);
    }
    if (!agw_params_get_ci(&hdrs, "Content-Type")) sl = curl_slist_append(sl, "Content-Type:");
    sl = curl_slist_append(sl, "Expect:");
    rc = tc_send_raw(h, c->method, agw_buf_str(&url), sl, body.data, body.len, 0, r);
done:
    curl_slist_free_all(sl);
    agw_params_free(&q);
    agw_params_free(&form);
    agw_params_free(&hdrs);
    agw_buf_free(&url);
    agw_buf_free(&body);
    return rc;
}
