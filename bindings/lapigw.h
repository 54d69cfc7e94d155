#ifndef AGW_LAPIGW_H
#define AGW_LAPIGW_H

#include <lua.h>

/* Opens the apigw module and returns its table: what `require "apigw"` gives. */
int luaopen_apigw(lua_State *L);

#endif
