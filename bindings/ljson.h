#ifndef AGW_LJSON_H
#define AGW_LJSON_H

/* apigw.json from C: the same functions as the Lua ones, for harnesses (fuzzing, tests)
 * that hold a plain lua_State. The Lua side is registered by agw_ljson_register (lctx.h). */

#include <lua.h>
#include <stddef.h>

#define AGW_JSON_MAX_DEPTH 1000 /* nesting levels, on both sides */

/* Pushes this state's apigw.json table ({encode, decode, null}); it is made on first use
 * and kept in the registry. Needs lua-cjson: linked in (luaopen_cjson), or, in the
 * loadable module, found by require. Raises a Lua error on failure (out of memory). */
void agw_json_push(lua_State *L);

/* Decodes the n bytes at s (not necessarily NUL-terminated; the caller keeps them) as one
 * JSON text. Pushes the value and returns LUA_OK, or pushes the error message (a string,
 * "apigw.json.decode: ...") and returns the status of the failed call. Never raises. */
int agw_json_decode(lua_State *L, const char *s, size_t n);

/* Encodes the value at idx. Pushes the text and returns LUA_OK, or pushes the error
 * message ("apigw.json.encode: ...") and returns the failed call's status. Never raises. */
int agw_json_encode(lua_State *L, int idx);

#endif
