#ifndef AGW_CRED_H
#define AGW_CRED_H

#include <stddef.h>

#include "err.h"

/* Credentials and region resolution (first tier): explicit options, environment,
 * the aliyun CLI's ~/.aliyun/config.json, ~/.alibabacloud/credentials (INI).
 * Pure C, no Lua, no network. The environment and HOME are read through the
 * getenv-like function passed in, so tests can supply their own. */

typedef const char *(*agw_getenv_fn)(const char *name, void *ud);

struct agw_cred {
    char *access_key_id;
    char *access_key_secret; /* wiped on free */
    char *security_token;    /* NULL without STS; wiped on free */
    char *source;            /* where it came from, e.g. "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)",
                                "profile 'default' in /root/.aliyun/config.json" */
    char *region;            /* region_id of the profile it came from, or NULL */
};

/* What the caller already knows (explicit client options and command-line flags). */
struct agw_cred_options {
    const char *access_key_id;      /* explicit: both id and secret, or neither */
    const char *access_key_secret;
    const char *security_token;
    const char *profile;            /* --profile or the client's profile= */
    const char *region;             /* --region or the client's region= */
};

void agw_cred_free(struct agw_cred *c); /* wipes secrets; c itself is not freed; NULL ok */

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

#endif
