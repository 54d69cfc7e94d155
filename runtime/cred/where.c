#include "where.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

const char *agw_cred_env(const struct agw_cred_where *w, const char *name)
{
    const char *v = w->getenv_fn(name, w->ud);
    return v && v[0] ? v : NULL;
}

/* *out = the home directory (malloc'd), or NULL when there is none. -1 on out of memory. */
static int home_dir(const struct agw_cred_where *w, char **out)
{
    *out = NULL;
    const char *h = agw_cred_env(w, "HOME");
    if (h) return (*out = agw_cred_strdup(h)) ? 0 : -1;
    if (w->getenv_fn != agw_cred_sys_getenv) return 0;
    long n = sysconf(_SC_GETPW_R_SIZE_MAX);
    size_t size = n > 0 ? (size_t)n : 16384;
    char *buf = malloc(size);
    if (!buf) return -1;
    struct passwd pw, *res = NULL;
    int rc = 0;
    if (getpwuid_r(getuid(), &pw, buf, size, &res) == 0 && res && res->pw_dir && res->pw_dir[0])
        rc = (*out = agw_cred_strdup(res->pw_dir)) ? 0 : -1;
    free(buf);
    return rc;
}

static char *join(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s", dir, rel);
    return s;
}

int agw_cred_where_init(struct agw_cred_where *w, const struct agw_cred_options *opts,
                        agw_getenv_fn getenv_fn, void *ud, struct agw_err *err)
{
    memset(w, 0, sizeof *w);
    w->getenv_fn = getenv_fn ? getenv_fn : agw_cred_sys_getenv;
    w->ud = getenv_fn ? ud : NULL;

    if (opts && opts->profile && opts->profile[0]) {
        w->profile = opts->profile;
        w->profile_from = "the profile option";
    } else if ((w->profile = agw_cred_env(w, "ALIBABA_CLOUD_PROFILE")) != NULL) {
        w->profile_from = "ALIBABA_CLOUD_PROFILE";
    }
    const char *dis = agw_cred_env(w, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED");
    w->config_disabled = dis && strcasecmp(dis, "true") == 0;

    const char *cfg = agw_cred_env(w, "ALIBABA_CLOUD_CONFIG_FILE");
    const char *ini = agw_cred_env(w, "ALIBABA_CLOUD_CREDENTIALS_FILE");
    char *home = NULL;
    int failed = (cfg && ini) ? 0 : home_dir(w, &home) != 0;
    if (cfg) {
        w->config_path = agw_cred_strdup(cfg);
        w->config_from_env = 1;
        failed |= !w->config_path;
    } else if (home) {
        w->config_path = join(home, "/.aliyun/config.json");
        failed |= !w->config_path;
    }
    if (ini) {
        w->ini_path = agw_cred_strdup(ini);
        w->ini_from_env = 1;
        failed |= !w->ini_path;
    } else if (home) {
        w->ini_path = join(home, "/.alibabacloud/credentials");
        failed |= !w->ini_path;
    }
    free(home);
    if (failed) {
        agw_cred_where_free(w);
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory",
                    "out of memory while resolving credentials");
        return -1;
    }
    return 0;
}

void agw_cred_where_free(struct agw_cred_where *w)
{
    if (!w) return;
    free(w->config_path);
    free(w->ini_path);
    w->config_path = w->ini_path = NULL;
}

int agw_cred_config_skipped(const struct agw_cred_where *w, struct agw_buf *places, int *noted)
{
    if (w->config_disabled) {
        agw_cred_note(places, noted,
                      "; config.json (skipped: ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)");
        return 1;
    }
    if (!w->config_path) {
        agw_cred_note(places, noted, "; ~/.aliyun/config.json (HOME is not set)");
        return 1;
    }
    return 0;
}
