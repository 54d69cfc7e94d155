/* core.check_certificate, core.cert_fingerprint and core.read_file: the certificate checks
 * (runtime/cert) and the bounded file reader (runtime/core/file.h) for apigw.pem and
 * set_domain_certificate. */
#include <lauxlib.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "fingerprint.h"
#include "file.h"
#include "lctx.h"

#define FILEBUF_MT "apigw.core.filebuf"

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
    if (agw_cert_check(body, bl, key, kl, domain, (int64_t)now, &info, &err) != 0) {
        lua_pushnil(L);
        lua_pushstring(L, err.code);
        lua_pushstring(L, err.message);
        return 3;
    }
    lua_pushboolean(L, 1);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, info.names);
    lua_setfield(L, -2, "names");
    lua_pushinteger(L, (lua_Integer)info.not_before);
    lua_setfield(L, -2, "not_before");
    lua_pushinteger(L, (lua_Integer)info.not_after);
    lua_setfield(L, -2, "not_after");
    lua_pushinteger(L, info.chain);
    lua_setfield(L, -2, "chain");
    return 2;
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
    static const luaL_Reg fns[] = {
        {"check_certificate", lcore_check_certificate},
        {"read_file", lcore_read_file},
        {"cert_fingerprint", lcore_cert_fingerprint},
        {NULL, NULL},
    };
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, fns, 1);
}
