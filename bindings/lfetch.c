/* core.fetch_start, core.fetch_finish, core.fetch_cancel: an unsigned GET on the one
 * transport, for lookups that are not CloudAPI calls (the plan's DNS-over-HTTPS queries,
 * bindings/lua/apigw/plan_dns.lua). The transfer goes on the event loop like an API attempt:
 * core.poll finds it through its head (lxfer.h), apigw.sched.await waits for it while
 * other tasks run. Nothing here is signed or secret. */
#include <lauxlib.h>
#include <stddef.h>
#include <string.h>

#include "http.h"
#include "lclient.h"
#include "lctx.h"
#include "lxfer.h"

#define FXFER_MT "apigw.core.fetchxfer"
#define FETCH_MAX_RESPONSE (1024 * 1024)

struct lfetch {
    AGW_LXFER_HEAD;
};
_Static_assert(offsetof(struct lfetch, head) == 0, "core.poll reads the head at the start");

static int fx_gc(lua_State *L)
{
    struct lfetch *u = luaL_checkudata(L, 1, FXFER_MT);
    if (u->x) agw_http_xfer_free(u->http, u->x);
    u->x = NULL;
    return 0;
}

static void release(lua_State *L, struct lfetch *u)
{
    luaL_unref(L, LUA_REGISTRYINDEX, u->ref);
    u->ref = LUA_NOREF;
    agw_http_xfer_free(u->http, u->x);
    u->x = NULL;
}

/* core.fetch_start(url, timeout_s [, client]) -> xfer | nil, err
 * A GET of url (http or https), the whole transfer bounded by timeout_s; TLS settings
 * (ca_bundle, insecure) are the client's when one is given (its core handle). */
static int lcore_fetch_start(lua_State *L)
{
    struct agw_lctx *ctx = AGW_LCTX(L);
    const char *url = luaL_checkstring(L, 1);
    lua_Number timeout = luaL_checknumber(L, 2);
    const struct agw_lclient *c = lua_isnoneornil(L, 3) ? NULL : agw_lclient_check(L, 3);
    luaL_argcheck(L, timeout > 0 && timeout <= AGW_TIMEOUT_MAX_S, 2, "timeout out of range");
    struct agw_err err;
    agw_err_clear(&err);
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        agw_err_set(&err, AGW_ERR_CLIENT, "InvalidOption", "not an http or https URL: %.200s", url);
        return agw_lpush_fail(L, &err, AGW_ERR_CLIENT);
    }
    struct lfetch *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->x = NULL;
    u->ref = LUA_NOREF;
    u->http = agw_lctx_http(L, ctx);
    luaL_setmetatable(L, FXFER_MT);
    static const char *const headers[] = {"Accept: application/dns-json", NULL};
    long ms = agw_timeout_ms(timeout);
    struct agw_http_request hr = {
        .method = "GET",
        .url = url,
        .headers = headers,
        .body = "",
        .body_len = 0,
        .connect_timeout_ms = ms,
        .read_timeout_ms = ms,
        .total_timeout_ms = ms,
        .ca_bundle = c ? c->ca_bundle : NULL,
        .insecure = c ? c->insecure : -1,
    };
    u->x = agw_http_start(u->http, &hr, u, &err);
    if (!u->x) return agw_lpush_fail(L, &err, AGW_ERR_NETWORK);
    lua_pushvalue(L, -1);
    u->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 1;
}

/* core.fetch_finish(xfer) -> status, body | nil, err. Releases the transfer. */
static int lcore_fetch_finish(lua_State *L)
{
    struct lfetch *u = luaL_checkudata(L, 1, FXFER_MT);
    if (!u->x || !agw_http_xfer_done(u->x)) return luaL_error(L, "core.fetch_finish: not done");
    struct agw_http_result *res = agw_http_xfer_result(u->x);
    int nret = 2;
    if (res->err.kind != AGW_ERR_NONE) {
        lua_pushnil(L);
        agw_lpush_err(L, &res->err);
    } else if (res->body.len > FETCH_MAX_RESPONSE) {
        struct agw_err err;
        agw_err_clear(&err);
        agw_err_set(&err, AGW_ERR_NETWORK, "InvalidResponse", "answer larger than 1 MiB");
        lua_pushnil(L);
        agw_lpush_err(L, &err);
    } else {
        lua_pushinteger(L, res->status);
        lua_pushlstring(L, agw_buf_str(&res->body), res->body.len);
    }
    release(L, u);
    return nret;
}

/* core.fetch_cancel(xfer): aborts a fetch still running. */
static int lcore_fetch_cancel(lua_State *L)
{
    struct lfetch *u = luaL_checkudata(L, 1, FXFER_MT);
    if (u->x) release(L, u);
    return 0;
}

void agw_lfetch_register(lua_State *L)
{
    if (luaL_newmetatable(L, FXFER_MT)) {
        lua_pushcfunction(L, fx_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        {"fetch_start", lcore_fetch_start},
        {"fetch_finish", lcore_fetch_finish},
        {"fetch_cancel", lcore_fetch_cancel},
        {NULL, NULL},
    };
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, fns, 1);
}
