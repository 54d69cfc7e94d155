#ifndef AGW_LDURABLE_H
#define AGW_LDURABLE_H

#include <lua.h>

/* core.fsync(file), core.truncate(path, size) and core.create_private(path, text): what
 * apigw.map's journal needs beyond Lua's io library: lines made durable, a torn last line cut
 * off before appending, and a file created with mode 0600 and its directory entry synced. */
void agw_ldurable_register(lua_State *L);

#endif
