/* core.redact: the C redactor (runtime/request/redact.h) for the Lua side. */
#include "lredact.h"

#include <lauxlib.h>
#include <string.h>

#include "lclient.h"
#include "lctx.h"

#define SCRATCH_MT "apigw.core.redact_scratch"
#define MAX_DEPTH 32 /* a binding's parameters are at most 16 deep */

const char *const *agw_lredact_names(lua_State *L, int idx, const char *fn)
{
    idx = lua_absindex(L, idx);
    if (lua_isnoneornil(L, idx)) {
        lua_newuserdatauv(L, sizeof(char *), 0);
        const char **none = lua_touserdata(L, -1);
        none[0] = NULL;
        return none;
    }
    if (!lua_istable(L, idx)) luaL_error(L, "%s: secret names must be a set {Name = true}", fn);
    size_t n = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TBOOLEAN)
            luaL_error(L, "%s: a set of names {Name = true} was expected, found a %s key", fn,
                       luaL_typename(L, -2));
        n++;
    }
    const char **names = lua_newuserdatauv(L, (n + 1) * sizeof *names, 0);
    size_t i = 0;
    for (lua_pushnil(L); lua_next(L, idx) && i < n; lua_pop(L, 1))
        if (lua_toboolean(L, -1)) names[i++] = lua_tostring(L, -2);
    names[i] = NULL;
    return names;
}

struct agw_redact_set agw_lredact_set(const struct agw_lclient *c, const char *vals[3],
                                      const char *const *names)
{
    struct agw_redact_set set = {
        .values =
            agw_redact_creds(vals, c ? c->access_key_secret : NULL, c ? c->security_token : NULL),
        .names = names,
    };
    return set;
}

static int scratch_gc(lua_State *L)
{
    agw_buf_wipe_free(luaL_checkudata(L, 1, SCRATCH_MT));
    return 0;
}

void agw_lredact_push(lua_State *L, const char *s, size_t n, const struct agw_redact_set *set)
{
    struct agw_buf *b = lua_newuserdatauv(L, sizeof *b, 0);
    agw_buf_init_secret(b, 0);
    luaL_setmetatable(L, SCRATCH_MT);
    if (agw_buf_append(b, s, n) || agw_redact(b, set)) luaL_error(L, "out of memory");
    lua_pushlstring(L, agw_buf_str(b), b->len);
    agw_buf_wipe_free(b);
    lua_remove(L, -2);
}

/* Pushes a masked copy of the value at idx: a string masked, a table copied with every
 * secret name's value "***" and the rest masked in turn, anything else as it is. */
static void push_masked(lua_State *L, int idx, const struct agw_redact_set *set, int depth)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        agw_lredact_push(L, s, n, set);
        return;
    }
    if (!lua_istable(L, idx)) {
        lua_pushvalue(L, idx);
        return;
    }
    if (depth >= MAX_DEPTH)
        luaL_error(L, "core.redact: a table nested more than %d deep (a cycle?)", MAX_DEPTH);
    luaL_checkstack(L, 6, "core.redact: nested tables");
    lua_newtable(L);
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        lua_pushvalue(L, -2); /* the key */
        if (lua_type(L, -1) == LUA_TSTRING && agw_redact_is_secret(set, lua_tostring(L, -1)))
            lua_pushliteral(L, AGW_REDACT_MASK);
        else
            push_masked(L, -2, set, depth + 1);
        lua_rawset(L, -5);
    }
}

/* core.redact(client|nil, value [, names]) -> value masked: a string with the client's
 * AccessKey secret and security token masked (raw or percent-encoded) and the value of every
 * secret parameter (Signature, SecurityToken, CertificatePrivateKey and the set names, e.g.
 * {CertificatePrivateKey = true}) as "***" wherever a request or an answer shows it; a table
 * (flat or nested parameters, a hook payload) copied with the same masking: a key that is a
 * secret name (also as a component of a flattened name) has the value "***". */
static int lcore_redact(lua_State *L)
{
    const struct agw_lclient *c = lua_isnil(L, 1) ? NULL : agw_lclient_check(L, 1);
    luaL_checkany(L, 2);
    const char *const *names = agw_lredact_names(L, 3, "core.redact");
    const char *vals[3];
    struct agw_redact_set set = agw_lredact_set(c, vals, names);
    push_masked(L, 2, &set, 0);
    return 1;
}

void agw_lredact_register(lua_State *L)
{
    if (luaL_newmetatable(L, SCRATCH_MT)) {
        lua_pushcfunction(L, scratch_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {{"redact", lcore_redact}, {NULL, NULL}};
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, fns, 1);
}
