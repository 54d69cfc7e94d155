#ifndef AGW_LREDACT_H
#define AGW_LREDACT_H

#include <lua.h>

#include "buf.h"
#include "redact.h"

struct agw_lclient;

/* The names of the set table {Name = true, ...} at idx (nil or none: no names) as a
 * NULL-terminated array. The array lives in a userdata pushed on the stack and points into
 * the table's keys: both must stay where they are while it is used. Raises on anything but a
 * set of strings. */
const char *const *agw_lredact_names(lua_State *L, int idx, const char *fn);

/* The redaction set of client c (NULL: none), whose secrets are the AccessKey secret and
 * the security token, with names. vals is the caller's room for the values. */
struct agw_redact_set agw_lredact_set(const struct agw_lclient *c, const char *vals[3],
                                      const char *const *names);

/* Pushes the text s[0..n) masked under set. The work buffer is a userdata wiped by its
 * __gc, so a raise loses nothing unwiped. */
void agw_lredact_push(lua_State *L, const char *s, size_t n, const struct agw_redact_set *set);

void agw_lredact_register(lua_State *L);

#endif
