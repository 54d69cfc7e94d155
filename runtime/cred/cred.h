#ifndef AGW_CRED_H
#define AGW_CRED_H

#include <stddef.h>

#include "err.h"

/* Credentials and region resolution (first tier): explicit options, environment,
 * the aliyun CLI's ~/.aliyun/config.json, ~/.alibabacloud/credentials (INI).
 * Pure C, no Lua, no network. The environment and HOME are read through the
 * getenv-like function passed in, so tests can supply their own. */

typedef const char *(*agw_getenv_fn)(const char *name, void *ud);

/* What a credential is: keys read as they are (STATIC), or a provider that fetches
 * short-lived ones (docs/credentials.md). A provider's fields are plain data; the fetching
 * happens above this layer (bindings/lua/apigw/creds.lua drives it on the event loop, with
 * bindings/lcred.c building the requests and reading the answers). */
enum agw_cred_kind {
    AGW_CRED_STATIC = 0,
    AGW_CRED_RAM_ROLE, /* STS AssumeRole, signed with *source's credentials */
    AGW_CRED_OIDC,     /* STS AssumeRoleWithOIDC (anonymous) with the token file's text */
    AGW_CRED_ECS,      /* the ECS instance metadata service */
    AGW_CRED_URI,      /* GET uri */
    AGW_CRED_PROCESS,  /* run command, read JSON from its stdout */
};

struct agw_cred {
    char *access_key_id;
    char *access_key_secret; /* wiped on free */
    char *security_token;    /* NULL without STS; wiped on free */
    char *source; /* where it came from, e.g. "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)",
                     "profile 'default' in /root/.aliyun/config.json" */
    char *region; /* region_id of the profile it came from, or NULL */
    /* a provider (kind != AGW_CRED_STATIC): the keys above are NULL until fetched */
    enum agw_cred_kind kind;
    char *role_arn, *session_name, *policy, *external_id; /* RAM_ROLE, OIDC */
    long duration_s;                                      /* 0: 3600 */
    char *oidc_provider_arn, *oidc_token_file;            /* OIDC */
    char *role_name;                                      /* ECS; NULL: discovered */
    int imdsv1_disabled; /* ECS: ALIBABA_CLOUD_IMDSV1_DISABLED=true (no tokenless fallback) */
    char *metadata_url;  /* ECS: APIGW_ECS_METADATA_ENDPOINT (tests), or NULL: the real one */
    char *uri;           /* URI */
    char *command;       /* PROCESS */
    char *sts_region, *sts_endpoint; /* RAM_ROLE, OIDC: from the profile, or NULL */
    struct agw_cred *base;           /* RAM_ROLE: where its AccessKey comes from (owned) */
    /* the chain's next step, tried when this provider's first fetch fails (owned, or NULL):
     * the ECS step, when ALIBABA_CLOUD_CREDENTIALS_URI is set too (spec credentials.md §1.1:
     * each provider in turn, the first that gives credentials kept) */
    struct agw_cred *next;
    /* what the binding fetched for a provider */
    long long expiration; /* of the fetched keys above (epoch s); 0: none */
    char *imds_token;     /* ECS: the metadata session token; wiped on free */
};

/* What the caller already knows (explicit client options and command-line flags). */
struct agw_cred_options {
    const char *access_key_id; /* explicit: both id and secret, or neither */
    const char *access_key_secret;
    const char *security_token;
    const char *profile; /* --profile or the client's profile= */
    const char *region;  /* --region or the client's region= */
    /* apigw.client{role_arn=...}: a RAM role assumed on top of whatever the chain found */
    const char *role_arn;
    const char *role_session_name;
    const char *policy;
    const char *external_id;
    long duration_s; /* 0: 3600 */
};

void agw_cred_free(struct agw_cred *c); /* wipes secrets; c itself is not freed; NULL ok;
                                          frees the source chain */

/* The provider's short name ("static", "ram_role_arn", "oidc_role_arn", "ecs_ram_role",
 * "credentials_uri", "external"). */
const char *agw_cred_kind_name(enum agw_cred_kind k);

/* Resolves credentials in this order: explicit options; ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET
 * (+ALIBABA_CLOUD_SECURITY_TOKEN), then ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY
 * (+ALICLOUD_SECURITY_TOKEN); config.json (ALIBABA_CLOUD_CONFIG_FILE or ~/.aliyun/config.json,
 * skipped when ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true; profile from opts->profile, then
 * ALIBABA_CLOUD_PROFILE, then "current"; modes AK and StsToken); the INI file
 * (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials, section = profile or
 * "default", type = access_key). Returns 0 with out filled, or -1 with err (kind
 * AGW_ERR_CONFIG, code "NoCredentials" listing every place looked at, or "InvalidProfile"
 * naming the file and what is wrong with it). Never puts a secret in err. */
int agw_cred_resolve(const struct agw_cred_options *opts, agw_getenv_fn getenv_fn, void *ud,
                     struct agw_cred *out, struct agw_err *err);

/* Region: opts->region > ALIBABA_CLOUD_REGION_ID (then ALICLOUD_REGION, ALIBABA_CLOUD_REGION)
 * > region_id of the chosen config.json profile. Returns a malloc'd string, or NULL with err
 * (code "NoRegion", listing the places looked at). A region must match [a-z0-9-]+. */
char *agw_cred_region(const struct agw_cred_options *opts, agw_getenv_fn getenv_fn, void *ud,
                      struct agw_err *err);

/* The process environment, for getenv_fn. */
const char *agw_cred_sys_getenv(const char *name, void *ud);

/* Details of the contract above (added with the implementation; nothing above changed):
 * - opts may be NULL (no options); getenv_fn may be NULL (the process environment).
 *   A variable set to "" counts as unset. HOME falls back to the password database only
 *   when getenv_fn is NULL or agw_cred_sys_getenv.
 * - agw_cred_resolve zeroes *out first; on error *out holds nothing to free (freeing it is
 *   still fine). out->region is set only for a config.json profile with a valid region_id.
 *   out->source never holds a secret; it reads e.g. "explicit options (access_key_id)",
 *   "environment (ALICLOUD_ACCESS_KEY, with ALICLOUD_SECURITY_TOKEN)",
 *   "profile 'sts' (mode StsToken) in /home/u/.aliyun/config.json",
 *   "section [default] in /home/u/.alibabacloud/credentials".
 * - Every error has kind AGW_ERR_CONFIG (the host maps it to exit code 3). Codes:
 *   "InvalidCredentials": a partial set in the options or one environment family (id without
 *     secret, secret without id, token alone, an explicit "" id or secret); it is an error,
 *     not a skip to the next source.
 *   "InvalidProfile": an unreadable or malformed config.json or INI file (INI errors give the
 *     line number); a profile or section whose mode/type is not supported yet or that lacks
 *     a key; "current" naming a missing profile; a file named by ALIBABA_CLOUD_CONFIG_FILE or
 *     ALIBABA_CLOUD_CREDENTIALS_FILE that does not exist; a profile named by opts->profile or
 *     ALIBABA_CLOUD_PROFILE that is in neither file (the message lists the places).
 *   "NoCredentials", "NoRegion": nothing found; the message lists every place looked at.
 *   "InvalidRegion": a region (from whichever source) outside [a-z0-9-]{1,64}.
 *   "OutOfMemory".
 * - agw_cred_region returns a string the caller frees with free(). It reads the profile's
 *   region_id whatever the profile's mode and wherever the credentials came from. */

#endif
