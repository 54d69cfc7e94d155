#ifndef AGW_LEMBED_H
#define AGW_LEMBED_H

#include <stddef.h>

/* The Lua half of the module, compiled into the binary at build time. */
struct agw_lua_source {
    const char *module; /* "apigw.client" */
    const char *bytes;
    size_t len;
};

extern const struct agw_lua_source agw_lua_sources[];

#endif
