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
    char *source; /* where it came from, e.g. "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)",
                     "profile 'default' in /root/.aliyun/config.json" */
    char *region; /* region_id of the profile it came from, or NULL */
};

/* What the caller already knows (explicit client options and command-line flags). */
struct agw_cred_options {
    const char *access_key_id; /* explicit: both id and secret, or neither */
    const char *access_key_secret;
    const char *security_token;
    const char *profile; /* --profile or the client's profile= */
    const char *region;  /* --region or the client's region= */
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
