/* Credential precedence and errors of agw_cred_resolve, with a temporary HOME and a fake
 * environment. Every secret value contains "s3cr3t" and every token "t0k3n", and every
 * message and source string is checked for them. */
#include "test_cred_util.h"

#include "cred.h"

static const char *CONFIG_JSON =
    "{\n"
    "\t\"current\": \"main\",\n"
    "\t\"profiles\": [\n"
    "\t\t{\"name\": \"main\", \"mode\": \"AK\", \"access_key_id\": \"id-cfg-main\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-main\", \"region_id\": \"cn-shanghai\"},\n"
    "\t\t{\"name\": \"sts\", \"mode\": \"StsToken\", \"access_key_id\": \"STS.id-cfg\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-sts\", \"sts_token\": \"t0k3n-cfg-sts\",\n"
    "\t\t \"region_id\": \"cn-beijing\"},\n"
    "\t\t{\"name\": \"lower\", \"mode\": \"ak\", \"access_key_id\": \"id-cfg-lower\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-lower\"},\n"
    "\t\t{\"name\": \"guess-ak\", \"access_key_id\": \"id-cfg-guess\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-guess\"},\n"
    "\t\t{\"name\": \"guess-sts\", \"mode\": \"\", \"access_key_id\": \"id-cfg-gsts\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-gsts\", \"sts_token\": \"t0k3n-cfg-gsts\"},\n"
    "\t\t{\"name\": \"role\", \"mode\": \"RamRoleArn\", \"access_key_id\": \"id-cfg-role\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-role\", \"ram_role_arn\": \"acs:ram::1:role/x\",\n"
    "\t\t \"ram_session_name\": \"s\"},\n"
    "\t\t{\"name\": \"guess-role\", \"access_key_id\": \"id-cfg-grole\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-grole\", \"ram_role_arn\": \"acs:ram::1:role/x\"},\n"
    "\t\t{\"name\": \"ecs\", \"ram_role_name\": \"EcsRole\", \"region_id\": \"cn-qingdao\"},\n"
    "\t\t{\"name\": \"sso\", \"mode\": \"CloudSSO\"},\n"
    "\t\t{\"name\": \"weird\", \"mode\": \"Telepathy\"},\n"
    "\t\t{\"name\": \"half\", \"mode\": \"AK\", \"access_key_id\": \"id-cfg-half\"},\n"
    "\t\t{\"name\": \"sts-no-token\", \"mode\": \"StsToken\", \"access_key_id\": \"i\",\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-nt\"},\n"
    "\t\t{\"name\": \"numkey\", \"mode\": \"AK\", \"access_key_id\": 12,\n"
    "\t\t \"access_key_secret\": \"s3cr3t-cfg-num\"}\n"
    "\t],\n"
    "\t\"meta_path\": \"\"\n"
    "}\n";

static const char *CREDENTIALS_INI = "# ~/.alibabacloud/credentials\n"
                                     "[default]\n"
                                     "type = access_key                 # inline comment\n"
                                     "access_key_id = id-ini-default\n"
                                     "access_key_secret = s3cr3t-ini-default\n"
                                     "\n"
                                     "; another comment\n"
                                     "[deploy]\n"
                                     "type=access_key\n"
                                     "access_key_id=id-ini-deploy\n"
                                     "access_key_secret=s3cr3t-ini-deploy ; tail\n"
                                     "[main]\n"
                                     "type = access_key\n"
                                     "access_key_id = id-ini-main\n"
                                     "access_key_secret = s3cr3t-ini-main\n"
                                     "[ecs]\n"
                                     "type = ecs_ram_role\n"
                                     "role_name = R\n"
                                     "[rsa]\n"
                                     "type = rsa_key_pair\n"
                                     "[notype]\n"
                                     "access_key_id = id-ini-nt\n"
                                     "access_key_secret = s3cr3t-ini-nt\n"
                                     "[oddtype]\n"
                                     "type = magic\n"
                                     "[nosecret]\n"
                                     "type = access_key\n"
                                     "access_key_id = id-ini-ns\n";

static struct fake_env env;
static struct agw_cred_options opts;
static struct agw_cred cred;
static struct agw_err err;
static char cfg_path[512], ini_path[512];

/* A fresh environment with HOME set, and the default files present. */
static void reset(void)
{
    agw_cred_free(&cred);
    memset(&env, 0, sizeof env);
    memset(&opts, 0, sizeof opts);
    memset(&err, 0, sizeof err);
    env_set(&env, "HOME", tmp_home);
    snprintf(cfg_path, sizeof cfg_path, "%s", home_file(".aliyun/config.json", CONFIG_JSON));
    snprintf(ini_path, sizeof ini_path, "%s",
             home_file(".alibabacloud/credentials", CREDENTIALS_INI));
}

static int resolve(void)
{
    agw_cred_free(&cred);
    memset(&err, 0, sizeof err);
    int rc = agw_cred_resolve(&opts, fake_getenv, &env, &cred, &err);
    CHECK_NO_SECRET(err.message);
    CHECK_NO_SECRET(cred.source);
    if (rc == 0) {
        CHECK(cred.source);
        CHECK(cred.kind != AGW_CRED_STATIC || (cred.access_key_id && cred.access_key_secret));
        CHECK(err.code[0] == '\0');
    } else {
        CHECK(cred.access_key_id == NULL && cred.access_key_secret == NULL);
        CHECK(err.kind == AGW_ERR_CONFIG);
    }
    return rc;
}

static void expect_ok(int line, const char *id, const char *secret, const char *token)
{
    int rc = resolve();
    if (rc != 0) fprintf(stderr, "line %d: unexpected error %s: %s\n", line, err.code, err.message);
    CHECK(rc == 0);
    if (getenv("TEST_VERBOSE")) printf("line %d: source %s\n", line, cred.source);
    CHECK_STR(cred.access_key_id, id);
    CHECK_STR(cred.access_key_secret, secret);
    if (token)
        CHECK_STR(cred.security_token, token);
    else
        CHECK(cred.security_token == NULL);
}

static void expect_err(int line, const char *code)
{
    int rc = resolve();
    if (rc == 0) fprintf(stderr, "line %d: unexpectedly got %s\n", line, cred.source);
    if (getenv("TEST_VERBOSE")) printf("line %d: %s: %s\n", line, err.code, err.message);
    CHECK(rc == -1);
    CHECK_STR(err.code, code);
}

static void test_explicit(void)
{
    reset();
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", "id-env");
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cr3t-env");
    opts.access_key_id = "id-opt";
    opts.access_key_secret = "s3cr3t-opt";
    expect_ok(__LINE__, "id-opt", "s3cr3t-opt", NULL);
    CHECK_HAS(cred.source, "explicit");
    CHECK(cred.region == NULL);

    opts.security_token = "t0k3n-opt";
    expect_ok(__LINE__, "id-opt", "s3cr3t-opt", "t0k3n-opt");
    CHECK_HAS(cred.source, "security_token");

    /* Partial explicit credentials are errors, even with full ones in the environment. */
    opts.security_token = NULL;
    opts.access_key_secret = NULL;
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "without access_key_secret");

    opts.access_key_id = NULL;
    opts.access_key_secret = "s3cr3t-opt";
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "without access_key_id");

    opts.access_key_id = "";
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "access_key_id is empty");

    opts.access_key_id = NULL;
    opts.access_key_secret = NULL;
    opts.security_token = "t0k3n-opt";
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "security_token");

    /* NULL options are allowed and mean "none". */
    agw_cred_free(&cred);
    CHECK(agw_cred_resolve(NULL, fake_getenv, &env, &cred, &err) == 0);
    CHECK_STR(cred.access_key_id, "id-env");
}

static void test_env(void)
{
    reset();
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", "id-env");
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cr3t-env");
    env_set(&env, "ALICLOUD_ACCESS_KEY", "id-ali");
    env_set(&env, "ALICLOUD_SECRET_KEY", "s3cr3t-ali");
    expect_ok(__LINE__, "id-env", "s3cr3t-env", NULL);
    CHECK_STR(cred.source, "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    CHECK(cred.region == NULL);

    env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", "t0k3n-env");
    expect_ok(__LINE__, "id-env", "s3cr3t-env", "t0k3n-env");
    CHECK_HAS(cred.source, "ALIBABA_CLOUD_SECURITY_TOKEN");

    /* Aliases when the canonical names are unset (or empty, which counts as unset). */
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", "");
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", NULL);
    env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", NULL);
    expect_ok(__LINE__, "id-ali", "s3cr3t-ali", NULL);
    CHECK_STR(cred.source, "environment (ALICLOUD_ACCESS_KEY)");

    env_set(&env, "ALICLOUD_SECURITY_TOKEN", "t0k3n-ali");
    expect_ok(__LINE__, "id-ali", "s3cr3t-ali", "t0k3n-ali");

    /* The environment wins over config.json and the INI file. */
    env_set(&env, "ALIBABA_CLOUD_PROFILE", "sts");
    expect_ok(__LINE__, "id-ali", "s3cr3t-ali", "t0k3n-ali");
}

static void test_env_partial(void)
{
    reset();
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", "id-env");
    env_set(&env, "ALICLOUD_ACCESS_KEY", "id-ali");
    env_set(&env, "ALICLOUD_SECRET_KEY", "s3cr3t-ali");
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set");

    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", NULL);
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cr3t-env");
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_ACCESS_KEY_ID is not set");

    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", NULL);
    env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", "t0k3n-env");
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_SECURITY_TOKEN is set");

    env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", NULL);
    env_set(&env, "ALICLOUD_SECRET_KEY", NULL);
    expect_err(__LINE__, "InvalidCredentials");
    CHECK_HAS(err.message, "ALICLOUD_SECRET_KEY is not set");
}

static void test_config_json(void)
{
    reset();
    expect_ok(__LINE__, "id-cfg-main", "s3cr3t-cfg-main", NULL); /* "current" */
    CHECK_HAS(cred.source, "profile 'main'");
    CHECK_HAS(cred.source, cfg_path);
    CHECK_STR(cred.region, "cn-shanghai");

    env_set(&env, "ALIBABA_CLOUD_PROFILE", "sts"); /* the environment's profile */
    expect_ok(__LINE__, "STS.id-cfg", "s3cr3t-cfg-sts", "t0k3n-cfg-sts");
    CHECK_HAS(cred.source, "profile 'sts' (mode StsToken)");
    CHECK_STR(cred.region, "cn-beijing");

    opts.profile = "lower"; /* the option beats ALIBABA_CLOUD_PROFILE; modes ignore case */
    expect_ok(__LINE__, "id-cfg-lower", "s3cr3t-cfg-lower", NULL);
    CHECK(cred.region == NULL);

    opts.profile = "guess-ak";
    expect_ok(__LINE__, "id-cfg-guess", "s3cr3t-cfg-guess", NULL);
    CHECK_HAS(cred.source, "(mode AK)");
    opts.profile = "guess-sts";
    expect_ok(__LINE__, "id-cfg-gsts", "s3cr3t-cfg-gsts", "t0k3n-cfg-gsts");

    /* config.json beats the INI file, which also has [main]. */
    opts.profile = "main";
    expect_ok(__LINE__, "id-cfg-main", "s3cr3t-cfg-main", NULL);

    /* A file with no current falls back to "default"; missing there, on to the INI. */
    home_file(".aliyun/config.json", "{\"profiles\": []}");
    opts.profile = NULL;
    env_set(&env, "ALIBABA_CLOUD_PROFILE", NULL);
    expect_ok(__LINE__, "id-ini-default", "s3cr3t-ini-default", NULL);
}

static void test_config_errors(void)
{
    static const struct {
        const char *profile, *want1, *want2;
    } cases[] = {
        /* the other supported modes: tests/unit/test_cred_providers.c */
        {"sso", "mode CloudSSO, which apigw-lua does not support",
         "supported modes: AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC"},
        {"weird", "unknown mode 'Telepathy'", "profile 'weird'"},
        {"half", "(mode AK) has no access_key_secret", "profile 'half'"},
        {"sts-no-token", "(mode StsToken) has no sts_token", "profile 'sts-no-token'"},
        {"numkey", "\"access_key_id\" is not a string", "profile 'numkey'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset();
        opts.profile = cases[i].profile;
        expect_err(__LINE__, "InvalidProfile");
        CHECK_HAS(err.message, cases[i].want1);
        CHECK_HAS(err.message, cases[i].want2);
        CHECK_HAS(err.message, cfg_path);
    }

    reset();
    home_file(".aliyun/config.json", "{\n  \"current\": \"main\",\n  \"profiles\": [ {,\n");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, cfg_path);
    CHECK_HAS(err.message, "not valid JSON");
    CHECK_HAS(err.message, "line 3");

    home_file(".aliyun/config.json", "{\"profiles\": [{\"name\": \"x\", "
                                     "\"access_key_secret\": \"s3cr3t-cut");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "not valid JSON");

    home_file(".aliyun/config.json", "  \n");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "is empty");

    home_file(".aliyun/config.json", "[1, 2]");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "top level");

    home_file(".aliyun/config.json", "{\"profiles\": {}}");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "\"profiles\" is not an array");

    home_file(".aliyun/config.json", "{\"current\": \"gone\", \"profiles\": []}");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "\"current\" is 'gone'");

    /* A directory where the file should be. */
    home_file(".aliyun/config.json", NULL);
    CHECK(mkdir(cfg_path, 0700) == 0);
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "is a directory");
    rmdir(cfg_path);
}

static void test_ini(void)
{
    reset();
    home_file(".aliyun/config.json", NULL);
    expect_ok(__LINE__, "id-ini-default", "s3cr3t-ini-default", NULL);
    CHECK_HAS(cred.source, "section [default]");
    CHECK_HAS(cred.source, ini_path);
    CHECK(cred.region == NULL);

    env_set(&env, "ALIBABA_CLOUD_PROFILE", "deploy");
    expect_ok(__LINE__, "id-ini-deploy", "s3cr3t-ini-deploy", NULL); /* "; tail" stripped */

    /* A profile named but absent from config.json is looked up in the INI file. */
    reset();
    opts.profile = "deploy";
    expect_ok(__LINE__, "id-ini-deploy", "s3cr3t-ini-deploy", NULL);

    static const struct {
        const char *section, *want;
    } cases[] = {
        {"rsa", "type = rsa_key_pair, which apigw-lua does not support"},
        {"notype", "section [notype] has no 'type'"},
        {"oddtype", "unknown type 'magic'"},
        {"nosecret", "has no access_key_secret"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset();
        home_file(".aliyun/config.json", NULL);
        env_set(&env, "ALIBABA_CLOUD_PROFILE", cases[i].section);
        expect_err(__LINE__, "InvalidProfile");
        CHECK_HAS(err.message, cases[i].want);
        CHECK_HAS(err.message, ini_path);
    }

    reset();
    home_file(".aliyun/config.json", NULL);
    home_file(".alibabacloud/credentials", "[default]\ntype = access_key\n"
                                           "access_key_id = a\n"
                                           "s3cr3t-pasted-without-a-key\n");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, ini_path);
    CHECK_HAS(err.message, "line 4");

    home_file(".alibabacloud/credentials", "\n\n[default\n");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "line 3: section header has no closing ']'");

    /* An unbalanced quote is a syntax error with its line, not part of the key sent. */
    home_file(".alibabacloud/credentials", "[default]\ntype = access_key\n"
                                           "access_key_id = \"LTAIid\n"
                                           "access_key_secret = s3cr3t-q\n");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "line 3: the value's opening quote has no closing quote");

    /* CR-only line endings read as lines; the secret never reaches a message. */
    home_file(".alibabacloud/credentials",
              "[default]\rtype = access_key\r"
              "access_key_id = id-cr\raccess_key_secret = s3cr3t-cr\r");
    expect_ok(__LINE__, "id-cr", "s3cr3t-cr", NULL);
    home_file(".alibabacloud/credentials",
              "[default]\rtype = acces_key\r"
              "access_key_id = id-cr\raccess_key_secret = s3cr3t-cr\r");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "unknown type 'acces_key'");
    /* A type that is not a type name is not quoted: it may be a pasted secret. */
    home_file(".alibabacloud/credentials", "[default]\ntype = access_key s3cr3t-pasted\n"
                                           "access_key_id = id\naccess_key_secret = s3cr3t-x\n");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "has an unknown type (not shown");
}

static void test_overrides(void)
{
    reset();
    char alt_cfg[512], alt_ini[512];
    snprintf(alt_cfg, sizeof alt_cfg, "%s",
             home_file("elsewhere/cfg.json",
                       "{\"current\": \"x\", \"profiles\": [{\"name\": \"x\", \"mode\": \"AK\", "
                       "\"access_key_id\": \"id-alt\", \"access_key_secret\": \"s3cr3t-alt\"}]}"));
    snprintf(alt_ini, sizeof alt_ini, "%s",
             home_file("elsewhere/creds",
                       "[default]\ntype = access_key\naccess_key_id = id-alt-ini\n"
                       "access_key_secret = s3cr3t-alt-ini\n"));
    env_set(&env, "ALIBABA_CLOUD_CONFIG_FILE", alt_cfg);
    expect_ok(__LINE__, "id-alt", "s3cr3t-alt", NULL);
    CHECK_HAS(cred.source, alt_cfg);

    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
    expect_ok(__LINE__, "id-ini-default", "s3cr3t-ini-default", NULL);
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_FILE", alt_ini);
    expect_ok(__LINE__, "id-alt-ini", "s3cr3t-alt-ini", NULL);
    CHECK_HAS(cred.source, alt_ini);

    /* Any other value than true (case-insensitive) leaves config.json on. */
    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "TRUE");
    expect_ok(__LINE__, "id-alt-ini", "s3cr3t-alt-ini", NULL);
    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "false");
    expect_ok(__LINE__, "id-alt", "s3cr3t-alt", NULL);

    /* A path named by the environment must exist. */
    env_set(&env, "ALIBABA_CLOUD_CONFIG_FILE", "/nonexistent/agw/cfg.json");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_CONFIG_FILE names /nonexistent/agw/cfg.json");
    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_FILE", "/nonexistent/agw/creds");
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_CREDENTIALS_FILE names /nonexistent/agw/creds");
}

static void test_missing_profile(void)
{
    reset();
    opts.profile = "nowhere";
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "profile 'nowhere' (from the profile option) was not found");
    CHECK_HAS(err.message, cfg_path);
    CHECK_HAS(err.message, ini_path);
    CHECK_HAS(err.message, "section [nowhere]");

    opts.profile = NULL;
    env_set(&env, "ALIBABA_CLOUD_PROFILE", "nowhere");
    home_file(".alibabacloud/credentials", NULL);
    expect_err(__LINE__, "InvalidProfile");
    CHECK_HAS(err.message, "(from ALIBABA_CLOUD_PROFILE)");
    CHECK_HAS(err.message, "file not found");
}

static void test_no_credentials(void)
{
    reset();
    home_file(".aliyun/config.json", NULL);
    home_file(".alibabacloud/credentials", NULL);
    expect_err(__LINE__, "NoCredentials");
    static const char *places[] = {
        "explicit options",
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
        "ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (not set)",
        "config.json (file not found)",
        "section [default] in ",
        "credentials (file not found)",
    };
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        CHECK_HAS(err.message, places[i]);
    CHECK_HAS(err.message, cfg_path);
    CHECK_HAS(err.message, ini_path);

    /* Files exist but have neither the profile nor the section. */
    home_file(".aliyun/config.json", "{\"profiles\": [{\"name\": \"other\"}]}");
    home_file(".alibabacloud/credentials", "[other]\ntype = access_key\n");
    expect_err(__LINE__, "NoCredentials");
    CHECK_HAS(err.message, "profile 'default' in ");
    CHECK_HAS(err.message, "(no such profile)");
    CHECK_HAS(err.message, "(no such section)");

    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
    expect_err(__LINE__, "NoCredentials");
    CHECK_HAS(err.message, "skipped: ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true");

    /* No HOME in a fake environment: no fallback to the real home directory. */
    memset(&env, 0, sizeof env);
    expect_err(__LINE__, "NoCredentials");
    CHECK_HAS(err.message, "~/.alibabacloud/credentials (HOME is not set)");
}

/* The real environment (getenv_fn NULL or agw_cred_sys_getenv), kept hermetic by
 * pointing this process's own HOME at the temporary directory. */
static void test_process_env(void)
{
    static const char *vars[] = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
        "ALICLOUD_ACCESS_KEY",
        "ALICLOUD_SECRET_KEY",
        "ALICLOUD_SECURITY_TOKEN",
        "ALIBABA_CLOUD_PROFILE",
        "ALIBABA_CLOUD_CONFIG_FILE",
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
    };
    reset();
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    CHECK(setenv("HOME", tmp_home, 1) == 0);
    agw_cred_free(&cred);
    CHECK(agw_cred_resolve(&opts, NULL, NULL, &cred, &err) == 0);
    CHECK_STR(cred.access_key_id, "id-cfg-main");
    agw_cred_free(&cred);
    CHECK(setenv("ALIBABA_CLOUD_PROFILE", "deploy", 1) == 0);
    CHECK(agw_cred_resolve(&opts, agw_cred_sys_getenv, NULL, &cred, &err) == 0);
    CHECK_STR(cred.access_key_id, "id-ini-deploy");
    CHECK_STR(agw_cred_sys_getenv("ALIBABA_CLOUD_PROFILE", NULL), "deploy");
    unsetenv("ALIBABA_CLOUD_PROFILE");
}

int main(void)
{
    home_make();
    test_explicit();
    test_env();
    test_env_partial();
    test_config_json();
    test_config_errors();
    test_ini();
    test_overrides();
    test_missing_profile();
    test_no_credentials();
    test_process_env();
    agw_cred_free(&cred);
    agw_cred_free(NULL);
    return test_summary("test_cred_chain");
}
