#ifndef AGW_CRED_WHERE_H
#define AGW_CRED_WHERE_H

#include "buf.h"
#include "cred.h"

/* Where the chain looks: the environment, the two file paths and the profile name,
 * worked out once per resolve so credentials and region agree on them. */
struct agw_cred_where {
    agw_getenv_fn getenv_fn;
    void *ud;
    char *config_path;        /* NULL when neither ALIBABA_CLOUD_CONFIG_FILE nor a home */
    int config_from_env;      /* config_path came from ALIBABA_CLOUD_CONFIG_FILE */
    int config_disabled;      /* ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true */
    char *ini_path;           /* NULL when neither ALIBABA_CLOUD_CREDENTIALS_FILE nor a home */
    int ini_from_env;         /* ini_path came from ALIBABA_CLOUD_CREDENTIALS_FILE */
    const char *profile;      /* named profile (opts or ALIBABA_CLOUD_PROFILE), or NULL */
    const char *profile_from; /* "the profile option" or "ALIBABA_CLOUD_PROFILE" */
};

/* getenv_fn NULL means agw_cred_sys_getenv. Only with the real environment does a
 * missing HOME fall back to the password database, so tests stay hermetic.
 * Returns 0, or -1 with err on out of memory. Free with agw_cred_where_free. */
int agw_cred_where_init(struct agw_cred_where *w, const struct agw_cred_options *opts,
                        agw_getenv_fn getenv_fn, void *ud, struct agw_err *err);
void agw_cred_where_free(struct agw_cred_where *w);

/* The variable's value, or NULL when it is unset or empty. */
const char *agw_cred_env(const struct agw_cred_where *w, const char *name);

/* 1 when config.json is not to be read (ALIBABA_CLOUD_CLI_PROFILE_DISABLED, or no HOME),
 * after noting why in places; 0 when it is to be read. */
int agw_cred_config_skipped(const struct agw_cred_where *w, struct agw_buf *places, int *noted);

#endif
