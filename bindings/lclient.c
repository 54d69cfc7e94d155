/* core.new_client, core.resolve and the client userdata. */
#include "lclient.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "cred.h"
#include "sts.h"
#include "lctx.h"
#include "wipe.h"

#define CLIENT_MT "apigw.core.client"

static int client_gc(lua_State *L)
{
    struct agw_lclient *c = luaL_checkudata(L, 1, CLIENT_MT);
    free(c->access_key_id);
    agw_wipe_free(c->access_key_secret);
    agw_wipe_free(c->security_token);
    free(c->profile);
    free(c->region);
    free(c->endpoint_text);
    free(c->ca_bundle);
    free(c->cred_source);
    free(c->role_arn);
    free(c->role_session_name);
    free(c->policy);
    free(c->external_id);
    free(c->sts_endpoint_opt);
    agw_lclient_settle(c, 1);
    if (c->plan) {
        agw_cred_free(c->plan);
        free(c->plan);
    }
    free(c->opt_access_key_id);
    agw_wipe_free(c->opt_access_key_secret);
    agw_wipe_free(c->opt_security_token);
    memset(c, 0, sizeof *c);
    return 0;
}

struct agw_lclient *agw_lclient_check(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, CLIENT_MT);
}

/* tostring(client): where it goes and the key id, never the secret or token. */
static int client_tostring(lua_State *L)
{
    struct agw_lclient *c = luaL_checkudata(L, 1, CLIENT_MT);
    lua_pushfstring(L, "apigw.client{endpoint=%s, region=%s, access_key_id=%s, signature=%s%s}",
                    c->resolved ? c->endpoint.host : (c->endpoint_text ? c->endpoint_text : "?"),
                    c->region ? c->region : "?", c->access_key_id ? c->access_key_id : "?",
                    c->sig == AGW_SIG_RPC ? "rpc" : "v3",
                    c->security_token ? ", security_token=***" : "");
    return 1;
}

/* Raises apigw.Error{code = "InvalidOption", kind = "client"} with "apigw.client: " and
 * message, through apigw.error's raise_client (which names the playbook line). */
static int raise_option(lua_State *L, const char *message)
{
    /* loaded by apigw.client, which calls core.new_client (a playbook's require may differ) */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "apigw.error") != LUA_TTABLE ||
        lua_getfield(L, -1, "raise_client") != LUA_TFUNCTION)
        return luaL_error(L, "apigw.client: %s", message);
    lua_pushnil(L);
    lua_pushliteral(L, "InvalidOption");
    lua_pushfstring(L, "apigw.client: %s", message);
    lua_call(L, 3, 0);
    return luaL_error(L, "apigw.client: %s", message); /* not reached: raise_client raised */
}

/* A string option, copied (NULL when not given). One holding a NUL byte is refused by
 * name: the copy would end there. */
static char *opt_strdup(lua_State *L, int t, const char *key)
{
    lua_getfield(L, t, key);
    char *r = NULL;
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        if (memchr(s, 0, n)) {
            lua_pushfstring(L, "option '%s' holds a NUL byte", key);
            raise_option(L, lua_tostring(L, -1));
        }
        r = strdup(s);
        if (!r) luaL_error(L, "out of memory");
    }
    lua_pop(L, 1);
    return r;
}

long agw_timeout_ms(double s)
{
    double ms = s * 1000.0;
    long r = (long)ms;       /* in range: s <= AGW_TIMEOUT_MAX_S */
    if ((double)r < ms) r++; /* rounded up, without libm */
    return r < 1 ? 1 : r;
}

/* A timeout option in seconds, as milliseconds (0 when not given). The Lua side has
 * refused what is not a number > 0; this refuses what would overflow (1e300). */
static long opt_ms(lua_State *L, int t, const char *key)
{
    lua_getfield(L, t, key);
    long ms = 0;
    if (lua_isnumber(L, -1)) {
        lua_Number s = lua_tonumber(L, -1);
        if (!(s > 0 && s <= AGW_TIMEOUT_MAX_S)) {
            lua_pushfstring(L, "option '%s' must be a number of seconds > 0 and at most %d, got %s",
                            key, AGW_TIMEOUT_MAX_S, lua_tostring(L, -1));
            raise_option(L, lua_tostring(L, -1));
        }
        ms = agw_timeout_ms(s);
    }
    lua_pop(L, 1);
    return ms;
}

/* core.new_client(opts) -> client. opts is already checked and merged by the Lua side:
 * {access_key_id, access_key_secret, security_token, profile, region, endpoint,
 *  signature = "v3"|"rpc", method = "POST"|"GET", connect_timeout, read_timeout (s),
 *  ca_bundle, insecure} */
static int lcore_new_client(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    struct agw_lclient *c = lua_newuserdatauv(L, sizeof *c, 0);
    memset(c, 0, sizeof *c);
    luaL_setmetatable(L, CLIENT_MT);
    c->access_key_id = opt_strdup(L, 1, "access_key_id");
    c->access_key_secret = opt_strdup(L, 1, "access_key_secret");
    c->security_token = opt_strdup(L, 1, "security_token");
    c->profile = opt_strdup(L, 1, "profile");
    c->region = opt_strdup(L, 1, "region");
    c->endpoint_text = opt_strdup(L, 1, "endpoint");
    if (c->endpoint_text) { /* checked now, by the parser --endpoint uses */
        struct agw_endpoint ep;
        struct agw_err err;
        agw_err_clear(&err);
        if (agw_endpoint_parse(c->endpoint_text, &ep, &err) != 0) {
            lua_pushfstring(L, "option 'endpoint': %s", err.message);
            return raise_option(L, lua_tostring(L, -1));
        }
    }
    c->ca_bundle = opt_strdup(L, 1, "ca_bundle");
    c->role_arn = opt_strdup(L, 1, "role_arn");
    c->role_session_name = opt_strdup(L, 1, "role_session_name");
    c->policy = opt_strdup(L, 1, "policy");
    c->external_id = opt_strdup(L, 1, "external_id");
    c->sts_endpoint_opt = opt_strdup(L, 1, "sts_endpoint");
    lua_getfield(L, 1, "duration");
    c->duration_s = (long)lua_tointeger(L, -1);
    lua_getfield(L, 1, "endpoint_type");
    const char *et = lua_tostring(L, -1);
    if (!et) et = getenv("ALIBABA_CLOUD_ENDPOINT_TYPE");
    c->vpc = et && strcasecmp(et, "vpc") == 0;
    lua_pop(L, 2);
    c->connect_timeout_ms = opt_ms(L, 1, "connect_timeout");
    c->read_timeout_ms = opt_ms(L, 1, "read_timeout");
    lua_getfield(L, 1, "insecure");
    c->insecure = lua_toboolean(L, -1);
    if (c->insecure && lua_getfield(L, LUA_REGISTRYINDEX, AGW_REG_INSECURE_WARNED) == LUA_TNIL) {
        /* as loud as --insecure: verification off is never silent */
        fputs("apigw-lua: warning: apigw.client{insecure = true}: TLS certificates are NOT "
              "verified\n",
              stderr);
        fflush(stderr);
    }
    lua_pop(L, c->insecure ? 1 : 0);
    lua_getfield(L, 1, "signature");
    const char *sig = lua_tostring(L, -1);
    c->sig = (sig && strcmp(sig, "rpc") == 0) ? AGW_SIG_RPC : AGW_SIG_V3;
    lua_getfield(L, 1, "method");
    const char *m = lua_tostring(L, -1);
    strcpy(c->method, (m && strcmp(m, "GET") == 0) ? "GET" : "POST");
    lua_pop(L, 3);
    return 1;
}

void agw_lpush_err(lua_State *L, const struct agw_err *err)
{
    static const char *const kinds[] = {"client", "client", "server", "network", "config"};
    lua_createtable(L, 0, 5);
    lua_pushstring(L, err->code);
    lua_setfield(L, -2, "code");
    lua_pushstring(L, err->message);
    lua_setfield(L, -2, "message");
    lua_pushstring(L, kinds[err->kind <= AGW_ERR_CONFIG ? err->kind : 0]);
    lua_setfield(L, -2, "kind");
    if (err->http_status) {
        lua_pushinteger(L, err->http_status);
        lua_setfield(L, -2, "http_status");
    }
    lua_pushboolean(L, err->retryable);
    lua_setfield(L, -2, "retryable");
}

int agw_lpush_fail(lua_State *L, struct agw_err *err, enum agw_err_kind kind)
{
    err->kind = kind;
    lua_pushnil(L);
    agw_lpush_err(L, err);
    return 2;
}

/* The signing credentials of a provider chain: present and not expired. */
static int check_fresh(const struct agw_lclient *c, struct agw_err *err)
{
    if (!c->plan) return 0;
    if (!c->access_key_id) {
        agw_err_set(err, AGW_ERR_CONFIG, "NoCredentials",
                    "credentials from %s were not fetched yet", c->cred_source);
        return -1;
    }
    if (c->expiration && (long long)agw_clock_now() >= c->expiration) {
        char when[21] = "?";
        agw_clock_iso8601((time_t)c->expiration, when);
        agw_err_set(err, AGW_ERR_CONFIG, "CredentialsExpired",
                    "credentials from %s expired at %s; refusing to sign with them", c->cred_source,
                    when);
        return -1;
    }
    return 0;
}

/* Works out where each provider of the chain goes: the STS URL of roles (agw_cred_sts_url)
 * into sts_endpoint, the metadata service's URL into metadata_url. */
static int place_plan(const struct agw_lclient *c, struct agw_cred *n, const char *region,
                      struct agw_err *err)
{
    for (; n; n = n->base) {
        if (n->kind == AGW_CRED_RAM_ROLE || n->kind == AGW_CRED_OIDC) {
            char url[320];
            if (agw_cred_sts_url(c->sts_endpoint_opt, n->sts_endpoint, n->sts_region, c->vpc,
                                 region, agw_cred_sys_getenv, NULL, url, sizeof url, err) != 0)
                return -1;
            free(n->sts_endpoint);
            if (!(n->sts_endpoint = strdup(url))) goto oom;
        } else if (n->kind == AGW_CRED_ECS) {
            char url[320] = "http://100.100.100.200";
            if (n->metadata_url &&
                agw_cred_url_parse(n->metadata_url, "APIGW_ECS_METADATA_ENDPOINT", url, sizeof url,
                                   err) != 0)
                return -1;
            free(n->metadata_url);
            if (!(n->metadata_url = strdup(url))) goto oom;
        }
    }
    return 0;
oom:
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory");
    return -1;
}

/* The chain's options from the client's settings, with the key pair to start from (the
 * resolved one for a first resolve, the one the client was given for a re-run). */
static struct agw_cred_options cred_options(const struct agw_lclient *c, const char *id,
                                            const char *secret, const char *token)
{
    struct agw_cred_options o = {
        .access_key_id = id,
        .access_key_secret = secret,
        .security_token = token,
        .profile = c->profile,
        .region = c->region,
        .role_arn = c->role_arn,
        .role_session_name = c->role_session_name,
        .policy = c->policy,
        .external_id = c->external_id,
        .duration_s = c->duration_s,
    };
    return o;
}

int agw_lclient_resolve(struct agw_lclient *c, struct agw_err *err)
{
    if (c->resolved) return check_fresh(c, err);
    struct agw_cred_options o =
        cred_options(c, c->access_key_id, c->access_key_secret, c->security_token);
    struct agw_cred cred;
    memset(&cred, 0, sizeof cred);
    if (agw_cred_resolve(&o, agw_cred_sys_getenv, NULL, &cred, err) != 0) return -1;

    const char *ep = c->endpoint_text;
    const char *from = NULL; /* names the source of an endpoint that does not parse */
    if (!ep || !*ep) {
        ep = getenv("APIGW_ENDPOINT");
        from = "APIGW_ENDPOINT";
    }
    char built[300];
    char *region = NULL;
    if (!ep || !*ep || cred.kind != AGW_CRED_STATIC) {
        struct agw_err rerr;
        agw_err_clear(&rerr);
        region = agw_cred_region(&o, agw_cred_sys_getenv, NULL, !ep || !*ep ? err : &rerr);
        if (!region && (!ep || !*ep)) {
            agw_cred_free(&cred);
            return -1;
        }
    }
    if (!ep || !*ep) {
        snprintf(built, sizeof built, "apigateway%s.%s.aliyuncs.com", c->vpc ? "-vpc" : "", region);
        free(c->region);
        c->region = region;
        region = NULL;
        ep = built;
        from = NULL;
    }
    int bad = agw_endpoint_parse(ep, &c->endpoint, err) != 0;
    if (bad && from) {
        char m[sizeof err->message];
        snprintf(m, sizeof m, "%s", err->message);
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint", "%s: %.900s", from, m);
    }
    struct agw_cred *plan = NULL;
    if (!bad && cred.kind != AGW_CRED_STATIC) {
        plan = malloc(sizeof *plan);
        if (!plan) {
            agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory");
            bad = 1;
        } else {
            *plan = cred;
            memset(&cred, 0, sizeof cred);
            bad = place_plan(c, plan, c->region ? c->region : region, err) != 0;
        }
    }
    free(region);
    if (bad) {
        agw_cred_free(&cred);
        if (plan) agw_cred_free(plan), free(plan);
        return -1;
    }
    /* the resolved credentials replace the explicit ones (which they include) */
    if (!plan) {
        free(c->access_key_id);
        agw_wipe_free(c->access_key_secret);
        agw_wipe_free(c->security_token);
    }
    free(c->cred_source);
    if (plan) {
        c->plan = plan;
        /* kept for a re-run of the chain (agw_lclient_rechain) */
        c->opt_access_key_id = c->access_key_id;
        c->opt_access_key_secret = c->access_key_secret;
        c->opt_security_token = c->security_token;
        c->access_key_id = c->access_key_secret = c->security_token = NULL;
        c->cred_source = strdup(plan->source ? plan->source : "?");
        if (!c->cred_source) {
            agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory");
            return -1;
        }
    } else {
        c->access_key_id = cred.access_key_id;
        c->access_key_secret = cred.access_key_secret;
        c->security_token = cred.security_token;
        c->cred_source = cred.source;
        cred.access_key_id = cred.access_key_secret = cred.security_token = cred.source = NULL;
        agw_cred_free(&cred);
    }
    c->resolved = 1;
    return 0;
}

static void free_plan(struct agw_cred *p)
{
    if (p) agw_cred_free(p), free(p);
}

int agw_lclient_rechain(struct agw_lclient *c, struct agw_err *err)
{
    struct agw_cred_options o =
        cred_options(c, c->opt_access_key_id, c->opt_access_key_secret, c->opt_security_token);
    agw_lclient_settle(c, 1);
    struct agw_cred cred;
    memset(&cred, 0, sizeof cred);
    if (agw_cred_resolve(&o, agw_cred_sys_getenv, NULL, &cred, err) != 0) return -1;
    if (cred.kind == AGW_CRED_STATIC) { /* e.g. keys written into a profile meanwhile */
        free_plan(c->plan);
        c->plan = NULL;
        free(c->access_key_id);
        agw_wipe_free(c->access_key_secret);
        agw_wipe_free(c->security_token);
        free(c->cred_source);
        c->access_key_id = cred.access_key_id;
        c->access_key_secret = cred.access_key_secret;
        c->security_token = cred.security_token;
        c->cred_source = cred.source;
        c->expiration = 0;
        cred.access_key_id = cred.access_key_secret = cred.security_token = cred.source = NULL;
        agw_cred_free(&cred);
        return 0;
    }
    struct agw_cred *plan = malloc(sizeof *plan);
    char *src = plan ? strdup(cred.source ? cred.source : "?") : NULL;
    if (!plan || !src) {
        free(plan);
        agw_cred_free(&cred);
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory");
        return -1;
    }
    *plan = cred;
    if (place_plan(c, plan, c->region, err) != 0) {
        free_plan(plan);
        free(src);
        return -1;
    }
    c->prev_plan = c->plan;
    c->prev_source = c->cred_source;
    c->plan = plan;
    c->cred_source = src;
    return 1;
}

void agw_lclient_settle(struct agw_lclient *c, int keep)
{
    if (!c->prev_plan) return;
    if (keep) {
        free_plan(c->prev_plan);
        free(c->prev_source);
    } else {
        free_plan(c->plan);
        free(c->cred_source);
        c->plan = c->prev_plan;
        c->cred_source = c->prev_source;
    }
    c->prev_plan = NULL;
    c->prev_source = NULL;
}

/* core.resolve(client) -> {source=, endpoint=, region=, access_key_id=} | nil, err */
static int lcore_resolve(lua_State *L)
{
    struct agw_lclient *c = luaL_checkudata(L, 1, CLIENT_MT);
    struct agw_err err;
    agw_err_clear(&err);
    if (!c->resolved && agw_lclient_resolve(c, &err) != 0)
        return agw_lpush_fail(L, &err, AGW_ERR_CONFIG);
    lua_createtable(L, 0, 5);
    lua_pushstring(L, c->cred_source ? c->cred_source : "");
    lua_setfield(L, -2, "source");
    lua_pushfstring(L, "%s://%s", c->endpoint.scheme, c->endpoint.host);
    lua_setfield(L, -2, "endpoint");
    if (c->region) {
        lua_pushstring(L, c->region);
        lua_setfield(L, -2, "region");
    }
    if (c->access_key_id) {
        lua_pushstring(L, c->access_key_id);
        lua_setfield(L, -2, "access_key_id");
    }
    lua_pushboolean(L, c->plan != NULL);
    lua_setfield(L, -2, "provider");
    lua_pushboolean(L, c->security_token != NULL);
    lua_setfield(L, -2, "sts");
    return 1;
}

void agw_lclient_register(lua_State *L)
{
    if (luaL_newmetatable(L, CLIENT_MT)) {
        lua_pushcfunction(L, client_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, client_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, "apigw.core.client");
        lua_setfield(L, -2, "__name");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    static const luaL_Reg fns[] = {
        {"new_client", lcore_new_client},
        {"resolve", lcore_resolve},
        {NULL, NULL},
    };
    lua_pushvalue(L, -2); /* the context, as upvalue */
    luaL_setfuncs(L, fns, 1);
}
