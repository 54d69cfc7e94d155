#define _GNU_SOURCE /* memmem */
/* core.sign and core.send keep the signed request (URL and headers, which carry the security
 * token) where a Lua error cannot lose it: every allocation the call makes is made to fail in turn (Lua's
 * allocator gives NULL, so any Lua API call may raise "not enough memory"), with and without
 * a dry run; after each series (and a collection) nothing the code of runtime/ and bindings/
 * allocated is left (no signed request lost, no transfer left running), nor after the state
 * is closed, and nothing it freed still held the token. The test is linked with
 * --wrap for the C allocator: those calls are counted, and each freed block is searched. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lapigw.h"

#define TOKEN "CAIStokenZ8y7x6w5v4u3t2s1r0q9p8o7n6m5"

static long live_blocks, dirty_frees;

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    if (p) live_blocks++;
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    void *p = __real_calloc(k, n);
    if (p) live_blocks++;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q = __real_realloc(p, n);
    if (!p && q) live_blocks++;
    return q;
}

char *__wrap_strdup(const char *s)
{
    char *d = __real_strdup(s);
    if (d) live_blocks++;
    return d;
}

void __wrap_free(void *p)
{
    if (!p) return;
    live_blocks--;
    if (memmem(p, malloc_usable_size(p), TOKEN, strlen(TOKEN))) dirty_frees++;
    __real_free(p);
}

/* Lua's allocator: after `left` more allocations or growths, each fails (shrinking never
 * does: Lua relies on that). left < 0: no limit. Uses the real allocator, uncounted. */
static long left = -1;
static int failed_any;

static void *lalloc(void *ud, void *p, size_t osize, size_t nsize)
{
    (void)ud;
    if (nsize == 0) {
        __real_free(p);
        return NULL;
    }
    if (left >= 0 && (!p || nsize > osize)) {
        if (left == 0) {
            failed_any = 1;
            return NULL;
        }
        left--;
    }
    return __real_realloc(p, nsize);
}

static const char *const setup =
    "local core = require 'apigw.core'\n"
    "local c = core.new_client{access_key_id = 'LTAItestkey', access_key_secret = 'testsecret',\n"
    "  security_token = '" TOKEN "', endpoint = 'http://127.0.0.1:1', region = 'cn-hangzhou'}\n"
    "return function(dry, info)\n"
    "  local x = core.sign(c, 'SetDomain', '2016-07-14',\n"
    "    {GroupId = 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0', DomainName = 'api.example.com'},\n"
    "    info and {} or nil)\n"
    "  if x and not dry and core.send(x, 0) then core.cancel(x) end\n"
    "end\n";

/* Calls the start function under pcall with the allocation budget; 1 when it ran out. */
static int call(lua_State *L, int fn, int dry, int info, long budget)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
    lua_pushboolean(L, dry);
    lua_pushboolean(L, info);
    failed_any = 0;
    left = budget;
    int rc = lua_pcall(L, 2, 0, 0);
    left = -1;
    if (rc != LUA_OK) lua_pop(L, 1);
    CHECKF(rc == LUA_OK || failed_any, "core.sign/send failed without running out of memory");
    return failed_any;
}

int main(void)
{
    long before = live_blocks;
    lua_State *L = lua_newstate(lalloc, NULL);
    luaL_openlibs(L);
    luaL_requiref(L, "apigw", luaopen_apigw, 0);
    lua_pop(L, 1);
    CHECK(luaL_loadstring(L, setup) == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK);
    int fn = luaL_ref(L, LUA_REGISTRYINDEX);

    static const struct {
        int dry, info;
    } modes[] = {{1, 1}, {0, 1}, {0, 0}};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        call(L, fn, modes[m].dry, modes[m].info, -1); /* resolves the client, loads libcurl */
        lua_gc(L, LUA_GCCOLLECT);
        long settled = live_blocks;
        long budget = 0;
        while (call(L, fn, modes[m].dry, modes[m].info, budget) && budget < 100000)
            budget++;
        CHECKF(budget > 0 && budget < 100000, "mode %zu: %ld allocation failures tried", m, budget);
        lua_gc(L, LUA_GCCOLLECT);
        /* a transfer started by a call that then raised is not left running either */
        CHECKF(live_blocks == settled, "mode %zu: %ld blocks more than after one call", m,
               live_blocks - settled);
    }
    lua_close(L);
    CHECKF(live_blocks == before, "%ld blocks left allocated after lua_close",
           live_blocks - before);
    CHECKF(dirty_frees == 0, "%ld freed blocks still held the token", dirty_frees);
    return check_report();
}
