#include "cred.h"

#include <stdlib.h>
#include <string.h>

#include "aliyun_config.h"
#include "buf.h"
#include "util.h"
#include "where.h"

#define NAMELEN 80

static const char *const region_vars[] = {
    "ALIBABA_CLOUD_REGION_ID",
    "ALICLOUD_REGION",
    "ALIBABA_CLOUD_REGION",
};

static char *checked(const char *region, const char *from, struct agw_err *err)
{
    char shown[NAMELEN];
    if (!agw_cred_region_valid(region)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidRegion",
                    "region '%s' (from %s) is not valid: a region id is 1 to 64 lower-case "
                    "letters, digits and '-', such as cn-hangzhou",
                    agw_cred_printable(region, shown, sizeof shown), from);
        return NULL;
    }
    char *r = agw_cred_strdup(region);
    if (!r) agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory while resolving region");
    return r;
}

/* From the chosen config.json profile: 1 with *out, 0 none (places says why), -1 error. */
static int from_profile(const struct agw_cred_where *w, char **out, struct agw_buf *places,
                        int *noted, struct agw_err *err)
{
    char shown[NAMELEN];
    if (agw_cred_config_skipped(w, places, noted)) return 0;
    struct agw_cred_profile prof;
    int rc = agw_cred_config_read(w->config_path, w->profile, 0, &prof, err);
    if (rc < 0) {
        agw_cred_profile_free(&prof);
        return -1;
    }
    const char *pname = prof.name ? prof.name : w->profile ? w->profile : "current";
    agw_cred_printable(pname, shown, sizeof shown);
    if (rc == AGW_CRED_CONFIG_FOUND && prof.region_id) {
        struct agw_buf from;
        agw_buf_init(&from, 0);
        if (agw_buf_printf(&from, "region_id of profile '%s' in %s", shown, w->config_path)) {
            agw_cred_profile_free(&prof);
            agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory while resolving region");
            return -1;
        }
        *out = checked(prof.region_id, agw_buf_str(&from), err);
        agw_buf_free(&from);
        agw_cred_profile_free(&prof);
        return *out ? 1 : -1;
    }
    agw_cred_profile_free(&prof);
    agw_cred_note(places, noted, "; region_id of profile '%s' in %s (%s)", shown, w->config_path,
                  rc == AGW_CRED_CONFIG_NO_FILE      ? "file not found"
                  : rc == AGW_CRED_CONFIG_NO_PROFILE ? "no such profile"
                                                     : "not set");
    return 0;
}

char *agw_cred_region(const struct agw_cred_options *opts, agw_getenv_fn getenv_fn, void *ud,
                      struct agw_err *err)
{
    if (opts && opts->region) return checked(opts->region, "the region option", err);

    struct agw_cred_where w;
    if (agw_cred_where_init(&w, opts, getenv_fn, ud, err) != 0) return NULL;
    for (size_t i = 0; i < sizeof region_vars / sizeof region_vars[0]; i++) {
        const char *v = agw_cred_env(&w, region_vars[i]);
        if (v) {
            agw_cred_where_free(&w);
            return checked(v, region_vars[i], err);
        }
    }
    struct agw_buf places;
    int noted = 0;
    agw_buf_init(&places, 0);
    agw_cred_note(&places, &noted, "the region option (not given); %s, %s and %s (not set)",
                  region_vars[0], region_vars[1], region_vars[2]);
    char *region = NULL;
    int rc = from_profile(&w, &region, &places, &noted, err);
    if (rc == 0 && noted)
        agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory while resolving region");
    else if (rc == 0)
        agw_err_set(err, AGW_ERR_CONFIG, "NoRegion",
                    "no region set. Looked at: %s. Pass --region (or region= to apigw.client) "
                    "or set ALIBABA_CLOUD_REGION_ID, e.g. cn-hangzhou",
                    agw_buf_str(&places));
    agw_buf_free(&places);
    agw_cred_where_free(&w);
    return region;
}
