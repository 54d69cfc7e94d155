#ifndef AGW_LCLIENT_H
#define AGW_LCLIENT_H

#include <lua.h>

#include "err.h"
#include "request.h"

/* The longest timeout accepted, in seconds (one day): the CLI's, the client options' and
 * the per-call option's bound, so that seconds * 1000 always fits a long. */
#define AGW_TIMEOUT_MAX_S 86400

/* Seconds (0 < s <= AGW_TIMEOUT_MAX_S, checked by the caller) as milliseconds, at least 1:
 * 0 would mean "the default" to the transport. */
long agw_timeout_ms(double s);

/* Registry field a host sets (to true) once it has warned, for the whole run, that TLS
 * certificates are not verified (--insecure): clients made with insecure = true then do
 * not repeat it. Without it each such client warns once, on stderr. */
#define AGW_REG_INSECURE_WARNED "apigw.insecure_warned"

/* A client: where requests go and with which credentials. Credentials, region and
 * endpoint are resolved on first use (so a playbook that makes no call needs none). */
struct agw_lclient {
    char *access_key_id;
    char *access_key_secret; /* wiped on free */
    char *security_token;    /* wiped on free */
    char *profile;
    char *region;
    char *endpoint_text;
    char *ca_bundle;
    char *cred_source;
    struct agw_endpoint endpoint;
    enum agw_sig sig;
    char method[8];
    long connect_timeout_ms;
    long read_timeout_ms;
    int insecure;
    int resolved;
    /* short-lived credentials (bindings/lcred.c, bindings/lua/apigw/creds.lua) */
    struct agw_cred *plan; /* the provider chain when not static keys; owned, NULL otherwise */
    long long expiration;  /* the signing credentials' expiry (epoch s); 0: none */
    char *role_arn, *role_session_name, *policy, *external_id, *sts_endpoint_opt;
    long duration_s;
    int vpc; /* endpoint_type "vpc" (option, --endpoint-type, ALIBABA_CLOUD_ENDPOINT_TYPE) */
};

/* Resolves credentials, region and endpoint if not done yet. Returns 0, or -1 with err
 * (kind AGW_ERR_CONFIG). Once resolved, a client with a provider chain must hold
 * credentials that have not expired (creds.lua fetches them before each attempt): else -1
 * with code "CredentialsExpired", so that nothing is ever signed with expired ones. */
int agw_lclient_resolve(struct agw_lclient *c, struct agw_err *err);

/* Pushes the error as a plain table {code=, message=, kind=, http_status=, retryable=}
 * (the Lua side turns it into an apigw.Error). */
void agw_lpush_err(lua_State *L, const struct agw_err *err);
/* Pushes nil and the error (its kind set to kind) and returns 2: the "nil, err" return. */
int agw_lpush_fail(lua_State *L, struct agw_err *err, enum agw_err_kind kind);

#endif
