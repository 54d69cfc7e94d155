/* apigw.json (bindings/ljson.c), through the Lua API a playbook sees, in one lua_State with
 * the apigw module open. The first byte picks the mode:
 * - even: the rest is JSON text. decode either raises a Lua error or returns v; then
 *   encode(v) (unless v holds an infinity or NaN, which JSON cannot carry) decodes to a
 *   value equal to v;
 * - odd: the rest drives a generator of Lua values (nil-free: null is json.null; strings
 *   and keys of any bytes, NUL included; every 64-bit integer; floats; arrays; objects;
 *   nesting; a reference back to an enclosing table makes a cycle). encode(v) raises for a
 *   cycle or a non-finite float, and otherwise returns text that decodes to a value equal
 *   to v: the round trip decode(encode(v)) == v.
 * Equal: the same type, except that an integral float may come back as an integer of the
 * same value; integers exactly; tables with the same keys and equal values (metatables
 * aside). */
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>

#include "fuzz.h"
#include "lapigw.h"

static lua_State *L;
static int ref_encode, ref_decode, ref_null;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    L = luaL_newstate();
    FUZZ_OOM(L);
    luaL_openlibs(L);
    luaL_requiref(L, "apigw", luaopen_apigw, 1);
    fuzz_lua_coverage(L);
    lua_getfield(L, -1, "json");
    FUZZ_CHECK(lua_istable(L, -1), "apigw.json is not a table");
    lua_getfield(L, -1, "encode");
    ref_encode = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_getfield(L, -1, "decode");
    ref_decode = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_getfield(L, -1, "null");
    ref_null = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 2);
    return 0;
}

/* ---- the generator ---- */

struct gen {
    const unsigned char *p;
    size_t n;
    int cycle;     /* a cycle was made */
    int nonfinite; /* an infinity or NaN was made */
    int nodes;
};

static unsigned byte(struct gen *g)
{
    if (g->n == 0) return 0;
    g->n--;
    return *g->p++;
}

static uint64_t word(struct gen *g, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | byte(g);
    return v;
}

static void push_string(struct gen *g)
{
    size_t len = byte(g) % 48;
    if (len > g->n) len = g->n;
    lua_pushlstring(L, (const char *)g->p, len);
    g->p += len;
    g->n -= len;
}

/* Pushes one value. anc: stack indexes of the enclosing tables (for cycles). */
static void gen_value(struct gen *g, int *anc, int depth)
{
    luaL_checkstack(L, 8, "generator");
    unsigned op = g->n ? byte(g) % 11 : 3;
    if (depth >= 24 || g->nodes > 2000) op = op % 7;
    g->nodes++;
    switch (op) {
    case 0:
        lua_rawgeti(L, LUA_REGISTRYINDEX, ref_null);
        break;
    case 1:
        lua_pushboolean(L, byte(g) & 1);
        break;
    case 2: /* any 64-bit integer */
        lua_pushinteger(L, (lua_Integer)word(g, 8));
        break;
    case 3: /* small and edge integers */
    {
        static const lua_Integer edges[] = {0,
                                            1,
                                            -1,
                                            (lua_Integer)1 << 53,
                                            ((lua_Integer)1 << 53) + 1,
                                            LUA_MAXINTEGER,
                                            LUA_MININTEGER,
                                            100000000000000LL,
                                            -99999999999999LL};
        unsigned k = byte(g);
        if (k < sizeof edges / sizeof edges[0])
            lua_pushinteger(L, edges[k]);
        else
            lua_pushinteger(L, (lua_Integer)(signed char)k);
        break;
    }
    case 4: /* any double */
    {
        uint64_t bits = word(g, 8);
        double d;
        memcpy(&d, &bits, sizeof d);
        if (!isfinite(d)) g->nonfinite = 1;
        lua_pushnumber(L, d);
        break;
    }
    case 5: /* a short decimal float */
    {
        int m = (int)(signed char)byte(g);
        int e = (int)(byte(g) % 40) - 20;
        lua_pushnumber(L, (double)m * pow(10.0, e));
        break;
    }
    case 6:
        push_string(g);
        break;
    case 7: /* array */
    case 8: /* object */
    {
        unsigned count = byte(g) % 6;
        lua_createtable(L, 0, 0);
        int t = lua_gettop(L);
        anc[depth] = t;
        for (unsigned i = 0; i < count; i++) {
            if (op == 8) push_string(g);
            gen_value(g, anc, depth + 1);
            if (op == 7)
                lua_rawseti(L, t, (lua_Integer)i + 1);
            else
                lua_rawset(L, t);
        }
        break;
    }
    case 9: /* a reference back to an enclosing table */
        if (depth > 0) {
            lua_pushvalue(L, anc[byte(g) % (unsigned)depth]);
            g->cycle = 1;
        } else {
            lua_pushboolean(L, 0);
        }
        break;
    default: /* a string that looks like a number or an old marker */
    {
        static const char *const tricky[] = {"\0I5", "\0I0x10", "\0I1,2,[3]", "123",      "-0",
                                             "1e5",  "\"",      "\\u0000",    "\xff\xfe", ""};
        unsigned k = byte(g) % 10;
        lua_pushlstring(L, tricky[k], k < 3 ? (k == 0 ? 3 : k == 1 ? 6 : 10) : strlen(tricky[k]));
        break;
    }
    }
}

/* ---- comparison ---- */

static int equal(int a, int b, int depth);

/* Every key of table a is in table b with an equal value. */
static int subset(int a, int b, int depth)
{
    lua_pushnil(L);
    while (lua_next(L, a)) {
        lua_pushvalue(L, -2);
        lua_rawget(L, b);
        int ok = !lua_isnil(L, -1) && equal(lua_gettop(L) - 1, lua_gettop(L), depth + 1);
        lua_pop(L, 2);
        if (!ok) {
            lua_pop(L, 1);
            return 0;
        }
    }
    return 1;
}

static size_t count_keys(int t)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        n++;
        lua_pop(L, 1);
    }
    return n;
}

static int equal(int a, int b, int depth)
{
    luaL_checkstack(L, 8, "compare");
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    int ta = lua_type(L, a), tb = lua_type(L, b);
    if (ta != tb) return 0;
    switch (ta) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, a) && !lua_isinteger(L, b)) return 0;
        return lua_compare(L, a, b, LUA_OPEQ);
    case LUA_TTABLE:
        if (depth > 200) return 1; /* a cycle was refused before; this is deep enough */
        /* the same number of keys, and each key of a in b with an equal value: linear, where
         * checking both inclusions would double the work at every level */
        return count_keys(a) == count_keys(b) && subset(a, b, depth);
    default:
        return lua_rawequal(L, a, b);
    }
}

/* Does the value at idx hold an infinity or NaN (the tables it reaches, not cycles)? */
static int nonfinite(int idx, int depth)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) == LUA_TNUMBER && !lua_isinteger(L, idx))
        return !isfinite(lua_tonumber(L, idx));
    if (lua_type(L, idx) != LUA_TTABLE || depth > 1100) return 0;
    luaL_checkstack(L, 4, "nonfinite");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (nonfinite(-1, depth + 1)) {
            lua_pop(L, 2);
            return 1;
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* Is there a cycle under the value at idx? (The generator's flag is not enough: a later
 * duplicate key can replace the reference it made.) path: the tables on the way here. */
static int has_cycle(int idx, const void **path, int depth)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    const void *t = lua_topointer(L, idx);
    for (int i = 0; i < depth; i++)
        if (path[i] == t) return 1;
    if (depth >= 64) return 0;
    path[depth] = t;
    luaL_checkstack(L, 4, "has_cycle");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (has_cycle(-1, path, depth + 1)) {
            lua_pop(L, 2);
            return 1;
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* Calls the function in the registry with the value at idx; pushes the result (or the error
 * message) and returns the pcall status. */
static int call1(int ref, int idx)
{
    idx = lua_absindex(L, idx);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}

static const char *show(int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING) return lua_tostring(L, idx);
    return luaL_typename(L, idx);
}

/* encode(v) at top, then decode, then compare with v. */
static void round_trip(int v, int may_refuse, const char *what)
{
    int top = lua_gettop(L);
    if (call1(ref_encode, v) != LUA_OK) {
        FUZZ_CHECK(may_refuse, "encode raised for %s: %s", what, show(-1));
        lua_settop(L, top);
        return;
    }
    FUZZ_CHECK(lua_type(L, -1) == LUA_TSTRING, "encode returned a %s", luaL_typename(L, -1));
    int text = lua_gettop(L);
    FUZZ_CHECK(call1(ref_decode, text) == LUA_OK, "decode(encode(%s)) raised: %s\n  text: %s", what,
               show(-1), lua_tostring(L, text));
    FUZZ_CHECK(equal(v, -1, 0), "decode(encode(%s)) differs from it\n  text: %s", what,
               lua_tostring(L, text));
    lua_settop(L, top);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    int top = lua_gettop(L);
    if ((data[0] & 1) == 0) {
        lua_pushlstring(L, (const char *)data + 1, size - 1);
        if (call1(ref_decode, -1) == LUA_OK) {
            int v = lua_gettop(L);
            round_trip(v, nonfinite(v, 0), "a decoded value");
        } else {
            FUZZ_CHECK(lua_type(L, -1) == LUA_TSTRING, "decode raised a %s, not a message",
                       luaL_typename(L, -1));
        }
    } else {
        struct gen g = {data + 1, size - 1, 0, 0, 0};
        int anc[32];
        gen_value(&g, anc, 0);
        int v = lua_gettop(L);
        const void *path[64];
        if (g.cycle && has_cycle(v, path, 0)) {
            FUZZ_CHECK(call1(ref_encode, v) != LUA_OK, "a cycle was encoded: %s", show(-1));
        } else {
            round_trip(v, g.nonfinite, "a generated value");
        }
    }
    lua_settop(L, top);
    lua_gc(L, LUA_GCSTEP, 0);
    return 0;
}
