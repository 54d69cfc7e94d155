/* apigw.json: lua-cjson with Lua 5.4 integers.
 * Debian's lua-cjson 2.1.0 decodes every number as a float (and so loses integers above
 * 2^53) and encodes numbers with 14 significant digits. decode therefore rewrites integer
 * literals too long for a double into marker strings before cjson sees them and turns
 * them back into integers after; every other integral float becomes an integer. encode
 * does the reverse for integers that 14 digits cannot hold. */
#define _GNU_SOURCE /* memmem */
#include <lauxlib.h>
#include <lua-cjson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lctx.h"

/* A marker cjson passes through as a string value: NUL, 'I', then the digits. */
#define MARK0 '\0'
#define MARK1 'I'
#define SAFE_DIGITS 15 /* integer literals with at most this many digits are exact in a double */
#define MAX_DEPTH 1000

/* Copies the JSON text into out, turning every integer literal (outside strings) longer
 * than SAFE_DIGITS digits into "\u0000I<literal>". Returns how many were rewritten, or -1
 * on out of memory; *numbers counts every number literal (none: nothing to fix after). */
static int mark_big_integers(const char *s, size_t n, struct agw_buf *out, int *numbers)
{
    int count = 0;
    *numbers = 0;
    size_t i = 0, copied = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') { /* skip a string, honouring escapes */
            i++;
            while (i < n && s[i] != '"')
                i += (s[i] == '\\') ? 2 : 1;
            i++;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = i;
            (*numbers)++;
            if (s[i] == '-') i++;
            size_t ds = i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            size_t ndig = i - ds;
            int frac = i < n && (s[i] == '.' || s[i] == 'e' || s[i] == 'E');
            if (!frac && ndig > SAFE_DIGITS) {
                if (agw_buf_append(out, s + copied, start - copied) ||
                    agw_buf_appends(out, "\"\\u0000I") ||
                    agw_buf_append(out, s + start, i - start) || agw_buf_appendc(out, '"'))
                    return -1;
                copied = i;
                count++;
            }
            while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == 'e' ||
                             s[i] == 'E' || s[i] == '+' || s[i] == '-'))
                i++;
            continue;
        }
        i++;
    }
    if (count && agw_buf_append(out, s + copied, n - copied)) return -1;
    return count;
}

/* Pushes the integer a marker string stands for, or its digits as a string when the
 * value does not fit 64 bits. */
static void push_marked_value(lua_State *L, const char *s, size_t len)
{
    size_t r = lua_stringtonumber(L, s + 2);
    if (r == len - 1 && lua_isinteger(L, -1)) return;
    if (r != 0) lua_pop(L, 1);
    lua_pushlstring(L, s + 2, len - 2);
}

/* Converts, in place, integral floats to integers and marker strings to integers (or to
 * the plain digit string when the value does not fit 64 bits). */
static void fix_numbers(lua_State *L, int idx, int depth)
{
    if (depth > MAX_DEPTH) return;
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 4, "json nesting");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int t = lua_type(L, -1);
        if (t == LUA_TNUMBER && !lua_isinteger(L, -1)) {
            lua_Number x = lua_tonumber(L, -1);
            lua_Integer i;
            if (lua_numbertointeger(x, &i) && (lua_Number)i == x) {
                lua_pushvalue(L, -2);
                lua_pushinteger(L, i);
                lua_rawset(L, idx);
            }
        } else if (t == LUA_TSTRING) {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            if (len > 2 && s[0] == MARK0 && s[1] == MARK1) {
                lua_pushvalue(L, -2);
                push_marked_value(L, s, len);
                lua_rawset(L, idx);
            }
        } else if (t == LUA_TTABLE) {
            fix_numbers(L, -1, depth + 1);
        }
        lua_pop(L, 1);
    }
}

/* 1 when s holds a run of more than SAFE_DIGITS digits anywhere (in a string or not): only
 * then can an integer literal need marking. A tight loop, cheaper than the marking scan. */
static int has_long_digit_run(const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (++run > SAFE_DIGITS) return 1;
        } else {
            run = 0;
        }
    }
    return 0;
}

/* apigw.json.decode(text) -> value. Raises on invalid JSON (cjson's message). */
static int ljson_decode(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    struct agw_buf marked;
    agw_buf_init(&marked, 0);
    int numbers = 1; /* unknown: assume some */
    int count = has_long_digit_run(s, n) ? mark_big_integers(s, n, &marked, &numbers) : 0;
    if (count < 0) {
        agw_buf_free(&marked);
        return luaL_error(L, "out of memory");
    }
    lua_pushvalue(L, lua_upvalueindex(2)); /* cjson.decode */
    if (count > 0)
        lua_pushlstring(L, agw_buf_str(&marked), marked.len);
    else
        lua_pushvalue(L, 1);
    agw_buf_free(&marked);
    lua_call(L, 1, 1);
    if (numbers == 0) return 1; /* no number anywhere: nothing to convert */
    if (lua_type(L, -1) == LUA_TTABLE) {
        fix_numbers(L, -1, 0);
    } else if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1)) {
        lua_Number x = lua_tonumber(L, -1);
        lua_Integer i;
        if (lua_numbertointeger(x, &i) && (lua_Number)i == x) {
            lua_pop(L, 1);
            lua_pushinteger(L, i);
        }
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *r = lua_tolstring(L, -1, &len);
        if (len > 2 && r[0] == MARK0 && r[1] == MARK1 && count > 0) push_marked_value(L, r, len);
    }
    return 1;
}

static int needs_big(lua_Integer i)
{
    return i >= 100000000000000LL || i <= -100000000000000LL; /* 15+ digits */
}

/* Returns 1 if the value at idx holds (somewhere) an integer 14 digits cannot carry. */
static int has_big(lua_State *L, int idx, int depth)
{
    if (lua_isinteger(L, idx)) return needs_big(lua_tointeger(L, idx));
    if (lua_type(L, idx) != LUA_TTABLE || depth > MAX_DEPTH) return 0;
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 3, "json nesting");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (has_big(L, -1, depth + 1)) {
            lua_pop(L, 2);
            return 1;
        }
        lua_pop(L, 1);
    }
    return 0;
}

/* Pushes a copy of the value at idx with big integers replaced by marker strings. */
static void copy_marked(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 4, "json nesting");
    if (lua_isinteger(L, idx) && needs_big(lua_tointeger(L, idx))) {
        char tmp[32];
        int k =
            snprintf(tmp, sizeof tmp, "%c%c%lld", MARK0, MARK1, (long long)lua_tointeger(L, idx));
        lua_pushlstring(L, tmp, (size_t)k);
        return;
    }
    if (lua_type(L, idx) != LUA_TTABLE || depth > MAX_DEPTH) {
        lua_pushvalue(L, idx);
        return;
    }
    lua_newtable(L);
    if (lua_getmetatable(L, idx)) lua_setmetatable(L, -2); /* keeps cjson's empty_array mt */
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        copy_marked(L, -2, depth + 1);
        lua_rawset(L, -5);
        lua_pop(L, 1);
    }
}

/* apigw.json.encode(value) -> text. Integers of any size are written exactly. */
static int ljson_encode(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    int big = has_big(L, 1, 0);
    lua_pushvalue(L, lua_upvalueindex(3)); /* cjson.encode */
    if (big)
        copy_marked(L, 1, 0);
    else
        lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    if (!big) return 1;
    /* "\u0000I123" -> 123 */
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    static const char pat[] = "\"\\u0000I";
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t i = 0;
    while (i < n) {
        const char *f = memmem(s + i, n - i, pat, sizeof pat - 1);
        if (!f) break;
        luaL_addlstring(&b, s + i, (size_t)(f - (s + i)));
        const char *d = f + sizeof pat - 1;
        const char *e = d;
        while (e < s + n && *e != '"')
            e++;
        luaL_addlstring(&b, d, (size_t)(e - d));
        i = (size_t)(e - s) + 1;
    }
    luaL_addlstring(&b, s + i, n - i);
    luaL_pushresult(&b);
    return 1;
}

/* Builds the json table {encode, decode, null, empty_array?} into the table on the stack
 * top ("json" field of core). Upvalues: context, cjson.decode, cjson.encode. */
void agw_ljson_register(lua_State *L)
{
    lua_newtable(L); /* json */
#ifdef AGW_MODULE
    /* loaded by a stock lua5.4: use its cjson.so rather than a second copy */
    lua_getglobal(L, "require");
    lua_pushliteral(L, "cjson");
    lua_call(L, 1, 1);
#else
    luaL_requiref(L, "cjson", luaopen_cjson, 0);
#endif
    int cj = lua_gettop(L);
    /* 1: context, 2: decode, 3: encode */
    lua_pushvalue(L, -4); /* context (below the core table) */
    lua_getfield(L, cj, "decode");
    lua_getfield(L, cj, "encode");
    lua_pushcclosure(L, ljson_decode, 3);
    lua_setfield(L, cj - 1, "decode");
    lua_pushvalue(L, -3);
    lua_getfield(L, cj, "decode");
    lua_getfield(L, cj, "encode");
    lua_pushcclosure(L, ljson_encode, 3);
    lua_setfield(L, cj - 1, "encode");
    lua_getfield(L, cj, "null");
    lua_setfield(L, cj - 1, "null");
    lua_pop(L, 1); /* cjson */
    lua_setfield(L, -2, "json");
}
