/* apigw.json: JSON for Lua 5.4 on lua-cjson, with numbers kept exact.
 *
 * Debian's lua-cjson 2.1.0 decodes every number as a float (1 comes back as 1.0, integers
 * above 2^53 lose digits) and writes numbers with 14 significant digits. The fix on top of
 * it must not let any string stand for a number: an earlier scheme carried integers through
 * cjson as marker strings ("\0I<digits>") and so turned a server's strings into numbers or
 * injected structure into encoded text. Here no string content is ever looked at.
 *
 * decode: our lexer (ljson_lex.c) checks the text token by token (cjson is lax: it stops at
 * a NUL byte, takes raw control characters and "1.") and reads every number token outside
 * strings exactly. cjson then parses the structure, strings, escapes and nesting depth, and
 * a walk over its result gives each number its exact value. cjson makes numbers only from
 * number tokens, so what each number in its result stands for is known from the tokens
 * alone, in one of three cases:
 *   - no number token: nothing to do;
 *   - every number token is an integer of at most 15 digits (the common answer: counts,
 *     epoch milliseconds): cjson reads the text as it is and exactly (below 2^53), and the
 *     walk makes each number an integer;
 *   - otherwise the k-th number token is replaced by the numeral k in a copy of the text
 *     that cjson reads, and the walk swaps each k for the value our lexer read.
 * No string content is looked at in any case, so no string can pass for a number.
 *
 * encode: we write the text ourselves, walking the value: structure, numbers (integers
 * with every digit, floats in the shortest form that reads back bit for bit) and strings
 * (values and keys: put_string). The walk keeps the tables it is inside, so a cycle is refused
 * at once, and it stops past AGW_JSON_MAX_DEPTH levels; both errors name the path.
 * Tables are arrays or objects by lua-cjson's rules (see array_length). */
#include "ljson.h"

#include <lauxlib.h>
#include <lua-cjson.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "lctx.h"
#include "ljson_lex.h"

#define ENC_MAX ((size_t)256 << 20) /* bytes of encoded text */

static const char registry_key = 0; /* address: this state's json table in the registry */

/* ---- decode ---- */

static int raise_prefixed(lua_State *L, const char *who)
{
    if (lua_type(L, -1) == LUA_TSTRING) lua_pushfstring(L, "%s: %s", who, lua_tostring(L, -1));
    return lua_error(L); /* a memory error passes as it is */
}

#define STACK_NUMS 64   /* number tokens read into a C array; more go to a userdata */
#define STACK_TEXT 4096 /* bytes of rewritten text likewise */

static void lex_error(lua_State *L, const struct agw_jlex *lx)
{
    luaL_error(L, "apigw.json.decode: %s at character %I", lx->err, (lua_Integer)lx->at + 1);
}

/* Pushes the exact value of the number x cjson gave: see restore. */
static void push_exact(lua_State *L, lua_Number x, const struct agw_jnum *nums, size_t count)
{
    if (!nums) {
        if (!(x > -1e15 && x < 1e15) || x != (lua_Number)(lua_Integer)x) /* 15 digits at most */
            luaL_error(L, "apigw.json.decode: internal error: %f is not an integer", x);
        lua_pushinteger(L, (lua_Integer)x);
        return;
    }
    if (!(x >= 0 && x < (lua_Number)count) || x != (lua_Number)(size_t)x)
        luaL_error(L, "apigw.json.decode: internal error: cjson made a number of its own");
    const struct agw_jnum *v = &nums[(size_t)x];
    if (v->is_int)
        lua_pushinteger(L, (lua_Integer)v->v.i);
    else
        lua_pushnumber(L, (lua_Number)v->v.d);
}

/* Replaces, in the table at idx (cjson's result), every number x by its exact value:
 * nums[x] when nums is given (x is then an index the rewrite put in), else the integer x
 * (every number token was a plain integer, which cjson read exactly). cjson's depth limit
 * bounds the recursion. */
static void restore(lua_State *L, int idx, const struct agw_jnum *nums, size_t count)
{
    luaL_checkstack(L, 4, "apigw.json.decode");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int t = lua_type(L, -1);
        if (t == LUA_TNUMBER) {
            lua_Number x = lua_tonumber(L, -1);
            lua_pop(L, 1);
            lua_pushvalue(L, -1); /* the key */
            push_exact(L, x, nums, count);
            lua_rawset(L, idx); /* an existing field: allowed while traversing */
        } else if (t == LUA_TTABLE) {
            restore(L, lua_gettop(L), nums, count);
            lua_pop(L, 1);
        } else {
            lua_pop(L, 1);
        }
    }
}

/* Restores the value on the stack top, a table or (when the text is one number) a number. */
static void restore_top(lua_State *L, const struct agw_jnum *nums, size_t count)
{
    if (lua_type(L, -1) == LUA_TTABLE) {
        restore(L, lua_gettop(L), nums, count);
    } else if (lua_type(L, -1) == LUA_TNUMBER) {
        lua_Number x = lua_tonumber(L, -1);
        lua_pop(L, 1);
        push_exact(L, x, nums, count);
    }
}

/* Pushes the value of the JSON text that is the string at stack index text, parsed by the
 * cjson.decode at stack index dec. Raises on invalid JSON. */
static void decode(lua_State *L, int text, int dec)
{
    size_t n;
    const char *s = lua_tolstring(L, text, &n);
    struct agw_jnum small[STACK_NUMS], *nums = small;
    struct agw_jlex lx;
    if (agw_jlex_scan(s, n, &lx, nums, STACK_NUMS) != 0) lex_error(L, &lx);
    int base = lua_gettop(L);
    if (lx.count == 0 || lx.plain) { /* cjson reads the text as it is, exactly */
        lua_pushvalue(L, dec);
        lua_pushvalue(L, text);
        if (lua_pcall(L, 1, 1, 0) != LUA_OK) raise_prefixed(L, "apigw.json.decode");
        if (lx.count) restore_top(L, NULL, 0);
        return;
    }
    if (lx.count > STACK_NUMS) { /* again, recording every number this time */
        if (lx.count > ((size_t)-1) / 2 / sizeof *nums)
            luaL_error(L, "apigw.json.decode: text too large");
        nums = lua_newuserdatauv(L, lx.count * sizeof *nums, 0);
        if (agw_jlex_scan(s, n, &lx, nums, lx.count) != 0) lex_error(L, &lx);
    }
    size_t len = agw_jlex_rewritten_len(n, nums, lx.count);
    char stack_text[STACK_TEXT], *out = stack_text;
    if (len > sizeof stack_text) out = lua_newuserdatauv(L, len, 0);
    agw_jlex_rewrite(s, n, nums, lx.count, out);
    lua_pushvalue(L, dec);
    lua_pushlstring(L, out, len);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        /* cjson's positions are in the rewritten text; only numerals differ, so the
         * original fails at the same token, and its message is the one to give */
        lua_pushvalue(L, dec);
        lua_pushvalue(L, text);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK) lua_pop(L, 1);
        raise_prefixed(L, "apigw.json.decode");
    }
    restore_top(L, nums, lx.count);
    lua_copy(L, -1, base + 1); /* the value in place of the blocks, if any */
    lua_settop(L, base + 1);
}

/* apigw.json.decode(text) -> value. Upvalue 1: cjson.decode of our private instance. */
static int ljson_decode(lua_State *L)
{
    luaL_checkstring(L, 1);
    lua_settop(L, 1);
    decode(L, 1, lua_upvalueindex(1));
    return 1;
}

/* ---- encode ---- */

struct seg {
    int slot;          /* stack index of the object key, or 0 for an array index */
    lua_Integer index; /* the array index */
};

struct enc {
    lua_State *L;
    struct agw_buf *out; /* in a userdata whose __gc frees it: it survives a raise */
    int depth;           /* tables open: open[0..depth) */
    const void *open[AGW_JSON_MAX_DEPTH];
    struct seg path[AGW_JSON_MAX_DEPTH]; /* path[k]: where inside open[k] we are */
};

static void add_key_string(luaL_Buffer *b, const char *s, size_t n)
{
    int ident = n > 0 && !(s[0] >= '0' && s[0] <= '9');
    for (size_t k = 0; k < n && ident; k++) {
        unsigned char c = (unsigned char)s[k];
        ident =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (ident && n <= 40) {
        luaL_addchar(b, '.');
        luaL_addlstring(b, s, n);
        return;
    }
    luaL_addstring(b, "[\"");
    for (size_t k = 0; k < n && k < 40; k++) {
        unsigned char c = (unsigned char)s[k];
        char hex[8];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            snprintf(hex, sizeof hex, "\\x%02x", c);
            luaL_addstring(b, hex);
        } else {
            luaL_addchar(b, (char)c);
        }
    }
    luaL_addstring(b, n > 40 ? "...\"]" : "\"]");
}

static void add_number(luaL_Buffer *b, lua_State *L, int idx)
{
    char tmp[AGW_JNUM_FMT_MAX];
    if (lua_isinteger(L, idx))
        snprintf(tmp, sizeof tmp, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, idx));
    else if (agw_jnum_format_double((double)lua_tonumber(L, idx), tmp) < 0)
        snprintf(tmp, sizeof tmp, "%s", "inf");
    luaL_addstring(b, tmp);
}

/* Adds "$" and the first nseg steps of the path ("$.a[2]["x y"]"), long paths elided. */
static void add_path(luaL_Buffer *b, const struct enc *e, int nseg)
{
    luaL_addchar(b, '$');
    for (int k = 0; k < nseg; k++) {
        if (nseg > 24 && k == 16) {
            luaL_addstring(b, "...");
            k = nseg - 5;
            continue;
        }
        const struct seg *g = &e->path[k];
        if (g->slot == 0) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "[" LUA_INTEGER_FMT "]", (LUAI_UACINT)g->index);
            luaL_addstring(b, tmp);
        } else if (lua_type(e->L, g->slot) == LUA_TSTRING) {
            size_t n;
            const char *s = lua_tolstring(e->L, g->slot, &n);
            add_key_string(b, s, n);
        } else {
            luaL_addchar(b, '[');
            add_number(b, e->L, g->slot);
            luaL_addchar(b, ']');
        }
    }
}

/* Raises "apigw.json.encode: <what> at <path of nseg steps>[ (<why>)]". */
static void enc_fail(struct enc *e, int nseg, const char *what, const char *why)
{
    luaL_Buffer b;
    luaL_buffinit(e->L, &b);
    luaL_addstring(&b, "apigw.json.encode: ");
    luaL_addstring(&b, what);
    luaL_addstring(&b, " at ");
    add_path(&b, e, nseg);
    if (why) {
        luaL_addstring(&b, " (");
        luaL_addstring(&b, why);
        luaL_addchar(&b, ')');
    }
    luaL_pushresult(&b);
    lua_error(e->L);
}

static void put(struct enc *e, const char *p, size_t n)
{
    if (agw_buf_append(e->out, p, n) != 0)
        enc_fail(e, e->depth, "output larger than 256 MiB", "or out of memory");
}

static void put_number(struct enc *e, int idx)
{
    char tmp[AGW_JNUM_FMT_MAX];
    int n;
    if (lua_isinteger(e->L, idx)) {
        n = snprintf(tmp, sizeof tmp, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(e->L, idx));
    } else {
        lua_Number x = lua_tonumber(e->L, idx);
        n = agw_jnum_format_double((double)x, tmp);
        if (n < 0)
            enc_fail(e, e->depth, x != x ? "cannot encode NaN" : "cannot encode an infinity",
                     "JSON has no NaN or infinity");
    }
    put(e, tmp, (size_t)n);
}

/* A string token, every byte kept: '"', '\\' and the control characters escaped as cjson
 * escapes them (\b \t \n \f \r, else \u00xx; DEL as \u007f), other bytes as they are,
 * '/' included. cjson 2.1.0 writes '/' as "\/": legal (RFC 8259 allows both), but a URL or
 * "-/+" then reads "https:\/\/..." and "-\/+", and Python's json.dumps writes '/' plainly. */
static void put_string(struct enc *e, int idx)
{
    static const char hex[] = "0123456789abcdef";
    size_t n;
    const char *s = lua_tolstring(e->L, idx, &n);
    put(e, "\"", 1);
    size_t run = 0; /* bytes of s[k - run, k) not written yet: they need no escape */
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        if (c == '"' || c == '\\') {
            esc[1] = (char)c;
        } else if (c == '\b') {
            esc[1] = 'b';
        } else if (c == '\t') {
            esc[1] = 't';
        } else if (c == '\n') {
            esc[1] = 'n';
        } else if (c == '\f') {
            esc[1] = 'f';
        } else if (c == '\r') {
            esc[1] = 'r';
        } else if (c < 0x20 || c == 0x7f) {
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        } else {
            run++;
            continue;
        }
        if (run) put(e, s + k - run, run);
        run = 0;
        put(e, esc, len);
    }
    if (run) put(e, s + n - run, run);
    put(e, "\"", 1);
}

/* lua-cjson's rule, kept: a table whose keys are all integers >= 1 is an array up to its
 * largest key, holes written as null, unless it is "excessively sparse" (largest key above
 * 10 and above twice the number of keys), which is refused; any other table, the empty
 * one included, is an object. Returns the array length, or 0 for an object. */
static lua_Integer array_length(struct enc *e, int idx)
{
    lua_State *L = e->L;
    lua_Integer max = 0, items = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
            lua_pop(L, 1);
            return 0;
        }
        if (lua_tointeger(L, -1) > max) max = lua_tointeger(L, -1);
        items++;
    }
    if (max > 10 && max > items * 2)
        enc_fail(e, e->depth, "excessively sparse array",
                 "largest index above twice the number of items: fill the holes with "
                 "apigw.json.null");
    return max;
}

static void put_value(struct enc *e, int idx);

static void put_table(struct enc *e, int idx)
{
    lua_State *L = e->L;
    const void *p = lua_topointer(L, idx);
    for (int k = 0; k < e->depth; k++) {
        if (e->open[k] == p) {
            luaL_Buffer b; /* the ancestor's path, as a string below the message */
            luaL_buffinit(L, &b);
            luaL_addstring(&b, "the table there is the one at ");
            add_path(&b, e, k);
            luaL_pushresult(&b);
            enc_fail(e, e->depth, "cycle", lua_tostring(L, -1));
        }
    }
    if (e->depth >= AGW_JSON_MAX_DEPTH)
        enc_fail(e, e->depth, "nesting deeper than 1000 levels", NULL);
    luaL_checkstack(L, 6, "apigw.json.encode");
    lua_Integer len = array_length(e, idx);
    int d = e->depth++;
    e->open[d] = p;
    if (len > 0) {
        put(e, "[", 1);
        for (lua_Integer i = 1; i <= len; i++) {
            if (i > 1) put(e, ",", 1);
            e->path[d].slot = 0;
            e->path[d].index = i;
            lua_rawgeti(L, idx, i);
            put_value(e, lua_gettop(L)); /* a hole is nil: null */
            lua_pop(L, 1);
        }
        put(e, "]", 1);
    } else {
        put(e, "{", 1);
        int first = 1;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            int key = lua_gettop(L) - 1;
            e->path[d].slot = key;
            if (!first) put(e, ",", 1);
            first = 0;
            if (lua_type(L, key) == LUA_TSTRING) {
                put_string(e, key);
            } else if (lua_type(L, key) == LUA_TNUMBER) { /* as cjson: the number, quoted */
                put(e, "\"", 1);
                put_number(e, key);
                put(e, "\"", 1);
            } else {
                lua_pushfstring(L, "cannot encode a key that is a %s", luaL_typename(L, key));
                enc_fail(e, d, lua_tostring(L, -1), "keys are strings or numbers");
            }
            put(e, ":", 1);
            put_value(e, key + 1);
            lua_pop(L, 1);
        }
        put(e, "}", 1);
    }
    e->depth--;
}

static void put_value(struct enc *e, int idx)
{
    lua_State *L = e->L;
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        put(e, "null", 4);
        return;
    case LUA_TBOOLEAN:
        if (lua_toboolean(L, idx))
            put(e, "true", 4);
        else
            put(e, "false", 5);
        return;
    case LUA_TNUMBER:
        put_number(e, idx);
        return;
    case LUA_TSTRING:
        put_string(e, idx);
        return;
    case LUA_TTABLE:
        put_table(e, idx);
        return;
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) == NULL) { /* apigw.json.null */
            put(e, "null", 4);
            return;
        }
        break;
    default:
        break;
    }
    lua_pushfstring(L, "cannot encode a %s", luaL_typename(L, idx));
    enc_fail(e, e->depth, lua_tostring(L, -1), NULL);
}

static int buffer_gc(lua_State *L)
{
    agw_buf_free(lua_touserdata(L, 1));
    return 0;
}

/* apigw.json.encode(value) -> text. Upvalue: the output buffer's metatable. */
static int ljson_encode(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    struct agw_buf *out = lua_newuserdatauv(L, sizeof *out, 0); /* 2: one per call, as a
                                                                   __gc may encode too */
    agw_buf_init(out, ENC_MAX);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    struct enc e;
    e.L = L;
    e.out = out;
    e.depth = 0;
    put_value(&e, 1);
    lua_pushlstring(L, agw_buf_str(out), out->len);
    agw_buf_free(out); /* now rather than at the next collection */
    return 1;
}

/* ---- the table ---- */

void agw_json_push(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &registry_key) == LUA_TTABLE) return;
    lua_pop(L, 1);
    luaL_checkstack(L, 8, "apigw.json");
    lua_createtable(L, 0, 3); /* json */
    int json = lua_gettop(L);
#ifdef AGW_MODULE
    /* loaded by a stock lua5.4: its cjson.so rather than a second copy */
    lua_getglobal(L, "require");
    lua_pushliteral(L, "cjson");
    lua_call(L, 1, 1);
#else
    luaL_requiref(L, "cjson", luaopen_cjson, 0);
#endif
    /* a private instance: our settings are not those of a playbook's require "cjson" */
    lua_getfield(L, -1, "new");
    lua_call(L, 0, 1);
    int cj = lua_gettop(L);
    lua_getfield(L, cj, "decode_invalid_numbers"); /* no hex, inf, nan: not JSON */
    lua_pushboolean(L, 0);
    lua_call(L, 1, 0);
    lua_getfield(L, cj, "decode_max_depth");
    lua_pushinteger(L, AGW_JSON_MAX_DEPTH);
    lua_call(L, 1, 0);

    lua_getfield(L, cj, "decode");
    lua_pushcclosure(L, ljson_decode, 1);
    lua_setfield(L, json, "decode");
    if (luaL_newmetatable(L, "apigw.json.buffer")) {
        lua_pushcfunction(L, buffer_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pushcclosure(L, ljson_encode, 1);
    lua_setfield(L, json, "encode");
    lua_getfield(L, cj, "null");
    lua_setfield(L, json, "null");
    lua_settop(L, json);
    lua_pushvalue(L, json);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &registry_key);
}

void agw_ljson_register(lua_State *L)
{
    agw_json_push(L);
    lua_setfield(L, -2, "json");
}

static int pdecode(lua_State *L)
{
    const char *s = lua_touserdata(L, 1);
    size_t n = (size_t)lua_tointeger(L, 2);
    agw_json_push(L);
    lua_getfield(L, -1, "decode");
    lua_pushlstring(L, s, n);
    lua_call(L, 1, 1);
    return 1;
}

int agw_json_decode(lua_State *L, const char *s, size_t n)
{
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM; /* nothing pushed: the one case */
    lua_pushcfunction(L, pdecode);
    lua_pushlightuserdata(L, (void *)s);
    lua_pushinteger(L, (lua_Integer)n);
    return lua_pcall(L, 2, 1, 0);
}

static int pencode(lua_State *L)
{
    agw_json_push(L);
    lua_getfield(L, -1, "encode");
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    return 1;
}

int agw_json_encode(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    lua_pushcfunction(L, pencode);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}
