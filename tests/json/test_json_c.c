/* apigw.json from a plain C harness (as a fuzz target uses it): agw_json_decode on buffers
 * that are not NUL-terminated (each one malloc'd to its exact size, so that ASan sees any
 * read past the end), every prefix of a document, two independent states; agw_json_encode;
 * the number formatter. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ljson.h"
#include "ljson_lex.h"

/* Decodes a copy of s[0..n) in a buffer of exactly n bytes; returns the status. */
static int decode_exact(lua_State *L, const char *s, size_t n)
{
    char *copy = malloc(n ? n : 1);
    if (!copy) return -1;
    memcpy(copy, s, n);
    int r = agw_json_decode(L, copy, n);
    free(copy);
    return r;
}

static void check_prefixes(lua_State *L, const char *doc)
{
    size_t n = strlen(doc);
    for (size_t k = 0; k < n; k++) {
        int top = lua_gettop(L);
        int r = decode_exact(L, doc, k);
        CHECKF(r != LUA_OK, "the prefix of %zu bytes of %s is refused", k, doc);
        CHECKF(lua_gettop(L) == top + 1 && lua_type(L, -1) == LUA_TSTRING,
               "one message pushed for the prefix of %zu bytes", k);
        CHECK_HAS(lua_tostring(L, -1), "apigw.json.decode: ");
        lua_settop(L, top);
    }
    CHECKF(decode_exact(L, doc, n) == LUA_OK, "the whole of %s is accepted", doc);
    lua_pop(L, 1);
}

int main(void)
{
    lua_State *L = luaL_newstate(), *L2 = luaL_newstate();
    CHECK(L && L2);
    if (!L || !L2) return check_report();
    luaL_openlibs(L);
    luaL_openlibs(L2);

    /* values, with a number at the very end of the buffer */
    const char doc[] = "[1,-2.5e3,\"\\u00e9\",true,null,12345678901234567890]";
    CHECK(decode_exact(L, doc, sizeof doc - 1) == LUA_OK);
    CHECK(lua_type(L, -1) == LUA_TTABLE);
    lua_rawgeti(L, -1, 1);
    CHECK(lua_isinteger(L, -1) && lua_tointeger(L, -1) == 1);
    lua_rawgeti(L, -2, 2);
    CHECK(!lua_isinteger(L, -1) && lua_tonumber(L, -1) == -2500.0);
    lua_rawgeti(L, -3, 3);
    CHECK_STR(lua_tostring(L, -1), "\xc3\xa9");
    lua_rawgeti(L, -4, 6);
    CHECK(!lua_isinteger(L, -1) && lua_tonumber(L, -1) == 12345678901234567890.0);
    lua_settop(L, 0);
    CHECK(decode_exact(L, "12", 2) == LUA_OK && lua_tointeger(L, -1) == 12);
    CHECK(decode_exact(L, "1.5", 3) == LUA_OK && lua_tonumber(L, -1) == 1.5);
    CHECK(decode_exact(L, "-", 1) != LUA_OK);
    CHECK(decode_exact(L, "\"\\ud800", 7) != LUA_OK);
    CHECK(decode_exact(L, "\"\\ud800\\u", 9) != LUA_OK);
    CHECK(decode_exact(L, "\"\\", 2) != LUA_OK);
    CHECK(decode_exact(L, "", 0) != LUA_OK);
    lua_settop(L, 0);

    /* a NUL byte inside the buffer is refused, not taken for the end */
    CHECK(decode_exact(L, "[1]\0x", 5) != LUA_OK);
    CHECK_HAS(lua_tostring(L, -1), "at character 4");
    lua_settop(L, 0);

    check_prefixes(L, "{\"a\":[1,-2.5e3,\"\\u00e9\\ud83d\\ude00\",true,false,null],\"b\":{}}");
    check_prefixes(L2, "[12345678901234567890,0.1,{\"k\":[]}]");

    /* encode, and back */
    lua_createtable(L, 2, 0);
    lua_pushinteger(L, LUA_MININTEGER);
    lua_rawseti(L, -2, 1);
    lua_pushlstring(L, "a\0\"b", 4);
    lua_rawseti(L, -2, 2);
    CHECK(agw_json_encode(L, -1) == LUA_OK);
    CHECK_STR(lua_tostring(L, -1), "[-9223372036854775808,\"a\\u0000\\\"b\"]");
    lua_settop(L, 0);
    lua_pushcfunction(L, luaopen_base); /* a function cannot be encoded */
    CHECK(agw_json_encode(L, -1) != LUA_OK);
    CHECK_HAS(lua_tostring(L, -1), "apigw.json.encode: cannot encode a function at $");
    lua_settop(L, 0);

    /* the shortest form that reads back, always marked as a float */
    char buf[AGW_JNUM_FMT_MAX];
    CHECK(agw_jnum_format_double(0.1, buf) == 3 && strcmp(buf, "0.1") == 0);
    CHECK(agw_jnum_format_double(5.0, buf) == 3 && strcmp(buf, "5.0") == 0);
    CHECK(agw_jnum_format_double(-0.0, buf) == 4 && strcmp(buf, "-0.0") == 0);
    CHECK(agw_jnum_format_double(5e-324, buf) > 0 && strcmp(buf, "5e-324") == 0);
    CHECK(agw_jnum_format_double(1.7976931348623157e308, buf) > 0 &&
          strcmp(buf, "1.7976931348623157e+308") == 0);
    CHECK(agw_jnum_format_double(1.0 / 0.0, buf) == -1);

    lua_close(L);
    lua_close(L2);
    return check_report();
}
