#include "provider.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file.h"
#include "util.h"
#include "wipe.h"

#define NAMELEN 80
#define CHAIN_MAX 8 /* ChainableRamRoleArn depth: deeper is surely a mistake */

static int oom(struct agw_err *err)
{
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory while resolving credentials");
    return -1;
}

const char *agw_cred_kind_name(enum agw_cred_kind k)
{
    static const char *const names[] = {"static",       "ram_role_arn",    "oidc_role_arn",
                                        "ecs_ram_role", "credentials_uri", "external"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* Copies s (NULL stays NULL) into *dst; -1 on out of memory. */
static int set(char **dst, const char *s)
{
    *dst = NULL;
    if (!s || !s[0]) return 0;
    return (*dst = agw_cred_strdup(s)) ? 0 : -1;
}

static int set_source(struct agw_cred *out, struct agw_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int set_source(struct agw_cred *out, struct agw_err *err, const char *fmt, ...)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    va_list ap;
    va_start(ap, fmt);
    char tmp[1024];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (agw_buf_appends(&b, tmp) != 0) return oom(err);
    free(out->source);
    out->source = agw_buf_take(&b);
    return out->source ? 0 : oom(err);
}

static int is_true(const char *v)
{
    return v && strcasecmp(v, "true") == 0;
}

/* ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS: 1 or true blocks the URI and process modes. */
static int external_blocked(const struct agw_cred_where *w, const char *what, struct agw_err *err)
{
    const char *v = agw_cred_env(w, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
    if (!(v && (strcmp(v, "1") == 0 || is_true(v)))) return 0;
    agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                "%s, but ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=%s forbids credential URIs and "
                "external processes",
                what, v);
    return 1;
}

int agw_cred_role_over(struct agw_cred *out, struct agw_cred *base, const char *role_arn,
                       const char *session, const char *policy, const char *external_id,
                       long duration_s, const char *what, struct agw_err *err)
{
    memset(out, 0, sizeof *out);
    out->kind = AGW_CRED_RAM_ROLE;
    out->base = malloc(sizeof *out->base);
    if (!out->base) return oom(err);
    *out->base = *base;
    memset(base, 0, sizeof *base);
    out->duration_s = duration_s;
    if (set(&out->role_arn, role_arn) || set(&out->session_name, session) ||
        set(&out->policy, policy) || set(&out->external_id, external_id) ||
        set(&out->source, what) || !out->source)
        return oom(err);
    return 0;
}

/* The ECS provider's settings from the environment. */
static int ecs_node(const struct agw_cred_where *w, struct agw_cred *out, const char *role)
{
    out->kind = AGW_CRED_ECS;
    out->imdsv1_disabled = is_true(agw_cred_env(w, "ALIBABA_CLOUD_IMDSV1_DISABLED"));
    return set(&out->role_name, role) ||
           set(&out->metadata_url, agw_cred_env(w, "APIGW_ECS_METADATA_ENDPOINT"));
}

static int oidc_node(struct agw_cred *out, const char *role_arn, const char *provider,
                     const char *token_file, const char *session, const char *policy)
{
    out->kind = AGW_CRED_OIDC;
    return set(&out->role_arn, role_arn) || set(&out->oidc_provider_arn, provider) ||
           set(&out->oidc_token_file, token_file) || set(&out->session_name, session) ||
           set(&out->policy, policy);
}

/* One profile of the chain; visited holds the names already on it. */
static int profile_to(const struct agw_cred_where *w, struct agw_cred_profile *prof,
                      const char **visited, int depth, struct agw_cred *out, struct agw_err *err)
{
    char shown[NAMELEN], nshown[NAMELEN]; /* the profile's name, its source_profile's */
    const char *pname = agw_cred_printable(prof->name, shown, sizeof shown);
    const char *mode = prof->mode;
    if (set_source(out, err, "profile '%s' (mode %s) in %s", pname, mode, w->config_path))
        return -1;
    if (strcmp(mode, "AK") == 0 || strcmp(mode, "StsToken") == 0) {
        struct agw_buf src;
        agw_buf_init(&src, 0);
        if (agw_buf_appends(&src, out->source)) return oom(err);
        free(out->source);
        out->source = NULL;
        return agw_cred_fill(out, prof->access_key_id, prof->access_key_secret, prof->sts_token,
                             prof->region_id, &src, err);
    }
    if (prof->region_id && agw_cred_region_valid(prof->region_id) &&
        set(&out->region, prof->region_id))
        return oom(err);
    if (strcmp(mode, "EcsRamRole") == 0)
        return ecs_node(w, out, prof->ram_role_name) ? oom(err) : 0;
    if (strcmp(mode, "OIDC") == 0) {
        if (oidc_node(out, prof->ram_role_arn, prof->oidc_provider_arn, prof->oidc_token_file,
                      prof->ram_session_name, prof->policy) ||
            set(&out->sts_region, prof->sts_region) || set(&out->sts_endpoint, prof->sts_endpoint))
            return oom(err);
        return 0;
    }
    if (strcmp(mode, "CredentialsURI") == 0) {
        const char *uri = prof->credentials_uri ? prof->credentials_uri
                                                : agw_cred_env(w, "ALIBABA_CLOUD_CREDENTIALS_URI");
        if (!uri) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: profile '%s' (mode CredentialsURI) has no credentials_uri, and "
                        "ALIBABA_CLOUD_CREDENTIALS_URI is not set",
                        w->config_path, pname);
            return -1;
        }
        if (external_blocked(w, out->source, err)) return -1;
        out->kind = AGW_CRED_URI;
        return set(&out->uri, uri) ? oom(err) : 0;
    }
    if (strcmp(mode, "External") == 0) {
        if (external_blocked(w, out->source, err)) return -1;
        out->kind = AGW_CRED_PROCESS;
        return set(&out->command, prof->process_command) ? oom(err) : 0;
    }
    /* RamRoleArn, ChainableRamRoleArn: the base first */
    struct agw_cred base;
    memset(&base, 0, sizeof base);
    int rc;
    if (strcmp(mode, "RamRoleArn") == 0) {
        struct agw_buf src;
        agw_buf_init(&src, 0);
        if (agw_buf_printf(&src, "the AccessKey of profile '%s' in %s", pname, w->config_path))
            return oom(err);
        rc = agw_cred_fill(&base, prof->access_key_id, prof->access_key_secret, NULL, NULL, &src,
                           err);
    } else {
        const char *next = prof->source_profile;
        for (int i = 0; i <= depth; i++) {
            if (strcmp(visited[i], next) == 0) {
                char chain[600] = "";
                for (int k = 0; k <= depth; k++) {
                    char sh[NAMELEN];
                    size_t l = strlen(chain);
                    snprintf(chain + l, sizeof chain - l, "'%s' -> ",
                             agw_cred_printable(visited[k], sh, sizeof sh));
                }
                size_t l = strlen(chain);
                snprintf(chain + l, sizeof chain - l, "'%s'",
                         agw_cred_printable(next, nshown, sizeof nshown));
                agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                            "%s: source_profile makes a cycle: %s", w->config_path, chain);
                return -1;
            }
        }
        if (depth + 1 >= CHAIN_MAX) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: profile '%s': source_profile chains more than %d profiles deep",
                        w->config_path, pname, CHAIN_MAX);
            return -1;
        }
        struct agw_cred_profile sp;
        int r = agw_cred_config_read(w->config_path, next, 1, &sp, err);
        if (r != AGW_CRED_CONFIG_FOUND) {
            agw_cred_profile_free(&sp);
            if (r > 0)
                agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                            "%s: profile '%s' names source_profile '%s', which does not exist",
                            w->config_path, pname, agw_cred_printable(next, nshown, sizeof nshown));
            return -1;
        }
        visited[depth + 1] = sp.name;
        rc = profile_to(w, &sp, visited, depth + 1, &base, err);
        agw_cred_profile_free(&sp);
    }
    if (rc != 0) {
        agw_cred_free(&base);
        return -1;
    }
    char *what = out->source, *region = out->region;
    out->source = out->region = NULL;
    rc = agw_cred_role_over(out, &base, prof->ram_role_arn, prof->ram_session_name, prof->policy,
                            prof->external_id, prof->expired_seconds, what, err);
    free(what);
    out->region = region;
    if (rc == 0 &&
        (set(&out->sts_region, prof->sts_region) || set(&out->sts_endpoint, prof->sts_endpoint)))
        rc = oom(err);
    agw_cred_free(&base);
    return rc;
}

int agw_cred_from_profile(const struct agw_cred_where *w, struct agw_cred_profile *prof,
                          struct agw_cred *out, struct agw_err *err)
{
    const char *visited[CHAIN_MAX];
    visited[0] = prof->name;
    memset(out, 0, sizeof *out);
    if (profile_to(w, prof, visited, 0, out, err) == 0) return 1;
    agw_cred_free(out);
    return -1;
}

int agw_cred_from_ini_type(const struct agw_cred_where *w, const struct agw_cred_ini *ini,
                           const char *path, const char *section, const char *type,
                           struct agw_cred *out, struct agw_err *err)
{
    char shown[NAMELEN];
    const char *sname = agw_cred_printable(section, shown, sizeof shown);
#define GET(k) agw_cred_ini_get(ini, section, k)
    static const struct {
        const char *type;
        const char *need[4];
    } rules[] = {
        {"ram_role_arn", {"access_key_id", "access_key_secret", "role_arn"}},
        {"ecs_ram_role", {NULL}},
        {"oidc_role_arn", {"role_arn", "oidc_provider_arn", "oidc_token_file_path"}},
    };
    size_t i = 0;
    while (i < sizeof rules / sizeof rules[0] && strcmp(rules[i].type, type) != 0)
        i++;
    if (i == sizeof rules / sizeof rules[0]) return 0;
    for (int k = 0; k < 4 && rules[i].need[k]; k++) {
        const char *v = GET(rules[i].need[k]);
        if (!v || !v[0]) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: section [%s] (type = %s) has no %s", path, sname, type,
                        rules[i].need[k]);
            return -1;
        }
    }
    memset(out, 0, sizeof *out);
    char what[700];
    snprintf(what, sizeof what, "section [%s] (type = %s) in %s", sname, type, path);
    int rc = 0;
    if (strcmp(type, "ecs_ram_role") == 0) {
        rc = ecs_node(w, out, GET("role_name")) || set(&out->source, what) ? oom(err) : 0;
    } else if (strcmp(type, "oidc_role_arn") == 0) {
        rc = oidc_node(out, GET("role_arn"), GET("oidc_provider_arn"), GET("oidc_token_file_path"),
                       GET("role_session_name"), GET("policy")) ||
                     set(&out->source, what)
                 ? oom(err)
                 : 0;
    } else {
        struct agw_cred base;
        memset(&base, 0, sizeof base);
        struct agw_buf src;
        agw_buf_init(&src, 0);
        if (agw_buf_printf(&src, "the AccessKey of section [%s] in %s", sname, path))
            return oom(err);
        rc = agw_cred_fill(&base, GET("access_key_id"), GET("access_key_secret"), NULL, NULL, &src,
                           err);
        if (rc == 0)
            rc = agw_cred_role_over(out, &base, GET("role_arn"), GET("role_session_name"),
                                    GET("policy"), NULL, 0, what, err);
        agw_cred_free(&base);
    }
#undef GET
    if (rc != 0) {
        agw_cred_free(out);
        return -1;
    }
    return 1;
}

int agw_cred_env_role(const struct agw_cred_where *w, struct agw_cred *base, struct agw_err *err)
{
    const char *arn = agw_cred_env(w, "ALIBABA_CLOUD_ROLE_ARN");
    if (!arn || agw_cred_env(w, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN")) return 0;
    char what[400];
    snprintf(what, sizeof what, "environment (ALIBABA_CLOUD_ROLE_ARN, over %s)",
             base->source ? base->source : "the environment's AccessKey");
    struct agw_cred role;
    if (agw_cred_role_over(&role, base, arn, agw_cred_env(w, "ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                           NULL, agw_cred_env(w, "ALIBABA_CLOUD_EXTERNAL_ID"), 0, what, err) != 0) {
        agw_cred_free(&role);
        return -1;
    }
    *base = role;
    return 1;
}

int agw_cred_env_oidc(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                      int *noted, struct agw_err *err)
{
    static const char *const trio[] = {"ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                                       "ALIBABA_CLOUD_OIDC_TOKEN_FILE"};
    const char *v[3];
    int n = 0;
    for (int i = 0; i < 3; i++)
        n += (v[i] = agw_cred_env(w, trio[i])) != NULL;
    if (n == 0) {
        agw_cred_note(places, noted, "; OIDC (ALIBABA_CLOUD_OIDC_PROVIDER_ARN not set)");
        return 0;
    }
    if (n < 3) {
        const char *missing = !v[0] ? trio[0] : !v[1] ? trio[1] : trio[2];
        if (!v[1] && !v[2]) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                        "ALIBABA_CLOUD_ROLE_ARN is set, but there is no AccessKey in the "
                        "environment to assume it with (ALIBABA_CLOUD_ACCESS_KEY_ID) and no OIDC "
                        "provider (ALIBABA_CLOUD_OIDC_PROVIDER_ARN and "
                        "ALIBABA_CLOUD_OIDC_TOKEN_FILE)");
            return -1;
        }
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                    "OIDC needs ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and "
                    "ALIBABA_CLOUD_OIDC_TOKEN_FILE together: %s is not set",
                    missing);
        return -1;
    }
    memset(out, 0, sizeof *out);
    if (oidc_node(out, v[0], v[1], v[2], agw_cred_env(w, "ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                  NULL) ||
        set(&out->source, "environment (ALIBABA_CLOUD_OIDC_PROVIDER_ARN, "
                          "ALIBABA_CLOUD_OIDC_TOKEN_FILE)")) {
        agw_cred_free(out);
        return oom(err);
    }
    return 1;
}

/* Cheap ECS detection: the DMI vendor the hypervisor reports ("Alibaba Cloud"), read only
 * with the real environment so tests stay hermetic. */
static int on_ecs(const struct agw_cred_where *w)
{
    if (w->getenv_fn != agw_cred_sys_getenv) return 0;
    struct agw_buf b;
    int e = 0;
    if (agw_file_read("/sys/class/dmi/id/sys_vendor", 256, &b, &e) != 0) return 0;
    int yes = b.len >= 13 && strncmp(b.data, "Alibaba Cloud", 13) == 0;
    agw_buf_free(&b);
    return yes;
}

int agw_cred_env_ecs(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                     int *noted, struct agw_err *err)
{
    if (is_true(agw_cred_env(w, "ALIBABA_CLOUD_ECS_METADATA_DISABLED"))) {
        agw_cred_note(
            places, noted,
            "; ECS instance metadata (skipped: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)");
        return 0;
    }
    const char *role = agw_cred_env(w, "ALIBABA_CLOUD_ECS_METADATA");
    if (!role && !agw_cred_env(w, "APIGW_ECS_METADATA_ENDPOINT") && !on_ecs(w)) {
        agw_cred_note(
            places, noted,
            "; ECS instance metadata (not an ECS instance, and ALIBABA_CLOUD_ECS_METADATA "
            "not set)");
        return 0;
    }
    memset(out, 0, sizeof *out);
    if (ecs_node(w, out, role) ||
        set(&out->source, role ? "ECS instance metadata (ALIBABA_CLOUD_ECS_METADATA)"
                               : "ECS instance metadata")) {
        agw_cred_free(out);
        return oom(err);
    }
    /* Step 6 stays behind it: when the metadata service gives nothing, the URI is tried
     * (spec credentials.md §1.1). A URI that is not set or is refused
     * (ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS) is simply no fallback. */
    struct agw_cred uri;
    struct agw_buf scratch;
    struct agw_err e;
    int failed = 0;
    agw_buf_init(&scratch, 0);
    agw_err_clear(&e);
    int rc = agw_cred_env_uri(w, &uri, &scratch, &failed, &e);
    agw_buf_free(&scratch);
    if (rc < 0 && strcmp(e.code, "OutOfMemory") == 0) rc = -2;
    if (rc == 1 && !(out->next = malloc(sizeof *out->next))) {
        agw_cred_free(&uri);
        rc = -2;
    }
    if (rc == 1) *out->next = uri;
    if (rc == -2) {
        agw_cred_free(out);
        return oom(err);
    }
    return 1;
}

int agw_cred_env_uri(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                     int *noted, struct agw_err *err)
{
    const char *uri = agw_cred_env(w, "ALIBABA_CLOUD_CREDENTIALS_URI");
    if (!uri) {
        agw_cred_note(places, noted, "; ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
        return 0;
    }
    if (external_blocked(w, "ALIBABA_CLOUD_CREDENTIALS_URI is set", err)) return -1;
    memset(out, 0, sizeof *out);
    out->kind = AGW_CRED_URI;
    if (set(&out->uri, uri) || set(&out->source, "environment (ALIBABA_CLOUD_CREDENTIALS_URI)")) {
        agw_cred_free(out);
        return oom(err);
    }
    return 1;
}
