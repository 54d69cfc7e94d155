/* core.plain_hostname(name): the fast test behind set_domain's DomainName check. */
#include <lauxlib.h>
#include <string.h>

#include "lctx.h"

static int alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* 1 when s is a host name as API Gateway takes it: an optional leading "*.", then labels of
 * letters, digits and '-' (1 to 63 characters, not starting or ending with '-') joined by
 * dots, at least two labels, at most 253 characters, the last label not all digits. */
static int plain_hostname(const char *s, size_t n)
{
    if (n == 0 || n > 253) return 0;
    size_t i = 0;
    if (s[0] == '*') {
        if (n < 2 || s[1] != '.') return 0;
        i = 2;
    }
    int labels = 0, digits_only = 1;
    size_t len = 0;
    for (; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)s[i] : '.';
        if (c == '.') {
            if (len == 0 || len > 63 || s[i - 1] == '-') return 0;
            labels++;
            if (i == n) break;
            len = 0;
            digits_only = 1;
            continue;
        }
        if (!alnum(c) && c != '-') return 0;
        if (c == '-' && len == 0) return 0;
        if (!(c >= '0' && c <= '9')) digits_only = 0;
        len++;
    }
    return labels >= 2 && !digits_only;
}

/* core.plain_hostname(name) -> boolean */
static int lcore_plain_hostname(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    lua_pushboolean(L, plain_hostname(s, n));
    return 1;
}

void agw_lhostname_register(lua_State *L)
{
    lua_pushcfunction(L, lcore_plain_hostname);
    lua_setfield(L, -2, "plain_hostname");
}
