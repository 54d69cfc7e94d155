#ifndef AGW_LCTX_H
#define AGW_LCTX_H

#include <lua.h>

#include "rand.h"

struct agw_http;

/* Per-state context: the transport and the nonce pool. It is a userdata shared as an
 * upvalue by every core function (so many independent states can coexist), at upvalue
 * index 1. A transfer in flight is kept alive by a registry reference of its own. */
struct agw_lctx {
    struct agw_http *http;
    struct agw_rand_pool nonces; /* signature nonces, drawn in blocks */
};

#define AGW_LCTX(L) ((struct agw_lctx *)lua_touserdata((L), lua_upvalueindex(1)))

/* The context's transport, created (and libcurl loaded) on first use; raises a Lua error
 * when that fails. */
struct agw_http *agw_lctx_http(lua_State *L, struct agw_lctx *ctx);

/* Each registers its functions into the table on the stack top, with the context
 * userdata (just below that table) as their upvalue. */
void agw_lclient_register(lua_State *L);
void agw_ltransfer_register(lua_State *L);
void agw_ljson_register(lua_State *L);
void agw_lhostname_register(lua_State *L);
void agw_lcert_register(lua_State *L);
void agw_lcred_register(lua_State *L);
void agw_lfetch_register(lua_State *L);

struct agw_lclient;
/* The client userdata at idx (raises a Lua error if it is not one). */
struct agw_lclient *agw_lclient_check(lua_State *L, int idx);

#endif
