#include "cred.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliyun_config.h"
#include "buf.h"
#include "file.h"
#include "ini.h"
#include "provider.h"
#include "util.h"
#include "where.h"
#include "wipe.h"

#define NAMELEN 80

const char *agw_cred_sys_getenv(const char *name, void *ud)
{
    (void)ud;
    return getenv(name);
}

void agw_cred_free(struct agw_cred *c)
{
    if (!c) return;
    free(c->access_key_id);
    agw_wipe_free(c->access_key_secret);
    agw_wipe_free(c->security_token);
    free(c->source);
    free(c->region);
    free(c->role_arn);
    free(c->session_name);
    free(c->policy);
    free(c->external_id);
    free(c->oidc_provider_arn);
    free(c->oidc_token_file);
    free(c->role_name);
    free(c->metadata_url);
    free(c->uri);
    free(c->command);
    free(c->sts_region);
    free(c->sts_endpoint);
    agw_wipe_free(c->imds_token);
    if (c->base) {
        agw_cred_free(c->base);
        free(c->base);
    }
    if (c->next) {
        agw_cred_free(c->next);
        free(c->next);
    }
    memset(c, 0, sizeof *c);
}

static int oom(struct agw_err *err)
{
    agw_err_set(err, AGW_ERR_CONFIG, "OutOfMemory", "out of memory while resolving credentials");
    return -1;
}

static int invalid(struct agw_err *err, const char *msg)
{
    agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials", "%s", msg);
    return -1;
}

/* -1 with err when the id or the token holds a byte no request can carry (a space or comma
 * breaks the V3 Authorization value, CR or LF the request's headers): refused here, where
 * the message can say which source it came from, rather than signed and refused by the
 * service with IncompleteSignature. The token's bytes are never quoted. */
static int check_sendable(const char *id, const char *token, const char *source,
                          struct agw_err *err)
{
    long at = agw_cred_unsendable(id, 0);
    if (at >= 0) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                    "the AccessKeyId from %s holds a byte that cannot be sent (0x%02x at offset "
                    "%ld): an AccessKeyId is printable ASCII without spaces or commas",
                    source, (unsigned char)id[at], at);
        return -1;
    }
    if (token && (at = agw_cred_unsendable(token, 1)) >= 0) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                    "the security token from %s holds a byte that cannot be sent (at offset "
                    "%ld): a token is printable ASCII without spaces",
                    source, at);
        return -1;
    }
    return 0;
}

/* Copies the three values into out and sets its source; -1 on out of memory or an id or
 * token that cannot be sent (out is then freed). source is built from a printf format
 * without secrets. */
int agw_cred_fill(struct agw_cred *out, const char *id, const char *secret, const char *token,
                  const char *region, struct agw_buf *source, struct agw_err *err)
{
    if (check_sendable(id, token, agw_buf_str(source), err) != 0) {
        agw_buf_free(source);
        return -1;
    }
    out->access_key_id = agw_cred_strdup(id);
    out->access_key_secret = agw_cred_strdup(secret);
    out->security_token = token && token[0] ? agw_cred_strdup(token) : NULL;
    out->region = region && agw_cred_region_valid(region) ? agw_cred_strdup(region) : NULL;
    out->source = agw_buf_take(source);
    if (!out->access_key_id || !out->access_key_secret || !out->source ||
        (token && token[0] && !out->security_token) ||
        (region && agw_cred_region_valid(region) && !out->region)) {
        agw_cred_free(out);
        return oom(err);
    }
    return 0;
}

/* 1 done (out filled), 0 none given, -1 error. */
static int from_options(const struct agw_cred_options *o, struct agw_cred *out, struct agw_err *err)
{
    const char *id = o->access_key_id, *secret = o->access_key_secret;
    int has_token = o->security_token && o->security_token[0];
    if (!id && !secret) {
        if (has_token)
            return invalid(err, "security_token was given without access_key_id and "
                                "access_key_secret");
        return 0;
    }
    if (!secret) return invalid(err, "access_key_id was given without access_key_secret");
    if (!id) return invalid(err, "access_key_secret was given without access_key_id");
    if (!id[0]) return invalid(err, "access_key_id is empty");
    if (!secret[0]) return invalid(err, "access_key_secret is empty");
    struct agw_buf src;
    agw_buf_init(&src, 0);
    if (agw_buf_printf(&src, "explicit options (access_key_id%s)",
                       has_token ? ", with security_token" : "") != 0)
        return oom(err);
    return agw_cred_fill(out, id, secret, o->security_token, NULL, &src, err) == 0 ? 1 : -1;
}

struct env_family {
    const char *id, *secret, *token;
};

static const struct env_family families[] = {
    {"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
     "ALIBABA_CLOUD_SECURITY_TOKEN"},
    {"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"},
};

/* 1 done, 0 not set, -1 error (a partial set is an error, not a skip). */
static int from_env(const struct agw_cred_where *w, const struct env_family *f,
                    struct agw_cred *out, struct agw_err *err)
{
    const char *id = agw_cred_env(w, f->id), *secret = agw_cred_env(w, f->secret);
    const char *token = agw_cred_env(w, f->token);
    if (!id && !secret) {
        if (!token) return 0;
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                    "%s is set, but %s and %s are not set (or are empty)", f->token, f->id,
                    f->secret);
        return -1;
    }
    if (!id || !secret) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidCredentials",
                    "%s is set, but %s is not set (or is empty): set both, or neither",
                    id ? f->id : f->secret, id ? f->secret : f->id);
        return -1;
    }
    struct agw_buf src;
    agw_buf_init(&src, 0);
    if (agw_buf_printf(&src, "environment (%s%s%s)", f->id, token ? ", with " : "",
                       token ? f->token : "") != 0)
        return oom(err);
    return agw_cred_fill(out, id, secret, token, NULL, &src, err) == 0 ? 1 : -1;
}

/* 1 done, 0 nothing there (places says why), -1 error. */
static int from_config(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                       int *noted, struct agw_err *err)
{
    char shown[NAMELEN];
    const char *pname = w->profile ? agw_cred_printable(w->profile, shown, sizeof shown) : NULL;
    if (agw_cred_config_skipped(w, places, noted)) return 0;
    struct agw_cred_profile prof;
    int rc = agw_cred_config_read(w->config_path, w->profile, 1, &prof, err);
    if (rc == AGW_CRED_CONFIG_FOUND) {
        rc = agw_cred_from_profile(w, &prof, out, err);
        agw_cred_profile_free(&prof);
        return rc;
    }
    agw_cred_profile_free(&prof);
    if (rc < 0) return -1;
    if (rc == AGW_CRED_CONFIG_NO_FILE && w->config_from_env) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "ALIBABA_CLOUD_CONFIG_FILE names %s, which does not exist", w->config_path);
        return -1;
    }
    if (pname)
        agw_cred_note(places, noted, "; profile '%s' in %s (%s)", pname, w->config_path,
                      rc == AGW_CRED_CONFIG_NO_FILE ? "file not found" : "no such profile");
    else if (rc == AGW_CRED_CONFIG_NO_FILE)
        agw_cred_note(places, noted, "; the current profile in %s (file not found)",
                      w->config_path);
    else
        agw_cred_note(places, noted, "; profile 'default' in %s (no such profile)", w->config_path);
    return 0;
}

static const char *const ini_unsupported[] = {"rsa_key_pair", "sts", "bearer"};
#define INI_SUPPORTED "access_key, ram_role_arn, ecs_ram_role, oidc_role_arn"

/* A value is quoted in a message only when it looks like a type name: a malformed file can
 * put anything on the type line, a pasted secret included. */
static int type_like(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
              (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '-'))
            return 0;
    return n >= 1 && n <= 32;
}

static int ini_section(const struct agw_cred_where *w, const struct agw_cred_ini *ini,
                       const char *path, const char *section, struct agw_cred *out,
                       struct agw_err *err)
{
    char shown[NAMELEN];
    const char *sname = agw_cred_printable(section, shown, sizeof shown);
    const char *type = agw_cred_ini_get(ini, section, "type");
    if (!type || !type[0]) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "%s: section [%s] has no 'type' (supported: " INI_SUPPORTED ")", path, sname);
        return -1;
    }
    if (strcmp(type, "access_key") != 0) {
        int rc = agw_cred_from_ini_type(w, ini, path, section, type, out, err);
        if (rc != 0) return rc > 0 ? 0 : -1;
        for (size_t i = 0; i < sizeof ini_unsupported / sizeof ini_unsupported[0]; i++) {
            if (strcmp(type, ini_unsupported[i]) == 0) {
                agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                            "%s: section [%s] has type = %s, which apigw-lua does not support "
                            "(supported: " INI_SUPPORTED ")",
                            path, sname, ini_unsupported[i]);
                return -1;
            }
        }
        if (!type_like(type)) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "%s: section [%s] has an unknown type (not shown: it does not look like "
                        "a type name; supported: " INI_SUPPORTED ")",
                        path, sname);
            return -1;
        }
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "%s: section [%s] has unknown type '%s' (supported: " INI_SUPPORTED ")", path,
                    sname, type);
        return -1;
    }
    const char *id = agw_cred_ini_get(ini, section, "access_key_id");
    const char *secret = agw_cred_ini_get(ini, section, "access_key_secret");
    if (!id || !id[0] || !secret || !secret[0]) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                    "%s: section [%s] (type = access_key) has no %s", path, sname,
                    !id || !id[0] ? "access_key_id" : "access_key_secret");
        return -1;
    }
    struct agw_buf src;
    agw_buf_init(&src, 0);
    if (agw_buf_printf(&src, "section [%s] in %s", sname, path) != 0) return oom(err);
    return agw_cred_fill(out, id, secret, NULL, NULL, &src, err);
}

/* 1 done, 0 nothing there (places says why), -1 error. */
static int from_ini(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                    int *noted, struct agw_err *err)
{
    char shown[NAMELEN];
    const char *section = w->profile ? w->profile : "default";
    const char *sname = agw_cred_printable(section, shown, sizeof shown);
    if (!w->ini_path) {
        agw_cred_note(places, noted, "; ~/.alibabacloud/credentials (HOME is not set)");
        return 0;
    }
    struct agw_buf text;
    int err_no = 0;
    if (agw_file_read(w->ini_path, AGW_CRED_FILE_MAX, &text, &err_no) != 0) {
        if (err_no != ENOENT) {
            char why[128];
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "cannot read %s: %s", w->ini_path,
                        agw_file_strerror(err_no, AGW_CRED_FILE_MAX, why, sizeof why));
            return -1;
        }
        if (w->ini_from_env) {
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "ALIBABA_CLOUD_CREDENTIALS_FILE names %s, which does not exist",
                        w->ini_path);
            return -1;
        }
        agw_cred_note(places, noted, "; section [%s] in %s (file not found)", sname, w->ini_path);
        return 0;
    }
    struct agw_cred_ini *ini = NULL;
    size_t line = 0;
    const char *what = NULL;
    int rc = agw_cred_ini_parse(text.data, text.len, &ini, &line, &what);
    agw_buf_wipe_free(&text);
    if (rc != 0) {
        if (line == 0) return oom(err);
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile", "%s: line %zu: %s", w->ini_path, line,
                    what);
        return -1;
    }
    if (!agw_cred_ini_has_section(ini, section)) {
        agw_cred_ini_free(ini);
        agw_cred_note(places, noted, "; section [%s] in %s (no such section)", sname, w->ini_path);
        return 0;
    }
    rc = ini_section(w, ini, w->ini_path, section, out, err);
    agw_cred_ini_free(ini);
    return rc == 0 ? 1 : -1;
}

/* The whole chain once the environment is known, in the SDKs' order (spec §1.1). */
static int chain(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                 int *noted, struct agw_err *err)
{
    int rc;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        if ((rc = from_env(w, &families[i], out, err)) != 0)
            return rc < 0 ? rc : agw_cred_env_role(w, out, err) < 0 ? -1 : 1;
        agw_cred_note(places, noted, "; %s and %s (not set)", families[i].id, families[i].secret);
    }
    if ((rc = agw_cred_env_oidc(w, out, places, noted, err)) != 0) return rc;
    if ((rc = from_config(w, out, places, noted, err)) != 0) return rc;
    if ((rc = from_ini(w, out, places, noted, err)) != 0) return rc;
    if (w->profile) return 0; /* a named profile is looked for in the two files only */
    if ((rc = agw_cred_env_ecs(w, out, places, noted, err)) != 0) return rc;
    return agw_cred_env_uri(w, out, places, noted, err);
}

/* apigw.client{role_arn=...}: the role over whatever was found. */
static int explicit_role(const struct agw_cred_options *o, struct agw_cred *out,
                         struct agw_err *err)
{
    if (!o->role_arn) return 0;
    char what[600];
    snprintf(what, sizeof what, "the role_arn option (over %s)", out->source ? out->source : "?");
    struct agw_cred role;
    if (agw_cred_role_over(&role, out, o->role_arn, o->role_session_name, o->policy, o->external_id,
                           o->duration_s, what, err) != 0) {
        agw_cred_free(&role);
        return -1;
    }
    *out = role;
    return 0;
}

int agw_cred_resolve(const struct agw_cred_options *opts, agw_getenv_fn getenv_fn, void *ud,
                     struct agw_cred *out, struct agw_err *err)
{
    static const struct agw_cred_options none;
    if (!opts) opts = &none;
    memset(out, 0, sizeof *out);

    int rc = from_options(opts, out, err);
    if (rc != 0) return rc > 0 && explicit_role(opts, out, err) == 0 ? 0 : -1;

    struct agw_cred_where w;
    if (agw_cred_where_init(&w, opts, getenv_fn, ud, err) != 0) return -1;
    struct agw_buf places;
    int noted = 0;
    agw_buf_init(&places, 0);
    agw_cred_note(&places, &noted, "explicit options (none given)");
    rc = chain(&w, out, &places, &noted, err);
    if (rc == 0 && noted) {
        rc = oom(err);
    } else if (rc == 0) {
        char shown[NAMELEN];
        if (w.profile)
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidProfile",
                        "profile '%s' (from %s) was not found. Looked at: %s",
                        agw_cred_printable(w.profile, shown, sizeof shown), w.profile_from,
                        agw_buf_str(&places));
        else
            agw_err_set(err, AGW_ERR_CONFIG, "NoCredentials",
                        "no credentials found. Looked at: %s. Set ALIBABA_CLOUD_ACCESS_KEY_ID "
                        "and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile",
                        agw_buf_str(&places));
        rc = -1;
    }
    agw_buf_free(&places);
    agw_cred_where_free(&w);
    if (rc > 0 && explicit_role(opts, out, err) != 0) rc = -1;
    if (rc < 0) agw_cred_free(out);
    return rc > 0 ? 0 : -1;
}
