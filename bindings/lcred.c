/* core.cred_*: the fetching half of short-lived credentials. Each provider request is
 * built here (an STS AssumeRole signed by our RPC signer with the source credential, an
 * anonymous AssumeRoleWithOIDC, the metadata service's three requests, a credentials URI)
 * and started on the transport like any transfer, so the scheduler drives it on the event
 * loop; its answer is read here too, so that no secret ever becomes a Lua string. When to
 * fetch, once for all waiting tasks, and retries are creds.lua's policy. */
#include <lauxlib.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "clock.h"
#include "cred.h"
#include "fetched.h"
#include "file.h"
#include "http.h"
#include "lclient.h"
#include "lctx.h"
#include "lxfer.h"
#include "params.h"
#include "pe.h"
#include "proc.h"
#include "redact.h"
#include "rpc.h"
#include "util.h"
#include "words.h"
#include "wipe.h"

#define CXFER_MT "apigw.core.credxfer"
#define STS_VERSION "2015-04-01"
#define DEFAULT_SESSION "apigw-lua"
#define OIDC_TOKEN_MAX 20000
#define PROCESS_TIMEOUT_MS 60000
#define PROCESS_OUT_MAX (64 * 1024)

/* A credential transfer: only the head every transfer userdata starts with (lxfer.h), which
 * core.poll reads through the transfer's ud. */
struct lcredx {
    AGW_LXFER_HEAD;
};
_Static_assert(offsetof(struct lcredx, head) == 0, "core.poll reads the head at the start");

static int cx_gc(lua_State *L)
{
    struct lcredx *u = luaL_checkudata(L, 1, CXFER_MT);
    if (u->x) agw_http_xfer_free(u->http, u->x);
    u->x = NULL;
    return 0;
}

static struct agw_cred *node_at(lua_State *L, struct agw_lclient *c, lua_Integer depth)
{
    struct agw_cred *n = c->plan;
    for (lua_Integer i = 0; n && i < depth; i++)
        n = n->base;
    if (!n) luaL_error(L, "core.cred: no provider at depth %d", (int)depth);
    return n;
}

static int fail(lua_State *L, struct agw_err *err)
{
    return agw_lpush_fail(L, err, AGW_ERR_CONFIG);
}

/* core.cred_plan(client) -> {{kind=, source=, role_arn=, session_name=, sts=, role_name=,
 *   metadata=, imdsv1_disabled=, uri=, command=, token_file=, provider_arn=, fallback=,
 *   static=}, ...}
 *   | nil (static keys). Index 1 is the provider the client signs with; i + 1 its base. */
static int lcore_cred_plan(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    if (!c->plan) {
        lua_pushnil(L);
        return 1;
    }
    lua_newtable(L);
    int i = 0;
    for (const struct agw_cred *n = c->plan; n; n = n->base) {
        lua_createtable(L, 0, 8);
#define F(k, v)                                                                                    \
    if (v) {                                                                                       \
        lua_pushstring(L, v);                                                                      \
        lua_setfield(L, -2, k);                                                                    \
    }
        F("kind", agw_cred_kind_name(n->kind));
        F("source", n->source);
        F("role_arn", n->role_arn);
        F("session_name",
          (n->kind == AGW_CRED_RAM_ROLE || n->kind == AGW_CRED_OIDC) && !n->session_name
              ? DEFAULT_SESSION
              : n->session_name);
        F("sts", n->sts_endpoint);
        F("role_name", n->role_name);
        F("metadata", n->metadata_url);
        F("uri", n->uri);
        F("token_file", n->oidc_token_file);
        F("provider_arn", n->oidc_provider_arn);
        F("fallback", n->next ? n->next->source : NULL);
#undef F
        if (n->command) { /* argv[0] only: the arguments may carry anything */
            int argc;
            const char *why;
            char **argv = agw_cred_words(n->command, &argc, &why);
            lua_pushstring(L, argv ? argv[0] : "?");
            lua_setfield(L, -2, "command");
            agw_cred_words_free(argv);
        }
        lua_pushboolean(L, n->imdsv1_disabled);
        lua_setfield(L, -2, "imdsv1_disabled");
        lua_pushboolean(L, n->kind == AGW_CRED_STATIC);
        lua_setfield(L, -2, "static");
        lua_rawseti(L, -2, ++i);
    }
    return 1;
}

/* core.cred_fallback(client, depth) -> source: makes the provider at depth the chain's next
 * step (agw_cred.next: the credentials URI behind the ECS step), keeping the one it replaces
 * as its next, so that a second call goes back. creds.lua calls it only while neither has
 * given credentials (spec credentials.md §1.1: the first provider that gives them is kept). */
static int lcore_cred_fallback(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    struct agw_cred *a = node_at(L, c, luaL_checkinteger(L, 2)), *b = a->next;
    if (!b) return luaL_error(L, "core.cred_fallback: the provider has no next step");
    char *src = a == c->plan ? strdup(b->source ? b->source : "?") : NULL;
    if (a == c->plan && !src) return luaL_error(L, "out of memory");
    struct agw_cred t = *a; /* the nodes swap contents; the pointers to a stay valid */
    *a = *b;
    *b = t;
    a->next = b;
    b->next = NULL;
    if (src) {
        free(c->cred_source);
        c->cred_source = src;
    }
    lua_pushstring(L, a->source);
    return 1;
}

/* core.cred_rechain(client) -> "plan" | "static" | nil, err: runs the credential chain again
 * (agw_lclient_rechain): "plan", a provider chain to fetch from, the old one kept aside
 * until core.cred_settle; "static", keys that sign at once. */
static int lcore_cred_rechain(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    struct agw_err err;
    agw_err_clear(&err);
    int rc = agw_lclient_rechain(c, &err);
    if (rc < 0) return fail(L, &err);
    lua_pushstring(L, rc ? "plan" : "static");
    return 1;
}

/* core.cred_settle(client, keep): after "plan", keeps the new chain or goes back to the old. */
static int lcore_cred_settle(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    agw_lclient_settle(c, lua_toboolean(L, 2));
    return 0;
}

/* params as an application/x-www-form-urlencoded body (percent-encoded as signed). */
static int form(const struct agw_params *p, struct agw_buf *out)
{
    int bad = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (i) bad |= agw_buf_appendc(out, '&');
        bad |= agw_pe_appends(out, p->v[i].name);
        bad |= agw_buf_appendc(out, '=');
        bad |= agw_pe_appends(out, p->v[i].value);
    }
    return bad ? -1 : 0;
}

/* The role parameters both STS actions take. */
static int role_params(const struct agw_cred *n, struct agw_params *p)
{
    char dur[24];
    snprintf(dur, sizeof dur, "%ld", n->duration_s > 0 ? n->duration_s : 3600);
    int bad =
        agw_params_add(p, "RoleArn", n->role_arn) ||
        agw_params_add(p, "RoleSessionName", n->session_name ? n->session_name : DEFAULT_SESSION) ||
        agw_params_add(p, "DurationSeconds", dur);
    if (!bad && n->policy) bad = agw_params_add(p, "Policy", n->policy);
    return bad ? -1 : 0;
}

/* The OIDC token file's text, trimmed; re-read at every fetch (the platform rotates it). */
static int read_token(const struct agw_cred *n, struct agw_buf *tok, struct agw_err *err)
{
    int e = 0;
    if (agw_file_read(n->oidc_token_file, OIDC_TOKEN_MAX + 64, tok, &e) != 0) {
        char why[128];
        agw_err_set(err, AGW_ERR_CONFIG, "CredentialsFetchFailed",
                    "OIDC token file %s cannot be read: %s", n->oidc_token_file,
                    agw_file_strerror(e, OIDC_TOKEN_MAX + 64, why, sizeof why));
        return -1;
    }
    while (tok->len && (tok->data[tok->len - 1] == '\n' || tok->data[tok->len - 1] == '\r' ||
                        tok->data[tok->len - 1] == ' '))
        tok->data[--tok->len] = '\0';
    if (tok->len < 4 || tok->len > OIDC_TOKEN_MAX || memchr(tok->data, 0, tok->len)) {
        agw_err_set(err, AGW_ERR_CONFIG, "CredentialsFetchFailed",
                    "OIDC token file %s does not hold a token (4 to %d characters; it has %zu)",
                    n->oidc_token_file, OIDC_TOKEN_MAX, tok->len);
        return -1;
    }
    return 0;
}

struct built {
    char url[1200];
    char method[8];
    const char *headers[6];
    char hbuf[3][160];
    struct agw_buf body;
    struct agw_buf sts; /* the string to sign, token masked, for --trace */
    long connect_ms, read_ms;
    int no_proxy;
};

static int build_assume(struct agw_lctx *ctx, struct agw_cred *n, struct built *b,
                        struct agw_err *err)
{
    struct agw_params p;
    agw_params_init(&p);
    char nonce[33], ts[21];
    int rc = -1;
    if (agw_rand_pool_nonce(&ctx->nonces, nonce) != 0 ||
        agw_clock_iso8601(agw_clock_now(), ts) != 0) {
        agw_err_set(err, AGW_ERR_CONFIG, "InternalError", "no random source or clock");
        goto out;
    }
    if (role_params(n, &p) != 0) goto oom;
    if (n->kind == AGW_CRED_RAM_ROLE) {
        const struct agw_cred *src = n->base;
        if (!src || !src->access_key_id || !src->access_key_secret) {
            agw_err_set(err, AGW_ERR_CONFIG, "NoCredentials",
                        "the source credentials of role %s are not there yet", n->role_arn);
            goto out;
        }
        if (n->external_id && agw_params_add(&p, "ExternalId", n->external_id)) goto oom;
        struct agw_rpc_request rq = {.method = "POST",
                                     .action = "AssumeRole",
                                     .version = STS_VERSION,
                                     .format = "JSON",
                                     .timestamp = ts,
                                     .nonce = nonce,
                                     .access_key_id = src->access_key_id,
                                     .access_key_secret = src->access_key_secret,
                                     .security_token = src->security_token};
        struct agw_rpc_output out;
        agw_rpc_output_init(&out);
        int s = agw_rpc_sign_request(&rq, &p, &out);
        const char *vals[3];
        const struct agw_redact_set set = {
            .values = agw_redact_creds(vals, src->access_key_secret, src->security_token)};
        if (s == 0)
            s = agw_buf_append(&b->sts, out.string_to_sign.data, out.string_to_sign.len) ||
                agw_redact(&b->sts, &set);
        agw_rpc_output_free(&out);
        if (s != 0) goto oom;
    } else {
        struct agw_buf tok;
        agw_buf_init_secret(&tok, 0);
        if (read_token(n, &tok, err) != 0) {
            agw_buf_wipe_free(&tok);
            goto out;
        }
        int s = agw_params_add(&p, "Action", "AssumeRoleWithOIDC") ||
                agw_params_add(&p, "Version", STS_VERSION) ||
                agw_params_add(&p, "Format", "JSON") || agw_params_add(&p, "Timestamp", ts) ||
                agw_params_add(&p, "OIDCProviderArn", n->oidc_provider_arn) ||
                agw_params_add(&p, "OIDCToken", agw_buf_str(&tok));
        agw_buf_wipe_free(&tok);
        if (s) goto oom;
    }
    if (form(&p, &b->body) != 0) goto oom;
    snprintf(b->url, sizeof b->url, "%s", n->sts_endpoint);
    strcpy(b->method, "POST");
    b->headers[0] = "Content-Type: application/x-www-form-urlencoded";
    b->headers[1] = "Accept: application/json";
    snprintf(b->hbuf[0], sizeof b->hbuf[0], "x-acs-credentials-provider: %s",
             agw_cred_kind_name(n->kind == AGW_CRED_RAM_ROLE ? n->base->kind : n->kind));
    b->headers[2] = b->hbuf[0];
    b->connect_ms = 5000;
    b->read_ms = 10000;
    rc = 0;
    goto out;
oom:
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory building an STS request");
out:
    /* the parameters held the OIDC token or the source's token */
    for (size_t i = 0; i < p.n; i++)
        agw_wipe_str(p.v[i].value);
    agw_params_free(&p);
    return rc;
}

static int build_imds(struct agw_cred *n, const char *step, struct built *b, struct agw_err *err)
{
    b->connect_ms = b->read_ms = 1000;
    b->no_proxy = 1;
    if (strcmp(step, "imds_token") == 0) {
        snprintf(b->url, sizeof b->url, "%s/latest/api/token", n->metadata_url);
        strcpy(b->method, "PUT");
        b->headers[0] = "X-aliyun-ecs-metadata-token-ttl-seconds: 21600";
        return 0;
    }
    strcpy(b->method, "GET");
    if (strcmp(step, "imds_role") == 0) {
        snprintf(b->url, sizeof b->url, "%s/latest/meta-data/ram/security-credentials/",
                 n->metadata_url);
    } else {
        if (!n->role_name) {
            agw_err_set(err, AGW_ERR_CONFIG, "NoCredentials", "the ECS role name is not known");
            return -1;
        }
        snprintf(b->url, sizeof b->url, "%s/latest/meta-data/ram/security-credentials/%s",
                 n->metadata_url, n->role_name);
    }
    if (n->imds_token) {
        if (agw_buf_printf(&b->body, "X-aliyun-ecs-metadata-token: %s", n->imds_token)) {
            agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory");
            return -1;
        }
        b->headers[0] = agw_buf_str(&b->body); /* a GET has no body: the buffer holds it */
    }
    return 0;
}

/* core.cred_start(client, depth, step) -> xfer, sts | nil, err
 *   step: "assume" (RAM role, OIDC), "imds_token", "imds_role", "imds_creds", "uri";
 *   sts: the AssumeRole string to sign with the source's token masked (else nil). */
static int lcore_cred_start(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    struct agw_lclient *c = agw_lclient_check(L, 1);
    lua_Integer depth = luaL_checkinteger(L, 2);
    const char *step = luaL_checkstring(L, 3);
    struct agw_cred *n = node_at(L, c, depth);
    struct lcredx *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->x = NULL;
    u->ref = LUA_NOREF;
    u->http = agw_lctx_http(L, ctx);
    luaL_setmetatable(L, CXFER_MT);

    struct built b;
    memset(&b, 0, sizeof b);
    agw_buf_init_secret(&b.body, 0);
    agw_buf_init_secret(&b.sts, 0);
    struct agw_err err;
    agw_err_clear(&err);
    int rc;
    if (strcmp(step, "assume") == 0 && (n->kind == AGW_CRED_RAM_ROLE || n->kind == AGW_CRED_OIDC))
        rc = build_assume(ctx, n, &b, &err);
    else if (strncmp(step, "imds_", 5) == 0 && n->kind == AGW_CRED_ECS)
        rc = build_imds(n, step, &b, &err);
    else if (strcmp(step, "uri") == 0 && n->kind == AGW_CRED_URI) {
        snprintf(b.url, sizeof b.url, "%s", n->uri);
        strcpy(b.method, "GET");
        b.connect_ms = 5000;
        b.read_ms = 10000;
        rc = 0;
    } else {
        return luaL_error(L, "core.cred_start: step %s does not fit a %s provider", step,
                          agw_cred_kind_name(n->kind));
    }
    if (rc == 0) {
        int is_get = strcmp(b.method, "GET") == 0;
        struct agw_http_request hr = {
            .method = b.method,
            .url = b.url,
            .headers = b.headers,
            .body = is_get ? "" : agw_buf_str(&b.body),
            .body_len = is_get ? 0 : b.body.len,
            .connect_timeout_ms = c->connect_timeout_ms ? c->connect_timeout_ms : b.connect_ms,
            .read_timeout_ms = c->read_timeout_ms ? c->read_timeout_ms : b.read_ms,
            .ca_bundle = c->ca_bundle,
            .insecure = c->insecure,
            .no_proxy = b.no_proxy,
            .secret = 1,
        };
        if (b.no_proxy) hr.connect_timeout_ms = hr.read_timeout_ms = 1000;
        u->x = agw_http_start(u->http, &hr, u, &err);
        if (!u->x) rc = -1;
    }
    OPENSSL_cleanse(b.url, sizeof b.url);
    if (rc != 0) {
        agw_buf_wipe_free(&b.body);
        agw_buf_wipe_free(&b.sts);
        return fail(L, &err);
    }
    if (b.sts.len)
        lua_pushlstring(L, b.sts.data, b.sts.len);
    else
        lua_pushnil(L);
    agw_buf_wipe_free(&b.body);
    agw_buf_wipe_free(&b.sts);
    lua_pushvalue(L, -2);
    u->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 2;
}

/* Replaces a node's keys with f's (wiping the old ones); the client's too at depth 0. */
static void store(struct agw_lclient *c, struct agw_cred *n, struct agw_cred_fetched *f)
{
    free(n->access_key_id);
    agw_wipe_free(n->access_key_secret);
    agw_wipe_free(n->security_token);
    n->access_key_id = f->access_key_id;
    n->access_key_secret = f->access_key_secret;
    n->security_token = f->security_token;
    n->expiration = f->expiration;
    memset(f, 0, sizeof *f);
    if (n == c->plan) {
        free(c->access_key_id);
        agw_wipe_free(c->access_key_secret);
        agw_wipe_free(c->security_token);
        c->access_key_id = agw_cred_strdup(n->access_key_id);
        c->access_key_secret = agw_cred_strdup(n->access_key_secret);
        c->security_token = agw_cred_strdup(n->security_token);
        c->expiration = n->expiration;
    }
}

static int push_info(lua_State *L, const struct agw_cred *n)
{
    lua_createtable(L, 0, 2);
    lua_pushstring(L, n->access_key_id);
    lua_setfield(L, -2, "access_key_id");
    if (n->expiration) {
        lua_pushinteger(L, (lua_Integer)n->expiration);
        lua_setfield(L, -2, "expiration");
    }
    return 1;
}

/* Who answered, for messages: never a query string (it may carry anything). */
static void who_of(const struct agw_cred *n, const char *step, char *out, size_t cap)
{
    switch (n->kind) {
    case AGW_CRED_RAM_ROLE:
    case AGW_CRED_OIDC:
        snprintf(out, cap, "STS %s of %s at %s",
                 n->kind == AGW_CRED_OIDC ? "AssumeRoleWithOIDC" : "AssumeRole", n->role_arn,
                 n->sts_endpoint);
        break;
    case AGW_CRED_ECS:
        snprintf(out, cap, "ECS metadata %s (%s%s)", n->metadata_url,
                 strcmp(step, "imds_token") == 0  ? "IMDSv2 token"
                 : strcmp(step, "imds_role") == 0 ? "role name"
                                                  : "credentials of role ",
                 strcmp(step, "imds_creds") == 0 && n->role_name ? n->role_name : "");
        break;
    default: {
        size_t q = strcspn(n->uri ? n->uri : "", "?#");
        snprintf(out, cap, "credentials URI %.*s", (int)(q < 300 ? q : 300), n->uri);
    }
    }
}

/* core.cred_finish(client, depth, step, xfer) -> info | true | nil, err
 *   info {access_key_id=, expiration=} for credentials; true for imds_token/imds_role. */
static int lcore_cred_finish(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    lua_Integer depth = luaL_checkinteger(L, 2);
    const char *step = luaL_checkstring(L, 3);
    struct lcredx *u = luaL_checkudata(L, 4, CXFER_MT);
    struct agw_cred *n = node_at(L, c, depth);
    if (!u->x || !agw_http_xfer_done(u->x)) return luaL_error(L, "core.cred_finish: not done");
    struct agw_http_result *res = agw_http_xfer_result(u->x);
    char who[600];
    who_of(n, step, who, sizeof who);
    struct agw_err err;
    agw_err_clear(&err);
    int rc = -1;
    if (res->err.kind != AGW_ERR_NONE) {
        agw_err_set(&err, AGW_ERR_CONFIG, "CredentialsFetchFailed", "%s: %s: %s", who,
                    res->err.code, res->err.message);
    } else if (strcmp(step, "imds_token") == 0 || strcmp(step, "imds_role") == 0) {
        const char *body = agw_buf_str(&res->body);
        size_t len = res->body.len;
        while (len && (body[len - 1] == '\n' || body[len - 1] == '\r' || body[len - 1] == ' '))
            len--;
        int printable = len > 0 && len < 200;
        for (size_t i = 0; printable && i < len; i++)
            printable = body[i] > 0x20 && body[i] < 0x7f && body[i] != '/';
        if (res->status != 200 || !printable) {
            agw_err_set(&err, AGW_ERR_CONFIG, "CredentialsFetchFailed", "%s: HTTP %ld%s", who,
                        res->status, res->status == 200 ? " with an answer that is not one" : "");
        } else {
            char **dst = strcmp(step, "imds_token") == 0 ? &n->imds_token : &n->role_name;
            char *v = malloc(len + 1);
            if (!v) return luaL_error(L, "out of memory");
            memcpy(v, body, len);
            v[len] = '\0';
            agw_wipe_free(*dst);
            *dst = v;
            rc = 1;
        }
    } else {
        struct agw_cred_fetched f;
        enum agw_cred_answer kind = n->kind == AGW_CRED_ECS   ? AGW_CRED_ANSWER_ECS
                                    : n->kind == AGW_CRED_URI ? AGW_CRED_ANSWER_URI
                                                              : AGW_CRED_ANSWER_STS;
        rc = agw_cred_fetched_parse(kind, res->status, agw_buf_str(&res->body), res->body.len, who,
                                    &f, &err);
        if (rc == 0) store(c, n, &f);
        agw_cred_fetched_free(&f);
    }
    if (res->body.data) OPENSSL_cleanse(res->body.data, res->body.len);
    luaL_unref(L, LUA_REGISTRYINDEX, u->ref);
    u->ref = LUA_NOREF;
    agw_http_xfer_free(u->http, u->x);
    u->x = NULL;
    if (rc < 0) return fail(L, &err);
    if (rc == 1) {
        lua_pushboolean(L, 1);
        return 1;
    }
    return push_info(L, n);
}

/* core.cred_cancel(xfer): aborts a credential transfer. */
static int lcore_cred_cancel(lua_State *L)
{
    struct lcredx *u = luaL_checkudata(L, 1, CXFER_MT);
    if (u->x) {
        luaL_unref(L, LUA_REGISTRYINDEX, u->ref);
        u->ref = LUA_NOREF;
        agw_http_xfer_free(u->http, u->x);
        u->x = NULL;
    }
    return 0;
}

/* An External helper that runs (core.cred_process_start): __gc kills its process group, so
 * a playbook that stops meanwhile leaves none behind, and wipes what it printed. */
#define CPROC_MT "apigw.core.credproc"
struct lcredp {
    struct agw_proc p;
    struct agw_buf out; /* its stdout: credentials */
};

static int cp_gc(lua_State *L)
{
    struct lcredp *u = luaL_checkudata(L, 1, CPROC_MT);
    agw_proc_kill(&u->p);
    agw_buf_wipe_free(&u->out);
    return 0;
}

/* core.cred_process_start(client, depth) -> proc | nil, err: starts the External mode's
 * command (POSIX words, no shell). It runs while the event loop goes on: creds.lua steps it
 * with core.cred_process_step each time the loop wakes on its pipe (or its exit). Killed at its
 * limit: 60 s, or APIGW_CREDENTIAL_PROCESS_TIMEOUT seconds. */
static int lcore_cred_process_start(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    struct agw_cred *n = node_at(L, c, luaL_checkinteger(L, 2));
    lua_Number t = PROCESS_TIMEOUT_MS / 1000.0;
    const char *limit = getenv("APIGW_CREDENTIAL_PROCESS_TIMEOUT");
    if (limit && *limit) {
        char *end;
        double v = strtod(limit, &end);
        if (*end || !(v > 0 && v <= 3600)) {
            struct agw_err e;
            agw_err_set(&e, AGW_ERR_CONFIG, "InvalidOption",
                        "APIGW_CREDENTIAL_PROCESS_TIMEOUT must be seconds from 0 to 3600");
            return fail(L, &e);
        }
        t = v;
    }
    struct lcredp *u = lua_newuserdatauv(L, sizeof *u, 0);
    memset(&u->p, 0, sizeof u->p);
    u->p.fd = u->p.pidfd = -1;
    agw_buf_init_secret(&u->out, 0);
    luaL_setmetatable(L, CPROC_MT);
    struct agw_err err;
    agw_err_clear(&err);
    int argc;
    const char *why;
    char **argv = agw_cred_words(n->command, &argc, &why);
    if (!argv) {
        agw_err_set(&err, AGW_ERR_CONFIG, "InvalidProfile", "%s: process_command: %s", n->source,
                    why);
        return fail(L, &err);
    }
    fflush(stderr);
    int rc = agw_proc_start(&u->p, argv, (long)(t * 1000), PROCESS_OUT_MAX, &u->out, &err);
    agw_cred_words_free(argv);
    if (rc != 0) {
        char m[sizeof err.message];
        snprintf(m, sizeof m, "%s", err.message);
        agw_err_set(&err, AGW_ERR_CONFIG, "CredentialsFetchFailed", "%s", m);
        return fail(L, &err);
    }
    return 1;
}

/* core.cred_process_step(client, depth, proc) -> false, fd, seconds (still running) | info |
 * nil, err: reads what the helper has printed without waiting; once it has ended, its
 * answer. While it runs: the descriptor to wait on before the next step (its stdout, then
 * one readable once it exits; nil without: step again soon) and the seconds to its limit. */
static int lcore_cred_process_step(lua_State *L)
{
    struct agw_lclient *c = agw_lclient_check(L, 1);
    struct agw_cred *n = node_at(L, c, luaL_checkinteger(L, 2));
    struct lcredp *u = luaL_checkudata(L, 3, CPROC_MT);
    struct agw_err err;
    agw_err_clear(&err);
    char who[400];
    snprintf(who, sizeof who, "external process %.300s", u->p.name);
    int status = 0;
    int rc = agw_proc_step(&u->p, 0, &status, &err);
    if (rc == 0) {
        long left_ms;
        int fd = agw_proc_wait_fd(&u->p, &left_ms);
        lua_pushboolean(L, 0);
        if (fd >= 0)
            lua_pushinteger(L, fd);
        else
            lua_pushnil(L);
        lua_pushnumber(L, (lua_Number)left_ms / 1000.0);
        return 3;
    }
    if (rc < 0) {
        char m[sizeof err.message];
        snprintf(m, sizeof m, "%s", err.message);
        agw_err_set(&err, AGW_ERR_CONFIG, "CredentialsFetchFailed", "%s", m);
    } else if (status != 0) {
        agw_err_set(&err, AGW_ERR_CONFIG, "CredentialsFetchFailed",
                    "%s exited with status %d (its stderr says why)", who, status);
        rc = -1;
    } else {
        struct agw_cred_fetched f;
        rc = agw_cred_fetched_parse(AGW_CRED_ANSWER_PROCESS, 0, agw_buf_str(&u->out), u->out.len,
                                    who, &f, &err) == 0
                 ? 1
                 : -1;
        if (rc == 1) store(c, n, &f);
        agw_cred_fetched_free(&f);
    }
    agw_buf_wipe_free(&u->out);
    agw_buf_init_secret(&u->out, 0);
    if (rc < 0) return fail(L, &err);
    return push_info(L, n);
}

/* core.time() -> wall-clock seconds since the epoch (credential expirations are wall times) */
static int lcore_time(lua_State *L)
{
    lua_pushnumber(L, (lua_Number)agw_clock_wall_ms() / 1000.0);
    return 1;
}

void agw_lcred_register(lua_State *L)
{
    static const char *const mts[] = {CXFER_MT, CPROC_MT};
    static const lua_CFunction gcs[] = {cx_gc, cp_gc};
    for (int i = 0; i < 2; i++) {
        if (luaL_newmetatable(L, mts[i])) {
            lua_pushcfunction(L, gcs[i]);
            lua_setfield(L, -2, "__gc");
            lua_pushboolean(L, 0);
            lua_setfield(L, -2, "__metatable");
        }
        lua_pop(L, 1);
    }
    static const luaL_Reg fns[] = {
        {"cred_plan", lcore_cred_plan},
        {"cred_start", lcore_cred_start},
        {"cred_finish", lcore_cred_finish},
        {"cred_cancel", lcore_cred_cancel},
        {"cred_fallback", lcore_cred_fallback},
        {"cred_rechain", lcore_cred_rechain},
        {"cred_settle", lcore_cred_settle},
        {"cred_process_start", lcore_cred_process_start},
        {"cred_process_step", lcore_cred_process_step},
        {"time", lcore_time},
        {NULL, NULL},
    };
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, fns, 1);
}
