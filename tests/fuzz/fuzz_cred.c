/* The credential readers and the whole chain (runtime/cred): the INI reader, the aliyun
 * CLI's config.json reader, agw_cred_resolve and agw_cred_region, with an injected
 * environment and files in a scratch HOME. Properties:
 * - no message, source or region ever holds a secret or a token;
 * - static credentials that resolve are complete and can be sent (agw_cred_unsendable); a
 *   provider's (RAM role, OIDC, ECS, URI, process: fetched above this layer) come without
 *   keys, and a RAM role with the credential it is assumed with;
 * - the INI reader's error text is its own, never the input's.
 * The input has up to four parts separated by lines "%%":
 *   1. the environment: NAME=VALUE lines (values percent-decoded). HOME is the scratch home
 *      unless set to "" here; ALIBABA_CLOUD_CONFIG_FILE and ALIBABA_CLOUD_CREDENTIALS_FILE
 *      name "@config" (part 2's file), "@ini" (part 3's), "@dir" (a directory) or anything
 *      else (a file that does not exist);
 *   2. ~/.aliyun/config.json (absent when empty);
 *   3. ~/.alibabacloud/credentials (absent when empty);
 *   4. explicit options: id=, secret=, token=, profile=, region= lines.
 * "$S" in a secret position (a secret or token variable or option, the string value of
 * access_key_secret or sts_token in part 2, the value of an access_key_secret,
 * security_token or sts_token line in part 3, whatever its line ending) stands for a marker
 * that must then never be seen in any output; an input that holds the marker itself
 * elsewhere is skipped. */
#include "cred.h"
#include "aliyun_config.h"
#include "fuzz.h"
#include "ini.h"
#include "util.h"

#define MAXVARS 32

struct env {
    char *name[MAXVARS];
    char *value[MAXVARS];
    size_t n;
};

static const char *env_get(const char *name, void *ud)
{
    const struct env *e = ud;
    for (size_t i = e->n; i-- > 0;)
        if (strcmp(e->name[i], name) == 0) return e->value[i];
    return NULL;
}

static void env_put(struct env *e, char *name, char *value)
{
    if (e->n == MAXVARS) {
        free(name);
        free(value);
        return;
    }
    e->name[e->n] = name;
    e->value[e->n++] = value;
}

static void env_free(struct env *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->name[i]);
        free(e->value[i]);
    }
}

static char *secret_value(const char *s)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    fuzz_put_secret(&b, s, strlen(s));
    FUZZ_OOM(agw_buf_append(&b, "", 0) == 0);
    return agw_buf_take(&b);
}

static int is_secret_var(const char *name)
{
    static const char *const v[] = {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY",
                                    "ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strcmp(name, v[i]) == 0) return 1;
    return 0;
}

/* config.json: "$S" inside the string value of "access_key_secret" or "sts_token". */
static void put_config(struct agw_buf *out, const char *s, size_t n)
{
    static const char *const keys[] = {"access_key_secret", "sts_token", NULL};
    fuzz_json_secrets(out, s, n, keys);
}

/* INI: "$S" on a line whose key is a secret one; lines end at CR, LF or CRLF. */
static void put_ini(struct agw_buf *out, const char *s, size_t n)
{
    static const char *const keys[] = {"access_key_secret", "security_token", "sts_token"};
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '\r' && s[e] != '\n')
            e++;
        size_t k = i;
        while (k < e && (s[k] == ' ' || s[k] == '\t'))
            k++;
        int secret = 0;
        for (size_t j = 0; j < 3 && !secret; j++) {
            size_t kl = strlen(keys[j]);
            if (fuzz_starts(s + k, e - k, keys[j])) {
                size_t q = k + kl;
                while (q < e && (s[q] == ' ' || s[q] == '\t'))
                    q++;
                secret = q < e && s[q] == '=';
            }
        }
        if (secret)
            fuzz_put_secret(out, s + i, e - i);
        else
            FUZZ_OOM(agw_buf_append(out, s + i, e - i) == 0);
        while (e < n && (s[e] == '\r' || s[e] == '\n'))
            FUZZ_OOM(agw_buf_appendc(out, s[e++]) == 0);
        i = e;
    }
}

static void no_marker(const char *what, const char *s)
{
    FUZZ_CHECK(!s || !fuzz_contains(s, strlen(s), FUZZ_MARKER), "a secret in %s: %s", what, s);
}

/* A resolved credential: static keys complete and sendable; a provider (fetched later, above
 * this layer) without keys yet; no secret in any text field; the same for the credential a
 * RAM role is assumed with and for the chain's next step. */
static void check_cred(const struct agw_cred *c, int depth)
{
    FUZZ_CHECK(depth < 16, "a credential chain deeper than 16");
    FUZZ_CHECK(c->source && *c->source, "a credential without a source");
    if (c->kind == AGW_CRED_STATIC) {
        FUZZ_CHECK(c->access_key_id && *c->access_key_id && c->access_key_secret &&
                       *c->access_key_secret,
                   "resolved credentials are incomplete (from %s)", c->source);
        FUZZ_CHECK(agw_cred_unsendable(c->access_key_id, 0) < 0 &&
                       (!c->security_token || agw_cred_unsendable(c->security_token, 1) < 0),
                   "resolved credentials cannot be sent (from %s)", c->source);
        no_marker("the access key id", c->access_key_id);
    } else {
        FUZZ_CHECK(!c->access_key_secret && !c->security_token,
                   "a %s provider came with keys (from %s)", agw_cred_kind_name(c->kind),
                   c->source);
    }
    if (c->kind == AGW_CRED_RAM_ROLE)
        FUZZ_CHECK(c->base != NULL, "a RAM role without the credential it is assumed with");
    const char *const texts[] = {c->source,
                                 c->region,
                                 c->role_arn,
                                 c->session_name,
                                 c->policy,
                                 c->external_id,
                                 c->oidc_provider_arn,
                                 c->oidc_token_file,
                                 c->role_name,
                                 c->metadata_url,
                                 c->uri,
                                 c->command,
                                 c->sts_region,
                                 c->sts_endpoint};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        no_marker("a credential's text", texts[i]);
    if (c->base) check_cred(c->base, depth + 1);
    if (c->next) check_cred(c->next, depth + 1);
}

struct opts {
    char *id, *secret, *token, *profile, *region;
};

static int parse_env(struct env *e, const char *s, size_t n, const char *home, const char *config,
                     const char *ini)
{
    struct fuzz_in in = {s, n};
    const char *l;
    size_t ln;
    int home_set = 0;
    while (fuzz_line(&in, &l, &ln)) {
        const char *eq = memchr(l, '=', ln);
        if (!eq || eq == l) continue;
        char *name = fuzz_strndup(l, (size_t)(eq - l));
        char *value = fuzz_decode(eq + 1, ln - (size_t)(eq - l) - 1, 0, NULL);
        if (!value || strchr(name, '\0') != name + (eq - l)) {
            free(name);
            free(value);
            return -1;
        }
        if (strstr(value, FUZZ_MARKER)) {
            free(name);
            free(value);
            return -1;
        }
        if (strcmp(name, "HOME") == 0) {
            home_set = 1;
            if (*value) {
                free(value);
                value = fuzz_strndup(home, strlen(home));
            }
        } else if (strcmp(name, "ALIBABA_CLOUD_CONFIG_FILE") == 0 ||
                   strcmp(name, "ALIBABA_CLOUD_CREDENTIALS_FILE") == 0) {
            char path[512];
            if (strcmp(value, "@config") == 0)
                snprintf(path, sizeof path, "%s", config);
            else if (strcmp(value, "@ini") == 0)
                snprintf(path, sizeof path, "%s", ini);
            else if (strcmp(value, "@dir") == 0)
                snprintf(path, sizeof path, "%s", home);
            else if (*value)
                snprintf(path, sizeof path, "%s/does-not-exist", home);
            else
                path[0] = '\0';
            free(value);
            value = fuzz_strndup(path, strlen(path));
        } else if (is_secret_var(name)) {
            char *v = secret_value(value);
            free(value);
            value = v;
        }
        env_put(e, name, value);
    }
    if (!home_set) env_put(e, fuzz_strndup("HOME", 4), fuzz_strndup(home, strlen(home)));
    return 0;
}

static int parse_opts(struct opts *o, const char *s, size_t n)
{
    struct fuzz_in in = {s, n};
    const char *l;
    size_t ln;
    static const struct {
        const char *key;
        size_t off;
        int secret;
    } keys[] = {{"id=", offsetof(struct opts, id), 0},
                {"secret=", offsetof(struct opts, secret), 1},
                {"token=", offsetof(struct opts, token), 1},
                {"profile=", offsetof(struct opts, profile), 0},
                {"region=", offsetof(struct opts, region), 0}};
    while (fuzz_line(&in, &l, &ln))
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            size_t k = strlen(keys[i].key);
            if (!fuzz_starts(l, ln, keys[i].key)) continue;
            char *v = fuzz_decode(l + k, ln - k, 0, NULL);
            if (!v || strstr(v, FUZZ_MARKER)) {
                free(v);
                return -1;
            }
            if (keys[i].secret) {
                char *sv = secret_value(v);
                free(v);
                v = sv;
            }
            char **f = (char **)((char *)o + keys[i].off);
            free(*f);
            *f = v;
            break;
        }
    return 0;
}

static void check_ini(const char *text, size_t len)
{
    struct agw_cred_ini *ini = NULL;
    size_t line = 0;
    const char *what = NULL;
    if (agw_cred_ini_parse(text, len, &ini, &line, &what) != 0) {
        FUZZ_CHECK(what != NULL && line <= len + 1, "an INI error without a reason or line");
        no_marker("an INI error", what);
        return;
    }
    static const char *const sections[] = {"default", "main", "deploy", ""};
    static const char *const keys[] = {"type", "access_key_id", "access_key_secret"};
    for (size_t s = 0; s < 4; s++)
        for (size_t k = 0; k < 3; k++) {
            const char *v = agw_cred_ini_get(ini, sections[s], keys[k]);
            if (v) (void)strlen(v);
        }
    agw_cred_ini_free(ini);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_contains((const char *)data, size, FUZZ_MARKER)) return 0;
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *part[4] = {"", "", "", ""};
    size_t plen[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4 && fuzz_part(&in, &part[i], &plen[i]); i++)
        ;

    char home[300], config[400], ini[400];
    snprintf(home, sizeof home, "%s/home", fuzz_scratch_dir());
    snprintf(config, sizeof config, "%s/.aliyun/config.json", home);
    snprintf(ini, sizeof ini, "%s/.alibabacloud/credentials", home);
    mkdir(home, 0700);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/.aliyun", home);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/.alibabacloud", home);
    mkdir(dir, 0700);

    struct env env = {.n = 0};
    struct opts o = {NULL, NULL, NULL, NULL, NULL};
    struct agw_buf cfg, cred_ini;
    agw_buf_init(&cfg, 0);
    agw_buf_init(&cred_ini, 0);
    if (parse_env(&env, part[0], plen[0], home, config, ini) != 0 ||
        parse_opts(&o, part[3], plen[3]) != 0)
        goto out;
    put_config(&cfg, part[1], plen[1]);
    put_ini(&cred_ini, part[2], plen[2]);

    check_ini(agw_buf_str(&cred_ini), cred_ini.len);

    unlink(config);
    unlink(ini);
    char path[512];
    if (cfg.len) fuzz_write_file("home/.aliyun/config.json", cfg.data, cfg.len, path, sizeof path);
    if (cred_ini.len)
        fuzz_write_file("home/.alibabacloud/credentials", cred_ini.data, cred_ini.len, path,
                        sizeof path);

    /* the config.json reader alone, for the profile asked for and for "current" */
    for (int want_keys = 0; want_keys <= 1; want_keys++) {
        struct agw_cred_profile prof;
        struct agw_err err;
        agw_err_clear(&err);
        int rc = agw_cred_config_read(config, want_keys ? o.profile : NULL, want_keys, &prof, &err);
        if (rc < 0) no_marker("a config.json error", err.message);
        if (rc == AGW_CRED_CONFIG_FOUND) {
            no_marker("a profile name", prof.name);
            no_marker("a profile mode", prof.mode);
            no_marker("a profile region", prof.region_id);
        }
        agw_cred_profile_free(&prof);
    }

    /* the chain */
    struct agw_cred_options copts = {.access_key_id = o.id,
                                     .access_key_secret = o.secret,
                                     .security_token = o.token,
                                     .profile = o.profile,
                                     .region = o.region};
    struct agw_cred c;
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_cred_resolve(&copts, env_get, &env, &c, &err) == 0) {
        check_cred(&c, 0);
    } else {
        FUZZ_CHECK(err.kind == AGW_ERR_CONFIG && err.code[0], "an error without kind or code");
        no_marker("a credentials error", err.message);
    }
    agw_cred_free(&c);
    agw_err_clear(&err);
    char *region = agw_cred_region(&copts, env_get, &env, &err);
    if (region) {
        FUZZ_CHECK(agw_cred_region_valid(region), "an invalid region was returned");
        free(region);
    } else {
        no_marker("a region error", err.message);
    }
out:
    env_free(&env);
    free(o.id);
    free(o.secret);
    free(o.token);
    free(o.profile);
    free(o.region);
    agw_buf_wipe_free(&cfg);
    agw_buf_wipe_free(&cred_ini);
    return 0;
}
