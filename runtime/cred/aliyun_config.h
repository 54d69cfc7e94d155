#ifndef AGW_CRED_ALIYUN_CONFIG_H
#define AGW_CRED_ALIYUN_CONFIG_H

#include <stddef.h>

#include "err.h"

/* One profile of the aliyun CLI's config.json, as far as apigw-lua uses it.
 * Every string is malloc'd or NULL; free with agw_cred_profile_free. */
struct agw_cred_profile {
    char *name; /* the profile looked for; set whenever the file was read */
    char *mode; /* AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC,
                   CredentialsURI or External (normalised; guessed when empty) */
    char *access_key_id;
    char *access_key_secret; /* wiped on free */
    char *sts_token;         /* StsToken mode only; wiped on free */
    char *region_id;         /* NULL when absent or empty */
    /* the other modes' fields, NULL when absent or empty (a mode's required ones are set) */
    char *ram_role_arn, *ram_session_name, *external_id, *policy, *source_profile;
    char *sts_region, *sts_endpoint;
    char *ram_role_name;
    char *oidc_provider_arn, *oidc_token_file;
    char *credentials_uri, *process_command;
    long expired_seconds; /* 0 when absent */
};

enum {
    AGW_CRED_CONFIG_FOUND = 0,
    AGW_CRED_CONFIG_NO_FILE = 1,    /* path does not exist */
    AGW_CRED_CONFIG_NO_PROFILE = 2, /* the file has no profile of that name */
};

/* Reads the config.json at path and picks the profile called name, or, when name is
 * NULL, the file's "current" profile ("default" when current is empty). A current that
 * names a missing profile is an error; a missing "default" is not.
 * With want_keys, the profile's mode must be one of the modes above (CloudSSO, OAuth and
 * the deprecated ones give "mode X is not supported") and its required fields present
 * (CredentialsURI's credentials_uri may come from the environment: not checked here); without, only
 * name and region_id are filled and the mode is not checked (for region lookups). Returns an
 * AGW_CRED_CONFIG_* status with out filled, or -1 with err (kind AGW_ERR_CONFIG, code
 * "InvalidProfile", naming path; never quoting a secret). out is overwritten; free it with
 * agw_cred_profile_free in every case. */
int agw_cred_config_read(const char *path, const char *name, int want_keys,
                         struct agw_cred_profile *out, struct agw_err *err);

/* The same on text[0..len) already read (path only names it in messages; it never returns
 * AGW_CRED_CONFIG_NO_FILE). For tests and fuzzing; text is only read. */
int agw_cred_config_parse(const char *text, size_t len, const char *path, const char *name,
                          int want_keys, struct agw_cred_profile *out, struct agw_err *err);

/* Wipes and frees p's strings, leaving it zeroed; NULL is a no-op. */
void agw_cred_profile_free(struct agw_cred_profile *p);

#endif
