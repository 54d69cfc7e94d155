#include "ldurable.h"

#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* core.fsync(file) -> true | nil, reason
 * Flushes a Lua file handle's buffer and fsyncs its descriptor: what was written is on disk
 * when this returns true. A directory opened with io.open(dir) works too (its entries). */
static int lcore_fsync(lua_State *L)
{
    luaL_Stream *s = luaL_checkudata(L, 1, LUA_FILEHANDLE);
    if (s->closef == NULL) return luaL_argerror(L, 1, "file is closed");
    errno = 0;
    if (fflush(s->f) != 0 || fsync(fileno(s->f)) != 0) {
        int e = errno;
        lua_pushnil(L);
        lua_pushstring(L, e ? strerror(e) : "write failed");
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* core.truncate(path, size) -> true | nil, reason
 * Cuts the file at path to size bytes (never grows it: a size past the end is refused). */
static int lcore_truncate(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    lua_Integer size = luaL_checkinteger(L, 2);
    luaL_argcheck(L, size >= 0, 2, "size must be >= 0");
    FILE *f = fopen(path, "r");
    long end = -1;
    if (f) {
        if (fseek(f, 0, SEEK_END) == 0) end = ftell(f);
        fclose(f);
    }
    if (end < 0 || size > (lua_Integer)end) {
        lua_pushnil(L);
        lua_pushstring(L, end < 0 ? strerror(errno) : "size is past the end of the file");
        return 2;
    }
    if (truncate(path, (off_t)size) != 0) {
        lua_pushnil(L);
        lua_pushstring(L, strerror(errno));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* Writes all of text to fd; 0, or -1 with errno set. */
static int write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        text += n;
        len -= (size_t)n;
    }
    return 0;
}

/* core.create_private(path, text) -> true | nil, reason
 * (Re)creates the file at path readable and writable by its owner only (mode 0600, also when
 * it existed with another mode: a journal names the items of a run, which is nobody else's
 * business), writes text, and makes it durable: fsync of the file, then of its directory (the
 * new entry). A symbolic link at path is refused (O_NOFOLLOW). */
static int lcore_create_private(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *fail = NULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        fail = "cannot be created";
    else if (fchmod(fd, 0600) != 0)
        fail = "cannot be made private (chmod 0600)";
    else if (write_all(fd, text, len) != 0 || fsync(fd) != 0)
        fail = "cannot be written";
    int e = errno;
    if (fd >= 0 && close(fd) != 0 && !fail) {
        fail = "cannot be written";
        e = errno;
    }
    if (!fail) {
        /* the directory's entry: without it a crash may lose the whole file */
        const char *slash = strrchr(path, '/');
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        if (!slash)
            luaL_addchar(&b, '.');
        else if (slash == path)
            luaL_addchar(&b, '/');
        else
            luaL_addlstring(&b, path, (size_t)(slash - path));
        luaL_pushresult(&b);
        int dfd = open(lua_tostring(L, -1), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        lua_pop(L, 1);
        if (dfd >= 0) {
            (void)fsync(dfd); /* some file systems refuse a directory's fsync: not an error */
            close(dfd);
        }
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", fail, strerror(e));
    return 2;
}

struct key {
    const char *s;
    size_t len;
};

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    if (c != 0) return c;
    return (x->len > y->len) - (x->len < y->len);
}

/* core.hash_keys(list) -> 16 hex digits
 * FNV-1a 64 over the strings of list (1..#list) in byte order, each followed by a newline
 * byte: the same keys in any order give the same hash (apigw.journal's header). In C because
 * a Lua loop over the bytes cost about 20,000 instructions per key. The strings are not
 * copied: list keeps them alive for the call. */
static int lcore_hash_keys(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    luaL_argcheck(L, n >= 0 && (lua_Unsigned)n < SIZE_MAX / sizeof(struct key), 1, "too many keys");
    /* a userdata, not malloc: a non-string key raises below, and the collector frees it */
    struct key *keys = lua_newuserdatauv(L, (size_t)n * sizeof *keys + 1, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, 1, i) != LUA_TSTRING)
            return luaL_error(L, "core.hash_keys: key %d is not a string", (int)i);
        keys[i - 1].s = lua_tolstring(L, -1, &keys[i - 1].len);
        lua_pop(L, 1); /* still referenced by the list */
    }
    qsort(keys, (size_t)n, sizeof *keys, key_cmp);
    uint64_t h = 0xcbf29ce484222325u;
    const uint64_t prime = 0x100000001b3u;
    for (lua_Integer i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)keys[i].s;
        for (size_t j = 0; j < keys[i].len; j++)
            h = (h ^ p[j]) * prime;
        h = (h ^ '\n') * prime;
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    lua_pushstring(L, hex);
    return 1;
}

void agw_ldurable_register(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"fsync", lcore_fsync},
        {"truncate", lcore_truncate},
        {"create_private", lcore_create_private},
        {"hash_keys", lcore_hash_keys},
        {NULL, NULL},
    };
    luaL_setfuncs(L, fns, 0);
}
