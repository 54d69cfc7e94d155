/* The answer reader (bindings/lua/apigw/answer.lua, A.interpret, over apigw.json), in one
 * lua_State with the apigw module open. The input is lines status=, action=, retry_after=,
 * date=, sts= (values percent-decoded), then a line "%%" and the answer's body (any bytes).
 * Properties: interpret never raises; it returns either the answer (a 2xx whose body is a
 * JSON object) or nil and an apigw.Error whose text fields are strings or nil, whose code
 * and kind are set, whose status is the answer's, and whose tostring never raises. */
#include <lauxlib.h>
#include <lualib.h>

#include "fuzz.h"
#include "lapigw.h"

static lua_State *L;
static int ref_interpret, ref_is, ref_decode;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    L = luaL_newstate();
    FUZZ_OOM(L);
    luaL_openlibs(L);
    luaL_requiref(L, "apigw", luaopen_apigw, 1);
    fuzz_lua_coverage(L);
    lua_getfield(L, -1, "json");
    lua_getfield(L, -1, "decode");
    ref_decode = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 2);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "apigw.answer");
    FUZZ_CHECK(lua_pcall(L, 1, 1, 0) == LUA_OK, "require apigw.answer: %s", lua_tostring(L, -1));
    lua_getfield(L, -1, "interpret");
    FUZZ_CHECK(lua_isfunction(L, -1), "apigw.answer.interpret is not a function");
    ref_interpret = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
    lua_getglobal(L, "require");
    lua_pushliteral(L, "apigw.error");
    FUZZ_CHECK(lua_pcall(L, 1, 1, 0) == LUA_OK, "require apigw.error: %s", lua_tostring(L, -1));
    lua_getfield(L, -1, "is");
    ref_is = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 1);
    return 0;
}

/* The field of the table at idx is a string or nil. */
static void text_field(int idx, const char *name)
{
    lua_getfield(L, idx, name);
    int t = lua_type(L, -1);
    FUZZ_CHECK(t == LUA_TSTRING || t == LUA_TNIL, "err.%s is a %s", name, lua_typename(L, t));
    lua_pop(L, 1);
}

static int starts_with_brace(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i < n && s[i] == '{';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *head, *body = "";
    size_t hn, bn = 0;
    if (!fuzz_part(&in, &head, &hn)) return 0;
    if (!fuzz_part(&in, &body, &bn)) body = "", bn = 0;
    long status = 200;
    char *field[4] = {NULL, NULL, NULL, NULL}; /* action, retry_after, date, sts */
    static const char *const names[4] = {"action=", "retry_after=", "date=", "sts="};
    struct fuzz_in h = {head, hn};
    const char *l;
    size_t ln;
    int skip = 0;
    while (fuzz_line(&h, &l, &ln)) {
        if (fuzz_starts(l, ln, "status=")) {
            char *v = fuzz_strndup(l + 7, ln - 7);
            status = strtol(v, NULL, 10);
            free(v);
        }
        for (int i = 0; i < 4; i++)
            if (fuzz_starts(l, ln, names[i])) {
                size_t k = strlen(names[i]);
                free(field[i]);
                if (!(field[i] = fuzz_decode(l + k, ln - k, 1, NULL))) skip = 1;
            }
    }
    if (status < 100 || status > 599) status = 200 + (status % 400 + 400) % 400;
    int top = lua_gettop(L);
    if (skip) goto out;

    lua_rawgeti(L, LUA_REGISTRYINDEX, ref_interpret);
    lua_pushstring(L, field[0] ? field[0] : "SetDomain");
    lua_pushinteger(L, status);
    lua_pushlstring(L, body, bn);
    for (int i = 1; i < 4; i++)
        if (field[i])
            lua_pushstring(L, field[i]);
        else
            lua_pushnil(L);
    FUZZ_CHECK(lua_pcall(L, 6, 2, 0) == LUA_OK, "interpret raised: %s", lua_tostring(L, -1));
    int res = top + 1, err = top + 2;
    if (!lua_isnil(L, res)) {
        FUZZ_CHECK(lua_istable(L, res) && lua_isnil(L, err), "interpret returned a %s and a %s",
                   luaL_typename(L, res), luaL_typename(L, err));
        FUZZ_CHECK(status >= 200 && status < 300, "an answer with status %ld", status);
        FUZZ_CHECK(starts_with_brace(body, bn), "an answer whose body is not a JSON object");
        goto out;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref_is);
    lua_pushvalue(L, err);
    FUZZ_CHECK(lua_pcall(L, 1, 1, 0) == LUA_OK && lua_toboolean(L, -1),
               "interpret failed without an apigw.Error (a %s)", luaL_typename(L, err));
    lua_pop(L, 1);
    static const char *const texts[] = {"code",      "message", "request_id", "host_id",
                                        "recommend", "action",  "kind"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        text_field(err, texts[i]);
    lua_getfield(L, err, "code");
    FUZZ_CHECK(lua_isstring(L, -1) && lua_rawlen(L, -1) > 0, "an error without a code");
    lua_getfield(L, err, "kind");
    const char *kind = lua_tostring(L, -1);
    FUZZ_CHECK(kind && (strcmp(kind, "client") == 0 || strcmp(kind, "server") == 0 ||
                        strcmp(kind, "network") == 0),
               "an error of kind %s", kind ? kind : "(none)");
    lua_getfield(L, err, "http_status");
    FUZZ_CHECK(lua_isinteger(L, -1) && lua_tointeger(L, -1) == status,
               "err.http_status is not the answer's %ld", status);
    lua_getfield(L, err, "retry_after");
    FUZZ_CHECK(lua_isnil(L, -1) || lua_type(L, -1) == LUA_TNUMBER, "err.retry_after is a %s",
               luaL_typename(L, -1));
    lua_pop(L, 4);
    lua_getglobal(L, "tostring");
    lua_pushvalue(L, err);
    FUZZ_CHECK(lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING,
               "tostring(err) raised: %s", lua_tostring(L, -1));
    /* a 2xx refused is one that is not a JSON object */
    if (status >= 200 && status < 300) {
        lua_getfield(L, err, "code");
        FUZZ_CHECK(strcmp(lua_tostring(L, -1), "InvalidResponse") == 0,
                   "a 2xx answer refused as %s", lua_tostring(L, -1));
    }
out:
    lua_settop(L, top);
    for (int i = 0; i < 4; i++)
        free(field[i]);
    lua_gc(L, LUA_GCSTEP, 0);
    return 0;
}
