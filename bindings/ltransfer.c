/* core.sign, core.send, core.poll, core.finish and friends: one signed attempt on the wire.
 * Retries, waiting and scheduling are the Lua side's policy. */
#include <lauxlib.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "http.h"
#include "lclient.h"
#include "lctx.h"
#include "lredact.h"
#include "lxfer.h"
#include "rand.h"
#include "request.h"
#include "wipe.h"

#define XFER_MT "apigw.core.xfer"
#define AGW_POLL_FDS_MAX 16 /* descriptors core.poll watches besides the transfers */

/* One attempt: the signed request from core.sign until core.send hands it to the
 * transport, then the transfer. The URL and headers carry the security token, and a Lua
 * call that raises (any can, out of memory) would lose them from the C stack unwiped. Held
 * here, __gc wipes and frees them (liolib's newprefile pattern); core.send releases them as
 * soon as the transfer has its copy. A dry run signs and never sends: __gc frees it. */
struct lxfer {
    AGW_LXFER_HEAD;                   /* first: core.poll reads it whatever the kind (lxfer.h) */
    int is_signed;                    /* req holds a request not yet sent */
    const struct agw_lclient *client; /* the signing client, kept alive by the user value */
    struct agw_req_signed req;
    struct agw_buf scratch; /* a masked copy being made for the request's description */
};
_Static_assert(offsetof(struct lxfer, head) == 0, "core.poll reads the head at the start");

struct agw_http *agw_lctx_http(lua_State *L, struct agw_lctx *ctx)
{
    if (!ctx->http) {
        struct agw_err err;
        agw_err_clear(&err);
        if (agw_http_new(&ctx->http, NULL, &err) != 0) {
            ctx->http = NULL;
            luaL_error(L, "apigw: %s", err.message);
        }
    }
    return ctx->http;
}

/* Runs before the context's own __gc, which frees the transport: Lua calls finalizers in
 * the reverse order objects were marked for finalization, and the context is marked when
 * the module opens, before any transfer exists. */
static int xfer_gc(lua_State *L)
{
    struct lxfer *u = luaL_checkudata(L, 1, XFER_MT);
    if (u->x) agw_http_xfer_free(u->http, u->x);
    u->x = NULL;
    agw_req_signed_free(&u->req);
    agw_buf_wipe_free(&u->scratch);
    return 0;
}

/* The longest URL apigw-lua sends, in bytes. RFC 9110 asks every recipient to take at
 * least 8000 octets; front ends commonly take 8 to 32 KiB (the emulator's libmicrohttpd:
 * 32 KiB with the headers). Parameters that travel in the body (a certificate chain and its
 * key) do not count. */
#define AGW_URL_MAX 16384

/* name as it can be shown: NUL as \0, other control bytes as '?', at most 100 bytes */
static void shown_name(char *out, size_t cap, const char *n, size_t nl)
{
    size_t o = 0;
    for (size_t i = 0; i < nl && i < 100 && o + 3 < cap; i++) {
        unsigned char c = (unsigned char)n[i];
        if (c == 0) {
            out[o++] = '\\';
            out[o++] = '0';
        } else
            out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    out[o] = '\0';
}

/* Does the flat name n travel in the body: is it one of names, or flattened from one
 * ("Name.1", "Name.Key")? */
static int in_body(const char *const *names, const char *n, size_t nl)
{
    for (; names && *names; names++) {
        size_t l = strlen(*names);
        if (l && nl >= l && memcmp(n, *names, l) == 0 && (nl == l || n[l] == '.')) return 1;
    }
    return 0;
}

/* Reads the flat parameter table {Name = "value"} into p, and those whose name is in
 * body_names (in_body) into body (the Lua side flattens and converts: values must be
 * strings). Returns 0, or -1 with err (InvalidParameter) for a name or value holding a NUL
 * byte, which the C strings below would cut there, sending the rest unseen. A value is never
 * quoted (it may be a secret). */
static int read_params(lua_State *L, int t, struct agw_params *p, struct agw_params *body,
                       const char *const *body_names, struct agw_err *err)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
            agw_params_free(p);
            agw_params_free(body);
            luaL_error(L, "core.sign: parameters must be flattened to strings");
        }
        size_t nl, vl;
        const char *n = lua_tolstring(L, -2, &nl);
        const char *v = lua_tolstring(L, -1, &vl);
        const char *nul = memchr(v, 0, vl);
        if (memchr(n, 0, nl) || nul) {
            char name[256];
            shown_name(name, sizeof name, n, nl);
            if (memchr(n, 0, nl))
                agw_err_set(err, AGW_ERR_CLIENT, "InvalidParameter",
                            "parameter name '%s' holds a NUL byte, which would cut it short", name);
            else
                agw_err_set(err, AGW_ERR_CLIENT, "InvalidParameter",
                            "parameter '%s' holds a NUL byte (at byte %zu of %zu), which would cut "
                            "its value short",
                            name, (size_t)(nul - v) + 1, vl);
            lua_pop(L, 2);
            return -1;
        }
        if (agw_params_addn(in_body(body_names, n, nl) ? body : p, n, nl, v, vl)) {
            agw_params_free(p);
            agw_params_free(body);
            luaL_error(L, "out of memory");
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* Refuses a request whose URL (of url_len bytes, or at least that) would exceed
 * AGW_URL_MAX, naming the largest parameter: sent, it would fail as a network error or an
 * answer from some proxy, though the service never saw it. */
static int check_url_size(size_t url_len, int at_least, const struct agw_params *p,
                          struct agw_err *err)
{
    if (url_len <= AGW_URL_MAX) return 0;
    size_t big = 0;
    for (size_t i = 1; i < p->n; i++)
        if (strlen(p->v[i].value) > strlen(p->v[big].value)) big = i;
    agw_err_set(err, AGW_ERR_CLIENT, "RequestTooLarge",
                "the request URL would be %s%zu bytes, more than the %d bytes apigw-lua sends "
                "in a URL (parameters travel in the query string, but for those the action "
                "sends in its body); largest parameter '%.100s' (%zu bytes)",
                at_least ? "at least " : "", url_len, AGW_URL_MAX, p->n ? p->v[big].name : "",
                p->n ? strlen(p->v[big].value) : 0);
    return -1;
}

/* Pushes text masked by the redactor (the credentials, the signature, the secret
 * parameters): a masked copy, as the request itself is still to be sent. The copy is made in
 * the transfer's scratch buffer, which __gc wipes should pushing the string raise. */
static void push_masked(lua_State *L, const char *text, size_t n, struct lxfer *u,
                        const struct agw_redact_set *set)
{
    struct agw_buf *m = &u->scratch;
    if (agw_buf_append(m, text, n) || agw_redact(m, set)) luaL_error(L, "out of memory");
    lua_pushlstring(L, agw_buf_str(m), m->len);
    agw_buf_wipe_free(m);
    agw_buf_init_secret(m, 0);
}

/* Fills the table on the stack top with the request's description, every string masked. */
static void fill_request_info(lua_State *L, struct lxfer *u, const struct agw_redact_set *set)
{
    const struct agw_req_signed *r = &u->req;
    lua_pushstring(L, u->client->method);
    lua_setfield(L, -2, "method");
    push_masked(L, agw_buf_str(&r->url), r->url.len, u, set);
    lua_setfield(L, -2, "url");
    lua_createtable(L, (int)r->headers.n, 0);
    for (size_t i = 0; i < r->headers.n; i++) {
        const char *value = r->headers.v[i].value;
        push_masked(L, value, strlen(value), u, set);
        lua_pushfstring(L, "%s: %s", r->headers.v[i].name, lua_tostring(L, -1));
        lua_remove(L, -2);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "headers");
    push_masked(L, agw_buf_str(&r->body), r->body.len, u, set);
    lua_setfield(L, -2, "body");
    lua_pushstring(L, agw_buf_str(&r->canonical));
    lua_setfield(L, -2, "canonical");
    lua_pushstring(L, agw_buf_str(&r->string_to_sign));
    lua_setfield(L, -2, "string_to_sign");
}

/* core.sign(client, action, version, params [, info [, marks]]) -> req, sts | nil, err
 * The sign stage: resolves the client, takes a nonce and the time, and signs. req is a
 * transfer not yet started that holds the signed request until core.send. sts is the string
 * to sign (masked by the redactor), kept for diagnosing a SignatureDoesNotMatch answer. When
 * info is a table it is filled with method, url, headers, canonical, string_to_sign, every
 * one masked by the redactor (core.redact), for --trace and --dry-run; without it no other
 * string is made (bulk runs need none). err is a local failure (credentials, parameters,
 * signing).
 * marks (optional; nil or false for none) says how the action treats its parameters, from
 * the action table (apigw.actions.marks_of):
 *   secret = {Name = true, ...}   masked in info and sts besides the redactor's own names
 *                                 (Signature, SecurityToken, OIDCToken, CertificatePrivateKey)
 *   body = {Name = true, ...}     sent in an application/x-www-form-urlencoded POST body,
 *                                 signed as such by both schemes, never in the URL; a
 *                                 flattened "Name.1" goes with Name. A GET client calling with
 *                                 one of them fails with InvalidMethod; the URL size limit
 *                                 (RequestTooLarge) counts only the URL's parameters.
 * info then also has body (masked; "" without body parameters). */
static int lcore_sign(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    struct agw_lclient *c = agw_lclient_check(L, 1);
    const char *action = luaL_checkstring(L, 2);
    const char *version = luaL_checkstring(L, 3);
    luaL_checktype(L, 4, LUA_TTABLE);
    int want_info = lua_istable(L, 5);
    const char *const *secret_names = NULL, *const *body_names = NULL;
    if (lua_toboolean(L, 6)) {
        luaL_checktype(L, 6, LUA_TTABLE);
        lua_getfield(L, 6, "secret"); /* kept on the stack: the names point into them */
        secret_names = agw_lredact_names(L, -1, "core.sign: marks.secret");
        lua_getfield(L, 6, "body");
        body_names = agw_lredact_names(L, -1, "core.sign: marks.body");
    }

    struct agw_err err;
    agw_err_clear(&err);
    if (agw_lclient_resolve(c, &err) != 0) return agw_lpush_fail(L, &err, AGW_ERR_CONFIG);
    /* made first: it holds the signed request from here on */
    struct lxfer *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->x = NULL;
    u->ref = LUA_NOREF;
    u->http = NULL;
    u->is_signed = 0;
    u->client = c;
    agw_req_signed_init(&u->req);
    agw_buf_init_secret(&u->scratch, 0);
    luaL_setmetatable(L, XFER_MT);
    lua_pushvalue(L, 1); /* the client outlives its request */
    lua_setiuservalue(L, -2, 1);
    struct agw_req_signed *r = &u->req;

    struct agw_params params, body;
    agw_params_init(&params);
    agw_params_init(&body);
    size_t least = 0; /* each parameter adds at least its name, its value and "&=" */
    int bad = read_params(L, 4, &params, &body, body_names, &err);
    for (size_t i = 0; !bad && i < params.n; i++)
        least += strlen(params.v[i].name) + strlen(params.v[i].value) + 2;
    if (bad || check_url_size(least, 1, &params, &err) != 0) {
        agw_params_free(&params);
        agw_params_free(&body);
        return agw_lpush_fail(L, &err, AGW_ERR_CLIENT);
    }

    char nonce[33], ts[21];
    if (agw_rand_pool_nonce(&ctx->nonces, nonce) != 0 ||
        agw_clock_iso8601(agw_clock_now(), ts) != 0) {
        agw_params_free(&params);
        agw_params_free(&body);
        return luaL_error(L, "no random source or clock for the signature nonce");
    }
    struct agw_req_spec spec = {
        .action = action,
        .version = version,
        .params = &params,
        .body = &body,
        .sig = c->sig,
        .method = c->method,
        .endpoint = &c->endpoint,
        .access_key_id = c->access_key_id,
        .access_key_secret = c->access_key_secret,
        .security_token = c->security_token,
        .timestamp = ts,
        .nonce = nonce,
        .secret_names = secret_names,
    };
    int rc = agw_req_build(&spec, r, &err);
    if (rc == 0) rc = check_url_size(r->url.len, 0, &params, &err);
    agw_params_free(&params);
    agw_params_free(&body);
    if (rc != 0) {
        agw_req_signed_free(r);
        lua_pushnil(L);
        agw_lpush_err(L, &err);
        return 2;
    }
    u->is_signed = 1;
    /* stack: ud */
    if (want_info) {
        const char *vals[3];
        struct agw_redact_set set = agw_lredact_set(c, vals, secret_names);
        lua_pushvalue(L, 5);
        fill_request_info(L, u, &set);
        lua_pop(L, 1);
    }
    lua_pushlstring(L, agw_buf_str(&r->string_to_sign), r->string_to_sign.len);
    return 2;
}

/* core.send(req [, timeout_s]) -> true | nil, err
 * The send stage: hands a signed request to the transport, and wipes it. A per-call timeout
 * bounds the whole attempt, connecting included. */
static int lcore_send(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    struct lxfer *u = luaL_checkudata(L, 1, XFER_MT);
    lua_Number timeout = luaL_optnumber(L, 2, 0);
    lua_settop(L, 1);
    struct agw_err err;
    agw_err_clear(&err);
    if (!u->is_signed) return luaL_error(L, "core.send: not a signed request, or sent already");
    if (timeout != 0 && !(timeout > 0 && timeout <= AGW_TIMEOUT_MAX_S)) {
        agw_err_set(&err, AGW_ERR_CLIENT, "InvalidOption",
                    "per-call option 'timeout' must be a number of seconds > 0 and at most %d, "
                    "got %.17g",
                    AGW_TIMEOUT_MAX_S, (double)timeout);
        return agw_lpush_fail(L, &err, AGW_ERR_CLIENT);
    }
    const struct agw_lclient *c = u->client;
    u->http = agw_lctx_http(L, ctx);
    struct agw_req_signed *r = &u->req;

    /* "Name: value" lines for libcurl, in one block: the pointer array, then the text */
    size_t n = r->headers.n, text = 0;
    for (size_t i = 0; i < n; i++)
        text += strlen(r->headers.v[i].name) + strlen(r->headers.v[i].value) + 3;
    size_t ptrs = (n + 1) * sizeof(char *);
    char **lines = malloc(ptrs + text);
    int oom = lines == NULL;
    if (!oom) {
        char *p = (char *)lines + ptrs;
        for (size_t i = 0; i < n; i++) {
            size_t nl = strlen(r->headers.v[i].name), vl = strlen(r->headers.v[i].value);
            lines[i] = p;
            memcpy(p, r->headers.v[i].name, nl);
            p[nl] = ':';
            p[nl + 1] = ' ';
            memcpy(p + nl + 2, r->headers.v[i].value, vl);
            p[nl + 2 + vl] = '\0';
            p += nl + vl + 3;
        }
        lines[n] = NULL;
    }
    struct agw_http_request hr = {
        .method = c->method,
        .url = agw_buf_str(&r->url),
        .headers = (const char *const *)lines,
        .body = agw_buf_str(&r->body),
        .body_len = r->body.len,
        .connect_timeout_ms = c->connect_timeout_ms,
        .read_timeout_ms = c->read_timeout_ms,
        .total_timeout_ms = timeout > 0 ? agw_timeout_ms(timeout) : 0,
        .ca_bundle = c->ca_bundle,
        .insecure = c->insecure,
        /* the body may hold a private key */
        .secret = c->security_token != NULL || r->body.len > 0,
    };
    if (!oom) u->x = agw_http_start(u->http, &hr, u, &err);
    agw_wipe_free_n(lines, ptrs + text);
    /* sent or not, the signed request is used up: its nonce must never go out twice */
    agw_req_signed_free(r);
    u->is_signed = 0;
    if (oom || !u->x) {
        if (oom) agw_err_set(&err, AGW_ERR_NETWORK, "InternalError", "out of memory");
        lua_pushnil(L);
        agw_lpush_err(L, &err);
        return 2;
    }
    /* last, as nothing after it raises: until then, a raise leaves the userdata unreferenced
     * and its __gc aborts the transfer. The reference keeps it alive while the transfer runs;
     * core.poll finds it through the transfer's ud (u). */
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    u->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 1;
}

/* Waits on fds alone (no transport yet: nothing was ever sent), marking the ready ones. */
static void wait_fds(struct agw_http_fd *fds, size_t n, int timeout)
{
    struct pollfd pf[AGW_POLL_FDS_MAX];
    for (size_t i = 0; i < n; i++)
        pf[i] = (struct pollfd){.fd = fds[i].fd, .events = POLLIN};
    int r = poll(pf, (nfds_t)n, timeout); /* a signal cuts it short, as core.sleep */
    for (size_t i = 0; i < n; i++)
        fds[i].ready = r > 0 && pf[i].revents != 0;
}

/* core.poll(timeout_ms [, out [, fds]]) -> {xfer... fd...} | nil, err : drives the transport.
 * The finished transfers are put in out (reused, so a busy loop allocates no table per turn)
 * or a new table, followed by those of fds (a list of descriptors the scheduler waits on:
 * sched.wait_fd) that are readable or closed; with fds, the wait ends when one of them is,
 * also when no transfer runs. */
static int lcore_poll(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    /* at most an hour a turn (the scheduler polls again): a long apigw.sleep beside a
     * transfer must not overflow the int libcurl takes */
    lua_Number t = luaL_optnumber(L, 1, 0);
    int timeout = !(t > 0) ? 0 : t < 3600000 ? (int)t : 3600000;
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_http_fd fds[AGW_POLL_FDS_MAX];
    size_t nfds = 0;
    if (lua_istable(L, 3)) {
        for (lua_Integer i = 1; lua_rawgeti(L, 3, i) != LUA_TNIL; i++) {
            int isnum;
            lua_Integer fd = lua_tointegerx(L, -1, &isnum);
            lua_pop(L, 1);
            if (!isnum || fd < 0 || fd > INT32_MAX)
                return luaL_error(L, "core.poll: fds[%d] is not a descriptor", (int)i);
            if (nfds == AGW_POLL_FDS_MAX)
                return luaL_error(L, "core.poll: more than %d descriptors to watch",
                                  AGW_POLL_FDS_MAX);
            fds[nfds++] = (struct agw_http_fd){.fd = (int)fd, .ready = 0};
        }
        lua_pop(L, 1);
    }
    if (lua_istable(L, 2))
        lua_settop(L, 2);
    else {
        lua_settop(L, 1);
        lua_newtable(L);
    }
    int out = 2;
    int n = 0;
    if (!ctx->http) { /* nothing was ever started */
        if (nfds) wait_fds(fds, nfds, timeout);
    } else {
        if (agw_http_poll_fds(ctx->http, timeout, fds, nfds, &err) < 0) {
            lua_pushnil(L);
            agw_lpush_err(L, &err);
            return 2;
        }
        struct agw_http_xfer *x;
        while ((x = agw_http_next_done(ctx->http))) {
            struct agw_lxfer_head *u = agw_lxfer_head(agw_http_xfer_ud(x)); /* any kind */
            if (u->ref == LUA_NOREF)
                continue; /* core.send raised after starting it: __gc frees it */
            lua_rawgeti(L, LUA_REGISTRYINDEX, u->ref);
            lua_rawseti(L, out, ++n);
        }
    }
    for (size_t i = 0; i < nfds; i++) {
        if (!fds[i].ready) continue;
        lua_pushinteger(L, fds[i].fd);
        lua_rawseti(L, out, ++n);
    }
    /* clear what an earlier call left in a reused table */
    for (lua_Integer i = n + 1; lua_rawgeti(L, out, i) != LUA_TNIL; i++) {
        lua_pop(L, 1);
        lua_pushnil(L);
        lua_rawseti(L, out, i);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, out);
    return 1;
}

/* Forgets a transfer: out of the table of transfers in flight, and freed. */
static void release(lua_State *L, struct agw_lctx *ctx, struct lxfer *u)
{
    luaL_unref(L, LUA_REGISTRYINDEX, u->ref);
    u->ref = LUA_NOREF;
    agw_http_xfer_free(ctx->http, u->x);
    u->x = NULL;
}

/* core.finish(xfer) -> status, body, retry_after|nil, date|nil, elapsed_ms | nil, err
 * (err.elapsed_ms set). Values rather than a table: one call per API call. Releases the
 * transfer. */
static int lcore_finish(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    struct lxfer *u = luaL_checkudata(L, 1, XFER_MT);
    if (!u->x) return luaL_error(L, "core.finish: transfer already finished");
    if (!agw_http_xfer_done(u->x)) return luaL_error(L, "core.finish: transfer still running");
    struct agw_http_result *res = agw_http_xfer_result(u->x);
    double ms = (double)res->elapsed_us / 1000.0;
    int nret;
    if (res->err.kind != AGW_ERR_NONE) {
        lua_pushnil(L);
        agw_lpush_err(L, &res->err);
        lua_pushnumber(L, ms);
        lua_setfield(L, -2, "elapsed_ms");
        nret = 2;
    } else {
        lua_pushinteger(L, res->status);
        lua_pushlstring(L, agw_buf_str(&res->body), res->body.len);
        if (res->retry_after[0])
            lua_pushstring(L, res->retry_after);
        else
            lua_pushnil(L);
        if (res->date[0])
            lua_pushstring(L, res->date);
        else
            lua_pushnil(L);
        lua_pushnumber(L, ms);
        nret = 5;
    }
    release(L, ctx, u);
    return nret;
}

/* core.cancel(xfer): aborts a transfer still running. */
static int lcore_cancel(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    struct lxfer *u = luaL_checkudata(L, 1, XFER_MT);
    if (u->x) release(L, ctx, u);
    return 0;
}

/* core.pending() -> number of transfers started and not finished */
static int lcore_pending(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    lua_pushinteger(L, ctx->http ? agw_http_pending(ctx->http) : 0);
    return 1;
}

/* core.now() -> monotonic seconds */
static int lcore_now(lua_State *L)
{
    lua_pushnumber(L, (lua_Number)agw_clock_mono_us() / 1e6);
    return 1;
}

/* core.sleep(seconds): blocks (used only when nothing else can run), for at most a day:
 * the scheduler sleeps again until its timer is due, so apigw.sleep(1e300) sleeps on and
 * no float beyond time_t is converted. */
static int lcore_sleep(lua_State *L)
{
    lua_Number s = luaL_checknumber(L, 1);
    if (s > AGW_TIMEOUT_MAX_S) s = AGW_TIMEOUT_MAX_S;
    if (s > 0) {
        struct timespec ts;
        ts.tv_sec = (time_t)s;
        ts.tv_nsec = (long)((s - (lua_Number)ts.tv_sec) * 1e9);
        nanosleep(&ts, NULL); /* a signal cuts it short, which is what Ctrl-C wants */
    }
    return 0;
}

/* core.user_agent() -> the User-Agent header value */
static int lcore_user_agent(lua_State *L)
{
    lua_pushstring(L, agw_http_user_agent(agw_lctx_http(L, AGW_LCTX(L))));
    return 1;
}

/* core.new_list(n, value) -> a table whose array part holds exactly n slots, each set to
 * value (growing a table one index at a time doubles its array, and the old and new arrays
 * coexist while it grows: a transient the bulk memory figure pays for). */
static int lcore_new_list(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    luaL_argcheck(L, n >= 0 && n <= INT32_MAX, 1, "list size out of range");
    luaL_checkany(L, 2);
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_pushvalue(L, 2);
        lua_rawseti(L, -2, i);
    }
    return 1;
}

void agw_ltransfer_register(lua_State *L)
{
    if (luaL_newmetatable(L, XFER_MT)) {
        lua_pushcfunction(L, xfer_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        {"sign", lcore_sign},
        {"send", lcore_send},
        {"poll", lcore_poll},
        {"finish", lcore_finish},
        {"cancel", lcore_cancel},
        {"pending", lcore_pending},
        {"now", lcore_now},
        {"sleep", lcore_sleep},
        {"new_list", lcore_new_list},
        {"user_agent", lcore_user_agent},
        {NULL, NULL},
    };
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, fns, 1);
}
