#include "aliyun_config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "file.h"
#include "util.h"
#include "jsonwipe.h"
#include "wipe.h"

#define NAMELEN 80

/* The string fields copied into agw_cred_profile (secret ones are wiped on free). */
#define PROFILE_FIELDS(X)                                                                          \
    X(access_key_id)                                                                               \
    X(access_key_secret)                                                                           \
    X(sts_token)                                                                                   \
    X(ram_role_arn)                                                                                \
    X(ram_session_name)                                                                            \
    X(external_id)                                                                                 \
    X(policy)                                                                                      \
    X(source_profile)                                                                              \
    X(sts_region)                                                                                  \
    X(sts_endpoint)                                                                                \
    X(ram_role_name)                                                                               \
    X(oidc_provider_arn)                                                                           \
    X(oidc_token_file)                                                                             \
    X(credentials_uri)                                                                             \
    X(process_command)

void agw_cred_profile_free(struct agw_cred_profile *p)
{
    if (!p) return;
    free(p->name);
    free(p->mode);
    free(p->region_id);
#define FREE(f) agw_wipe_free(p->f);
    PROFILE_FIELDS(FREE)
#undef FREE
    memset(p, 0, sizeof *p);
}

static int oom(struct agw_err *err)
{
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory while reading credentials");
    return -1;
}

/* Field key of a profile: *out is the string, or NULL when absent, null or "".
 * A field of another type is an error (returns -1). */
static int field(const cJSON *prof, const char *key, const char **out, const char *path,
                 const char *pname, struct agw_err *err)
{
    *out = NULL;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(prof, key);
    if (!f || cJSON_IsNull(f)) return 0;
    if (!cJSON_IsString(f)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "%s: profile '%s': field \"%s\" is not a string", path, pname, key);
        return -1;
    }
    if (f->valuestring[0]) *out = f->valuestring;
    return 0;
}

/* Line and column (1-based) of offset off in text. */
static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static const char *const unsupported_modes[] = {
    "CloudSSO", "OAuth", "RsaKeyPair", "RamRoleArnWithRoleName", "BearerToken", "Anonymous",
};

/* The supported modes and the fields each requires (config/profile.go's checks). */
static const struct mode_rule {
    const char *mode;
    const char *need[4];
} mode_rules[] = {
    {"AK", {"access_key_id", "access_key_secret"}},
    {"StsToken", {"access_key_id", "access_key_secret", "sts_token"}},
    {"RamRoleArn", {"access_key_id", "access_key_secret", "ram_role_arn"}},
    {"ChainableRamRoleArn", {"source_profile", "ram_role_arn"}},
    {"EcsRamRole", {NULL}},
    {"OIDC", {"oidc_provider_arn", "oidc_token_file", "ram_role_arn"}},
    {"CredentialsURI", {NULL}},
    {"External", {"process_command"}},
};

#define SUPPORTED_MODES                                                                            \
    "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI, External"

/* The mode the CLI would guess for a profile without one (config/profile.go order). */
static const char *guess_mode(const cJSON *prof, const char *id, const char *secret)
{
    struct {
        const char *k1, *k2, *k3, *mode;
    } rules[] = {
        {"private_key", "key_pair_name", NULL, "RsaKeyPair"},
        {"ram_role_name", NULL, NULL, "EcsRamRole"},
        {"process_command", NULL, NULL, "External"},
        {"oidc_provider_arn", "oidc_token_file", "ram_role_arn", "OIDC"},
        {"cloud_sso_sign_in_url", NULL, NULL, "CloudSSO"},
        {"bearer_token", NULL, NULL, "BearerToken"},
    };
    if (id && secret) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(prof, "sts_token");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(prof, "ram_role_arn");
        if (cJSON_IsString(t) && t->valuestring[0]) return "StsToken";
        if (cJSON_IsString(r) && r->valuestring[0]) return "RamRoleArn";
        return "AK";
    }
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const char *ks[3] = {rules[i].k1, rules[i].k2, rules[i].k3};
        int all = 1;
        for (int k = 0; k < 3 && ks[k]; k++) {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(prof, ks[k]);
            if (!cJSON_IsString(f) || !f->valuestring[0]) all = 0;
        }
        if (all) return rules[i].mode;
    }
    return NULL;
}

/* Fills out's fields from prof after checking the mode. */
static int take_keys(const cJSON *prof, const char *path, const char *pname,
                     struct agw_cred_profile *out, struct agw_err *err)
{
    const char *mode, *id, *secret;
    if (field(prof, "mode", &mode, path, pname, err) ||
        field(prof, "access_key_id", &id, path, pname, err) ||
        field(prof, "access_key_secret", &secret, path, pname, err))
        return -1;

    char shown[NAMELEN];
    const char *how = "uses";
    if (!mode) {
        mode = guess_mode(prof, id, secret);
        how = "has no \"mode\" and looks like";
        if (!mode) {
            if (id || secret) {
                agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                            "%s: profile '%s' has no \"mode\" and only one of "
                            "access_key_id and access_key_secret (it has no %s)",
                            path, pname, id ? "access_key_secret" : "access_key_id");
            } else {
                agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                            "%s: profile '%s' has no \"mode\" and no access_key_id/"
                            "access_key_secret",
                            path, pname);
            }
            return -1;
        }
    }
    const struct mode_rule *rule = NULL;
    for (size_t i = 0; i < sizeof mode_rules / sizeof mode_rules[0]; i++)
        if (strcasecmp(mode, mode_rules[i].mode) == 0) rule = &mode_rules[i];
    if (!rule) {
        for (size_t i = 0; i < sizeof unsupported_modes / sizeof unsupported_modes[0]; i++) {
            if (strcasecmp(mode, unsupported_modes[i]) == 0) {
                agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                            "%s: profile '%s' %s mode %s, which apigw-lua does not support "
                            "(supported modes: " SUPPORTED_MODES ")",
                            path, pname, how, unsupported_modes[i]);
                return -1;
            }
        }
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "%s: profile '%s' has unknown mode '%s' (supported modes: " SUPPORTED_MODES ")",
                    path, pname, agw_cred_printable(mode, shown, sizeof shown));
        return -1;
    }
    for (int k = 0; k < 4 && rule->need[k]; k++) {
        const char *v;
        if (field(prof, rule->need[k], &v, path, pname, err)) return -1;
        if (!v) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: profile '%s' (mode %s) has no %s", path, pname, rule->mode,
                        rule->need[k]);
            return -1;
        }
    }
    const char *v;
#define TAKE(f)                                                                                    \
    if (field(prof, #f, &v, path, pname, err)) return -1;                                          \
    if (v && !(out->f = agw_cred_strdup(v))) return oom(err);
    PROFILE_FIELDS(TAKE)
#undef TAKE
    /* a token is only part of StsToken (the CLI ignores it elsewhere) */
    if (strcmp(rule->mode, "StsToken") != 0 && out->sts_token) {
        agw_wipe_free(out->sts_token);
        out->sts_token = NULL;
    }
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(prof, "expired_seconds");
    if (e && !cJSON_IsNull(e)) {
        if (!cJSON_IsNumber(e) || e->valuedouble < 1 || e->valuedouble > 43200 ||
            e->valuedouble != (double)(long)e->valuedouble) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: profile '%s': expired_seconds must be a whole number of seconds "
                        "from 1 to 43200",
                        path, pname);
            return -1;
        }
        out->expired_seconds = (long)e->valuedouble;
    }
    if (!(out->mode = agw_cred_strdup(rule->mode))) return oom(err);
    return 0;
}

static int pick(const cJSON *root, const char *path, const char *name, int want_keys,
                struct agw_cred_profile *out, struct agw_err *err)
{
    char shown[NAMELEN];
    if (!cJSON_IsObject(root)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "%s: expected a JSON object at the top level", path);
        return -1;
    }
    const cJSON *current = cJSON_GetObjectItemCaseSensitive(root, "current");
    const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    if (current && !cJSON_IsNull(current) && !cJSON_IsString(current)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "%s: \"current\" is not a string", path);
        return -1;
    }
    if (profiles && !cJSON_IsNull(profiles) && !cJSON_IsArray(profiles)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "%s: \"profiles\" is not an array",
                    path);
        return -1;
    }
    int from_current = 0;
    if (!name) {
        if (cJSON_IsString(current) && current->valuestring[0]) {
            name = current->valuestring;
            from_current = 1;
        } else {
            name = "default";
        }
    }
    out->name = agw_cred_strdup(name);
    if (!out->name) return oom(err);

    const cJSON *prof = NULL;
    int idx = 0;
    const cJSON *p;
    const cJSON *list = cJSON_IsArray(profiles) ? profiles : NULL;
    cJSON_ArrayForEach(p, list)
    {
        if (!cJSON_IsObject(p)) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "%s: profiles[%d] is not an object",
                        path, idx);
            return -1;
        }
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) {
            prof = p; /* the CLI takes the first match */
            break;
        }
        idx++;
    }
    if (!prof) {
        if (from_current) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: \"current\" is '%s', but there is no profile of that name", path,
                        agw_cred_printable(name, shown, sizeof shown));
            return -1;
        }
        return AGW_CRED_CONFIG_NO_PROFILE;
    }
    const char *pname = agw_cred_printable(name, shown, sizeof shown);
    const char *region;
    if (field(prof, "region_id", &region, path, pname, err)) return -1;
    if (region) {
        out->region_id = agw_cred_strdup(region);
        if (!out->region_id) return oom(err);
    }
    if (want_keys && take_keys(prof, path, pname, out, err) != 0) return -1;
    return AGW_CRED_CONFIG_FOUND;
}

int agw_cred_config_read(const char *path, const char *name, int want_keys,
                         struct agw_cred_profile *out, struct agw_err *err)
{
    memset(out, 0, sizeof *out);
    struct agw_buf text;
    int err_no = 0;
    if (agw_file_read(path, AGW_CRED_FILE_MAX, &text, &err_no) != 0) {
        if (err_no == ENOENT) return AGW_CRED_CONFIG_NO_FILE;
        char why[128];
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "cannot read %s: %s", path,
                    agw_file_strerror(err_no, AGW_CRED_FILE_MAX, why, sizeof why));
        return -1;
    }
    int rc = agw_cred_config_parse(text.data, text.len, path, name, want_keys, out, err);
    agw_buf_wipe_free(&text);
    return rc;
}

int agw_cred_config_parse(const char *text, size_t len, const char *path, const char *name,
                          int want_keys, struct agw_cred_profile *out, struct agw_err *err)
{
    memset(out, 0, sizeof *out);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t i = 0;
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
            i++;
        if (i == len) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "%s is empty, not JSON", path);
        } else {
            size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
            size_t line, col;
            line_col(text, off, &line, &col);
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s is not valid JSON (error near line %zu, column %zu)", path, line, col);
        }
        return -1;
    }
    int rc = pick(root, path, name, want_keys, out, err);
    agw_json_wipe_delete(root);
    return rc;
}
