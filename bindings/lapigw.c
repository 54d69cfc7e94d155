/* luaopen_apigw: the apigw module. The C half ("apigw.core": transport, signing,
 * credentials, JSON) is registered here; the Lua half (bindings/lua/apigw/ files, embedded
 * at build time) is put in package.preload and builds the public table. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "lapigw.h"
#include "lctx.h"
#include "ldurable.h"
#include "lembed.h"
#include "lredact.h"

static int ctx_gc(lua_State *L)
{
    struct agw_lctx *ctx = lua_touserdata(L, 1);
    if (ctx->http) agw_http_free(ctx->http);
    ctx->http = NULL;
    agw_rand_pool_wipe(&ctx->nonces);
    return 0;
}

/* core.isatty(fd) -> boolean */
static int lcore_isatty(lua_State *L)
{
    lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
    return 1;
}

/* package.preload loader for an embedded module; upvalue 1 is its index. */
static int load_embedded(lua_State *L)
{
    const struct agw_lua_source *s = &agw_lua_sources[lua_tointeger(L, lua_upvalueindex(1))];
    char chunkname[96];
    snprintf(chunkname, sizeof chunkname, "=%s", s->module);
    if (luaL_loadbufferx(L, s->bytes, s->len, chunkname, "b") != LUA_OK) return lua_error(L);
    lua_pushstring(L, s->module);
    lua_call(L, 1, 1);
    return 1;
}

/* package.preload loader for "apigw.core"; upvalue 1 is the core table. */
static int load_core(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    return 1;
}

int luaopen_apigw(lua_State *L)
{
    struct agw_lctx *ctx = lua_newuserdatauv(L, sizeof *ctx, 0);
    memset(ctx, 0, sizeof *ctx);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, ctx_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    /* ctx->http (and libcurl with it) is created by the first request: see agw_lctx_http */

    /* stack: ctx */
    lua_newtable(L); /* core */
    agw_lclient_register(L);
    agw_ltransfer_register(L);
    agw_ljson_register(L);
    agw_lhostname_register(L);
    agw_lcred_register(L);
    agw_lredact_register(L);
    agw_lcert_register(L);
    agw_ldurable_register(L);
    agw_lfetch_register(L);
    lua_pushcfunction(L, lcore_isatty);
    lua_setfield(L, -2, "isatty");
    lua_pushstring(L, AGW_VERSION);
    lua_setfield(L, -2, "version");
    /* the context lives as long as core does */
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "_ctx");

    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, load_core, 1);
    lua_setfield(L, -2, "apigw.core");
    for (int i = 0; agw_lua_sources[i].module; i++) {
        lua_pushinteger(L, i);
        lua_pushcclosure(L, load_embedded, 1);
        lua_setfield(L, -2, agw_lua_sources[i].module);
    }
    lua_pop(L, 1);

    /* The public table comes from apigw.init. The collector is held while the modules load
     * (as lua.c holds it while opening the standard libraries): what they build stays alive,
     * so a cycle during the load would only walk it, and that walk was the largest part of
     * the start's Lua work. It runs again afterwards if it ran before, also on an error. */
    int collecting = lua_gc(L, LUA_GCISRUNNING);
    lua_gc(L, LUA_GCSTOP);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "apigw.init");
    int status = lua_pcall(L, 1, 1, 0);
    if (collecting) lua_gc(L, LUA_GCRESTART);
    if (status != LUA_OK) return lua_error(L);
    return 1;
}
