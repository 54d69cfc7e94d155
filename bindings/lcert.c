/* core.check_certificate, core.cert_cache, core.cert_fingerprint and core.read_file: the
 * certificate checks (runtime/cert) and the bounded file reader (runtime/core/file.h) for apigw.pem
 * and set_domain_certificate. */
#include <lauxlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "cache.h"
#include "cert.h"
#include "fingerprint.h"
#include "file.h"
#include "lctx.h"
#include "rand.h"

#define FILEBUF_MT "apigw.core.filebuf"
#define CERTCACHE_MT "apigw.core.certcache"

/* What core.check_certificate and cache:check return: true, info | nil, code, message. */
static int push_check(lua_State *L, int rc, const struct agw_cert_info *info,
                      const struct agw_err *err)
{
    if (rc != 0) {
        lua_pushnil(L);
        lua_pushstring(L, err->code);
        lua_pushstring(L, err->message);
        return 3;
    }
    lua_pushboolean(L, 1);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, info->names);
    lua_setfield(L, -2, "names");
    lua_pushinteger(L, (lua_Integer)info->not_before);
    lua_setfield(L, -2, "not_before");
    lua_pushinteger(L, (lua_Integer)info->not_after);
    lua_setfield(L, -2, "not_after");
    lua_pushinteger(L, info->chain);
    lua_setfield(L, -2, "chain");
    return 2;
}

/* core.check_certificate(body, key, domain [, now]) -> true, info | nil, code, message
 * The checks of runtime/cert/cert.h, in order: the body is a PEM certificate or a chain,
 * leaf first (InvalidCertificateBody); the key is a plain PEM key
 * (InvalidCertificatePrivateKey: an encrypted one with the command that decrypts it); it is
 * the leaf's (CertificateKeyMismatch); the leaf covers domain (CertificateDomainMismatch,
 * naming the names it covers); it has not expired at now (epoch seconds, default the clock:
 * CertificateExpired). info = {names = "a.example.com, *.b.example.com", not_before =,
 * not_after = (epoch seconds), chain = n}. The message never quotes the key. */
static int lcore_check_certificate(lua_State *L)
{
    size_t bl, kl;
    const char *body = luaL_checklstring(L, 1, &bl);
    const char *key = luaL_checklstring(L, 2, &kl);
    const char *domain = luaL_checkstring(L, 3);
    lua_Integer now = luaL_optinteger(L, 4, (lua_Integer)time(NULL));
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_cert_info info;
    int rc = agw_cert_check(body, bl, key, kl, domain, (int64_t)now, &info, &err);
    return push_check(L, rc, &info, &err);
}

static struct agw_cert_cache **check_cache(lua_State *L)
{
    return luaL_checkudata(L, 1, CERTCACHE_MT);
}

/* cache:check(body, key, domain [, now]) -> as core.check_certificate, the pair's own checks
 * run once per distinct (body, key) of this cache (runtime/cert/cache.h). */
static int certcache_check(lua_State *L)
{
    struct agw_cert_cache **c = check_cache(L);
    size_t bl, kl;
    const char *body = luaL_checklstring(L, 2, &bl);
    const char *key = luaL_checklstring(L, 3, &kl);
    const char *domain = luaL_checkstring(L, 4);
    lua_Integer now = luaL_optinteger(L, 5, (lua_Integer)time(NULL));
    luaL_argcheck(L, *c != NULL, 1, "the certificate cache is closed");
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_cert_info info;
    int rc = agw_cert_cache_check(*c, body, bl, key, kl, domain, (int64_t)now, &info, &err);
    return push_check(L, rc, &info, &err);
}

/* cache:pairs() -> distinct (body, key) pairs checked so far */
static int certcache_pairs(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)agw_cert_cache_pairs(*check_cache(L)));
    return 1;
}

/* cache:close(): frees what it holds (the chains; no key is held); also __gc and __close */
static int certcache_close(lua_State *L)
{
    struct agw_cert_cache **c = check_cache(L);
    agw_cert_cache_free(*c);
    *c = NULL;
    return 0;
}

/* core.cert_cache() -> a cache for one plan's certificate checks (cache:check, :pairs,
 * :close), salted with random bytes of its own. */
static int lcore_cert_cache(lua_State *L)
{
    struct agw_cert_cache **c = lua_newuserdatauv(L, sizeof *c, 0);
    *c = NULL;
    luaL_setmetatable(L, CERTCACHE_MT);
    unsigned char salt[16];
    if (agw_rand_bytes(salt, sizeof salt) != 0)
        return luaL_error(L, "core.cert_cache: no random bytes");
    *c = agw_cert_cache_new(salt);
    OPENSSL_cleanse(salt, sizeof salt);
    if (!*c) return luaL_error(L, "core.cert_cache: out of memory");
    return 1;
}

/* core.cert_fingerprint(pem) -> hex | nil, code, message
 * The SHA-256 of the leaf's DER (the body's first certificate), 64 lower-case hex digits
 * (runtime/cert/fingerprint.h): how the plan compares certificates without keeping them. */
static int lcore_cert_fingerprint(lua_State *L)
{
    size_t n;
    const char *body = luaL_checklstring(L, 1, &n);
    char hex[65];
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_cert_fingerprint(body, n, hex, &err) != 0) {
        lua_pushnil(L);
        lua_pushstring(L, err.code);
        lua_pushstring(L, err.message);
        return 3;
    }
    lua_pushstring(L, hex);
    return 1;
}

static int filebuf_gc(lua_State *L)
{
    agw_buf_wipe_free(luaL_checkudata(L, 1, FILEBUF_MT));
    return 0;
}

/* core.read_file(path, max) -> text | nil, reason
 * The whole file, at most max bytes (agw_file_read); reason as agw_file_strerror words it
 * ("file not found", "is larger than 1 MiB"...). The copy read is wiped (a key file). */
static int lcore_read_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    lua_Integer max = luaL_checkinteger(L, 2);
    luaL_argcheck(L, max > 0, 2, "max must be > 0");
    struct agw_buf *b = lua_newuserdatauv(L, sizeof *b, 0);
    agw_buf_init_secret(b, 0);
    luaL_setmetatable(L, FILEBUF_MT);
    int e = 0;
    if (agw_file_read(path, (size_t)max, b, &e) != 0) {
        char why[128];
        lua_pushnil(L);
        lua_pushstring(L, agw_file_strerror(e, (size_t)max, why, sizeof why));
        return 2;
    }
    lua_pushlstring(L, agw_buf_str(b), b->len);
    agw_buf_wipe_free(b);
    return 1;
}

void agw_lcert_register(lua_State *L)
{
    if (luaL_newmetatable(L, FILEBUF_MT)) {
        lua_pushcfunction(L, filebuf_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    if (luaL_newmetatable(L, CERTCACHE_MT)) {
        static const luaL_Reg methods[] = {
            {"check", certcache_check},
            {"pairs", certcache_pairs},
            {"close", certcache_close},
            {NULL, NULL},
        };
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, certcache_close);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, certcache_close);
        lua_setfield(L, -2, "__close");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        {"check_certificate", lcore_check_certificate},
        {"read_file", lcore_read_file},
        {"cert_fingerprint", lcore_cert_fingerprint},
        {"cert_cache", lcore_cert_cache},
        {NULL, NULL},
    };
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, fns, 1);
}
