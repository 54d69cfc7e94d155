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
    /* the chain run again (agw_lclient_rechain): the plan it replaced, kept until settled */
    struct agw_cred *prev_plan;
    char *prev_source;
    /* the explicit keys the chain was first run with (a plan holds them in its base), so
     * that a re-run sees the same options; wiped on free */
    char *opt_access_key_id, *opt_access_key_secret, *opt_security_token;
    long long expiration; /* the signing credentials' expiry (epoch s); 0: none */
    char *role_arn, *role_session_name, *policy, *external_id, *sts_endpoint_opt;
    long duration_s;
    int vpc; /* endpoint_type "vpc" (option, --endpoint-type, ALIBABA_CLOUD_ENDPOINT_TYPE) */
};

/* Resolves credentials, region and endpoint if not done yet. Returns 0, or -1 with err
 * (kind AGW_ERR_CONFIG). Once resolved, a client with a provider chain must hold
 * credentials that have not expired (creds.lua fetches them before each attempt): else -1
 * with code "CredentialsExpired", so that nothing is ever signed with expired ones. */
int agw_lclient_resolve(struct agw_lclient *c, struct agw_err *err);

/* Runs the credential chain again, with the options of the first resolution (the files and
 * the environment are read anew): for a settled provider that fails once its credentials
 * have expired (creds.lua). A provider chain found becomes c->plan, the one it replaces is
 * kept aside until agw_lclient_settle says which stays: returns 1. Static keys found sign
 * at once (the old plan freed): returns 0. -1 with err (kind AGW_ERR_CONFIG), c unchanged. */
int agw_lclient_rechain(struct agw_lclient *c, struct agw_err *err);
/* After agw_lclient_rechain returned 1: keep (1) the new plan, freeing the old, or go back
 * (0) to the old one, freeing the new. A no-op when there is nothing aside. */
void agw_lclient_settle(struct agw_lclient *c, int keep);

/* Pushes the error as a plain table {code=, message=, kind=, http_status=, retryable=}
 * (the Lua side turns it into an apigw.Error). */
void agw_lpush_err(lua_State *L, const struct agw_err *err);
/* Pushes nil and the error (its kind set to kind) and returns 2: the "nil, err" return. */
int agw_lpush_fail(lua_State *L, struct agw_err *err, enum agw_err_kind kind);

#endif
