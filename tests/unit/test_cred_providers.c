/* The chain's provider steps (runtime/cred/provider.c) through agw_cred_resolve, with a
 * temporary HOME and a fake environment: every config.json mode and INI type that makes a
 * provider, the environment's role, OIDC, ECS and URI steps, the client's role_arn option,
 * and their errors. A provider is written as its chain, outermost first, one word per node:
 *   role(<arn>,<session>)  oidc(<arn>,<provider>,<file>)  ecs(<role or *>)  uri(<uri>)
 *   process(<command>)  static(<id>)
 * joined by " > " (a role's base follows it). Every secret holds "s3cr3t" and every token
 * "t0k3n"; no message or source may quote one. */
#include "test_cred_util.h"

#include "cred.h"

#define ROLE "acs:ram::1:role/r"
#define PROV "acs:ram::1:oidc-provider/p"

static const char *CONFIG =
    "{\"current\": \"ak\", \"profiles\": [\n"
    "{\"name\": \"ak\", \"mode\": \"AK\", \"access_key_id\": \"id-ak\","
    " \"access_key_secret\": \"s3cr3t-ak\"},\n"
    "{\"name\": \"sts\", \"mode\": \"StsToken\", \"access_key_id\": \"STS.id\","
    " \"access_key_secret\": \"s3cr3t-sts\", \"sts_token\": \"t0k3n-sts\"},\n"
    "{\"name\": \"role\", \"mode\": \"RamRoleArn\", \"access_key_id\": \"id-role\","
    " \"access_key_secret\": \"s3cr3t-role\", \"ram_role_arn\": \"" ROLE "\","
    " \"ram_session_name\": \"sess\", \"policy\": \"{}\", \"external_id\": \"ext-1\","
    " \"expired_seconds\": 900, \"sts_region\": \"cn-beijing\","
    " \"sts_endpoint\": \"sts.example.com\", \"region_id\": \"cn-shanghai\"},\n"
    "{\"name\": \"role-nokey\", \"mode\": \"RamRoleArn\", \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"c2\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"role\","
    " \"ram_role_arn\": \"acs:ram::1:role/c2\", \"ram_session_name\": \"s2\"},\n"
    "{\"name\": \"c3\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"c2\","
    " \"ram_role_arn\": \"acs:ram::1:role/c3\"},\n"
    "{\"name\": \"over-sts\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"sts\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"over-ecs\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"ecs\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"over-oidc\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"oidc\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"self\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"self\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"x1\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"x2\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"x2\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"x3\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"x3\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"x1\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"dangling\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"nowhere\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"over-bad\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": "
    "\"role-nokey\","
    " \"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d1\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d2\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d2\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d3\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d3\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d4\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d4\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d5\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d5\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d6\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d6\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d7\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d7\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"d8\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"d8\", \"mode\": \"ChainableRamRoleArn\", \"source_profile\": \"ak\", "
    "\"ram_role_arn\": \"" ROLE "\"},\n"
    "{\"name\": \"ecs\", \"mode\": \"EcsRamRole\", \"ram_role_name\": \"EcsRole\","
    " \"region_id\": \"cn-qingdao\"},\n"
    "{\"name\": \"ecs-any\", \"mode\": \"EcsRamRole\"},\n"
    "{\"name\": \"oidc\", \"mode\": \"OIDC\", \"ram_role_arn\": \"" ROLE "\","
    " \"oidc_provider_arn\": \"" PROV "\", \"oidc_token_file\": \"/var/run/token\","
    " \"ram_session_name\": \"o-s\", \"sts_region\": \"cn-hangzhou\"},\n"
    "{\"name\": \"oidc-half\", \"mode\": \"OIDC\", \"ram_role_arn\": \"" ROLE "\","
    " \"oidc_token_file\": \"/var/run/token\"},\n"
    "{\"name\": \"uri\", \"mode\": \"CredentialsURI\", \"credentials_uri\": "
    "\"http://127.0.0.1:9/c\"},\n"
    "{\"name\": \"uri-env\", \"mode\": \"CredentialsURI\"},\n"
    "{\"name\": \"ext\", \"mode\": \"External\", \"process_command\": \"/bin/helper 'two "
    "words'\"},\n"
    "{\"name\": \"ext-none\", \"mode\": \"External\"},\n"
    "{\"name\": \"guess-ecs\", \"ram_role_name\": \"G\"},\n"
    "{\"name\": \"guess-ext\", \"process_command\": \"h\"}\n"
    "]}\n";

static const char *INI = "[ini-role]\n"
                         "type = ram_role_arn\n"
                         "access_key_id = id-ini\n"
                         "access_key_secret = s3cr3t-ini\n"
                         "role_arn = " ROLE "\n"
                         "role_session_name = ini-s\n"
                         "policy = {\"Statement\":[]}\n"
                         "[ini-role-nokey]\n"
                         "type = ram_role_arn\n"
                         "role_arn = " ROLE "\n"
                         "[ini-role-noarn]\n"
                         "type = ram_role_arn\n"
                         "access_key_id = id-ini\n"
                         "access_key_secret = s3cr3t-ini\n"
                         "[ini-ecs]\n"
                         "type = ecs_ram_role\n"
                         "role_name = IniEcs\n"
                         "[ini-ecs-any]\n"
                         "type = ecs_ram_role\n"
                         "[ini-oidc]\n"
                         "type = oidc_role_arn\n"
                         "role_arn = " ROLE "\n"
                         "oidc_provider_arn = " PROV "\n"
                         "oidc_token_file_path = /t/f\n"
                         "role_session_name = ini-o\n"
                         "[ini-oidc-half]\n"
                         "type = oidc_role_arn\n"
                         "role_arn = " ROLE "\n"
                         "oidc_token_file_path = /t/f\n";

static struct fake_env env;
static struct agw_cred_options opts;
static struct agw_cred cred;
static struct agw_err err;

static void reset(void)
{
    agw_cred_free(&cred);
    memset(&env, 0, sizeof env);
    memset(&opts, 0, sizeof opts);
    env_set(&env, "HOME", tmp_home);
    home_file(".aliyun/config.json", CONFIG);
    home_file(".alibabacloud/credentials", INI);
}

/* The chain as the header comment writes it. */
static void describe(const struct agw_cred *n, char *out, size_t cap)
{
    out[0] = '\0';
    for (; n; n = n->base) {
        size_t l = strlen(out);
        const char *sep = l ? " > " : "";
        switch (n->kind) {
        case AGW_CRED_STATIC:
            snprintf(out + l, cap - l, "%sstatic(%s)", sep, n->access_key_id);
            break;
        case AGW_CRED_RAM_ROLE:
            snprintf(out + l, cap - l, "%srole(%s,%s)", sep, n->role_arn,
                     n->session_name ? n->session_name : "-");
            break;
        case AGW_CRED_OIDC:
            snprintf(out + l, cap - l, "%soidc(%s,%s,%s)", sep, n->role_arn, n->oidc_provider_arn,
                     n->oidc_token_file);
            break;
        case AGW_CRED_ECS:
            snprintf(out + l, cap - l, "%secs(%s)", sep, n->role_name ? n->role_name : "*");
            break;
        case AGW_CRED_URI:
            snprintf(out + l, cap - l, "%suri(%s)", sep, n->uri);
            break;
        case AGW_CRED_PROCESS:
            snprintf(out + l, cap - l, "%sprocess(%s)", sep, n->command);
            break;
        }
    }
}

static int resolve(void)
{
    agw_cred_free(&cred);
    memset(&err, 0, sizeof err);
    int rc = agw_cred_resolve(&opts, fake_getenv, &env, &cred, &err);
    CHECK_NO_SECRET(err.message);
    for (const struct agw_cred *n = &cred; rc == 0 && n; n = n->base)
        CHECK_NO_SECRET(n->source);
    return rc;
}

/* want: the chain, or (starting with '!') the error code, then '|' and a part of the
 * message; the source of the outermost node must contain source when given. */
static void expect(int line, const char *want, const char *source)
{
    int rc = resolve();
    if (want[0] == '!') {
        const char *bar = strchr(want, '|');
        size_t cl = (size_t)(bar - want - 1);
        CHECKF(rc == -1, "line %d: accepted", line);
        CHECKF(strlen(err.code) == cl && strncmp(err.code, want + 1, cl) == 0,
               "line %d: code %s, want %.*s (%s)", line, err.code, (int)cl, want + 1, err.message);
        CHECKF(strstr(err.message, bar + 1) != NULL, "line %d:\n  got:  %s\n  want: %s", line,
               err.message, bar + 1);
        CHECK(err.kind == AGW_ERR_CONFIG);
        return;
    }
    char got[2048];
    describe(&cred, got, sizeof got);
    CHECKF(rc == 0, "line %d: %s: %s", line, err.code, err.message);
    CHECKF(strcmp(got, want) == 0, "line %d:\n  got:  %s\n  want: %s", line, got, want);
    if (source)
        CHECKF(cred.source && strstr(cred.source, source), "line %d: source %s, want %s", line,
               cred.source ? cred.source : "(null)", source);
    /* a provider has no keys until the binding fetches them */
    CHECK(cred.kind == AGW_CRED_STATIC || cred.access_key_secret == NULL);
}

static void test_profiles(void)
{
    static const struct {
        const char *profile, *want, *source;
    } cases[] = {
        {"role", "role(" ROLE ",sess) > static(id-role)", "profile 'role' (mode RamRoleArn)"},
        {"c2", "role(acs:ram::1:role/c2,s2) > role(" ROLE ",sess) > static(id-role)",
         "profile 'c2' (mode ChainableRamRoleArn)"},
        {"c3",
         "role(acs:ram::1:role/c3,-) > role(acs:ram::1:role/c2,s2) > role(" ROLE
         ",sess) > static(id-role)",
         NULL},
        {"over-sts", "role(" ROLE ",-) > static(STS.id)", NULL},
        {"over-ecs", "role(" ROLE ",-) > ecs(EcsRole)", NULL},
        {"over-oidc", "role(" ROLE ",-) > oidc(" ROLE "," PROV ",/var/run/token)", NULL},
        {"d2",
         "role(" ROLE ",-) > role(" ROLE ",-) > role(" ROLE ",-) > role(" ROLE ",-) > role(" ROLE
         ",-) > role(" ROLE ",-) > role(" ROLE ",-) > static(id-ak)",
         NULL},
        {"ecs", "ecs(EcsRole)", "profile 'ecs' (mode EcsRamRole)"},
        {"ecs-any", "ecs(*)", NULL},
        {"guess-ecs", "ecs(G)", NULL},
        {"oidc", "oidc(" ROLE "," PROV ",/var/run/token)", "profile 'oidc' (mode OIDC)"},
        {"uri", "uri(http://127.0.0.1:9/c)", "profile 'uri' (mode CredentialsURI)"},
        {"ext", "process(/bin/helper 'two words')", "profile 'ext' (mode External)"},
        {"guess-ext", "process(h)", NULL},
        /* errors, naming the profile */
        {"role-nokey",
         "!InvalidProfile|profile 'role-nokey' (mode RamRoleArn) has no "
         "access_key_id",
         NULL},
        {"self", "!InvalidProfile|source_profile makes a cycle: 'self' -> 'self'", NULL},
        {"x1", "!InvalidProfile|source_profile makes a cycle: 'x1' -> 'x2' -> 'x3' -> 'x1'", NULL},
        {"x2", "!InvalidProfile|source_profile makes a cycle: 'x2' -> 'x3' -> 'x1' -> 'x2'", NULL},
        {"dangling",
         "!InvalidProfile|profile 'dangling' names source_profile 'nowhere', which does not "
         "exist",
         NULL},
        {"over-bad", "!InvalidProfile|profile 'role-nokey' (mode RamRoleArn) has no access_key_id",
         NULL},
        {"d1", "!InvalidProfile|source_profile chains more than 8 profiles deep", NULL},
        {"oidc-half", "!InvalidProfile|profile 'oidc-half' (mode OIDC) has no oidc_provider_arn",
         NULL},
        {"uri-env",
         "!InvalidProfile|profile 'uri-env' (mode CredentialsURI) has no credentials_uri, and "
         "ALIBABA_CLOUD_CREDENTIALS_URI is not set",
         NULL},
        {"ext-none", "!InvalidProfile|profile 'ext-none' (mode External) has no process_command",
         NULL},
        /* INI types */
        {"ini-role", "role(" ROLE ",ini-s) > static(id-ini)",
         "section [ini-role] (type = ram_role_arn)"},
        {"ini-ecs", "ecs(IniEcs)", "section [ini-ecs] (type = ecs_ram_role)"},
        {"ini-ecs-any", "ecs(*)", NULL},
        {"ini-oidc", "oidc(" ROLE "," PROV ",/t/f)", "section [ini-oidc] (type = oidc_role_arn)"},
        {"ini-role-nokey",
         "!InvalidProfile|section [ini-role-nokey] (type = ram_role_arn) has no access_key_id",
         NULL},
        {"ini-role-noarn",
         "!InvalidProfile|section [ini-role-noarn] (type = ram_role_arn) has no role_arn", NULL},
        {"ini-oidc-half",
         "!InvalidProfile|section [ini-oidc-half] (type = oidc_role_arn) has no "
         "oidc_provider_arn",
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset();
        opts.profile = cases[i].profile;
        expect((int)i, cases[i].want, cases[i].source); /* "line" is the case's index here */
    }

    /* The fields a role profile carries beyond its chain. */
    reset();
    opts.profile = "role";
    expect(__LINE__, "role(" ROLE ",sess) > static(id-role)", NULL);
    CHECK_STR(cred.policy, "{}");
    CHECK_STR(cred.external_id, "ext-1");
    CHECK(cred.duration_s == 900);
    CHECK_STR(cred.sts_region, "cn-beijing");
    CHECK_STR(cred.sts_endpoint, "sts.example.com");
    CHECK_STR(cred.region, "cn-shanghai");
    CHECK(cred.base && strcmp(cred.base->access_key_secret, "s3cr3t-role") == 0);
    CHECK(cred.base && cred.base->source &&
          strstr(cred.base->source, "the AccessKey of profile "
                                    "'role'"));
    opts.profile = "oidc";
    expect(__LINE__, "oidc(" ROLE "," PROV ",/var/run/token)", NULL);
    CHECK_STR(cred.session_name, "o-s");
    CHECK_STR(cred.sts_region, "cn-hangzhou");
    opts.profile = "ecs";
    expect(__LINE__, "ecs(EcsRole)", NULL);
    CHECK_STR(cred.region, "cn-qingdao");
    CHECK(cred.imdsv1_disabled == 0 && cred.metadata_url == NULL);
    env_set(&env, "ALIBABA_CLOUD_IMDSV1_DISABLED", "True");
    env_set(&env, "APIGW_ECS_METADATA_ENDPOINT", "http://127.0.0.1:7");
    expect(__LINE__, "ecs(EcsRole)", NULL);
    CHECK(cred.imdsv1_disabled == 1);
    CHECK_STR(cred.metadata_url, "http://127.0.0.1:7");
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:9/x");
    expect(__LINE__, "ecs(EcsRole)", NULL);
    CHECK(cred.next == NULL); /* chosen by name: no fallback */
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_URI", NULL);
    opts.profile = "ini-role";
    expect(__LINE__, "role(" ROLE ",ini-s) > static(id-ini)", NULL);
    CHECK_STR(cred.policy, "{\"Statement\":[]}");
    opts.profile = "ini-oidc";
    expect(__LINE__, "oidc(" ROLE "," PROV ",/t/f)", NULL);
    CHECK_STR(cred.session_name, "ini-o");

    /* CredentialsURI without its own URI takes the environment's. */
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_URI", "https://vault.example.com/creds");
    opts.profile = "uri-env";
    expect(__LINE__, "uri(https://vault.example.com/creds)", NULL);
    opts.profile = "uri";
    expect(__LINE__, "uri(http://127.0.0.1:9/c)", NULL);

    /* ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS blocks both (1 or true, any case). */
    static const char *const on[] = {"1", "true", "TRUE"};
    for (size_t i = 0; i < 3; i++) {
        env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", on[i]);
        opts.profile = "uri";
        expect(__LINE__, "!InvalidCredentials|ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", NULL);
        CHECK_HAS(err.message, "profile 'uri' (mode CredentialsURI)");
        opts.profile = "ext";
        expect(__LINE__, "!InvalidCredentials|forbids credential URIs and external processes",
               NULL);
        CHECK_HAS(err.message, "profile 'ext' (mode External)");
    }
    env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "false");
    expect(__LINE__, "process(/bin/helper 'two words')", NULL);
    env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "0");
    expect(__LINE__, "process(/bin/helper 'two words')", NULL);
}

/* The environment's steps, in the chain's order (spec credentials.md §1.1). */
static void test_env(void)
{
    reset();
    home_file(".aliyun/config.json", NULL);
    home_file(".alibabacloud/credentials", NULL);
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", "id-env");
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cr3t-env");
    env_set(&env, "ALIBABA_CLOUD_ROLE_ARN", ROLE);
    expect(__LINE__, "role(" ROLE ",-) > static(id-env)", "ALIBABA_CLOUD_ROLE_ARN, over");
    env_set(&env, "ALIBABA_CLOUD_ROLE_SESSION_NAME", "ci-1");
    env_set(&env, "ALIBABA_CLOUD_EXTERNAL_ID", "ext-e");
    expect(__LINE__, "role(" ROLE ",ci-1) > static(id-env)", NULL);
    CHECK_STR(cred.external_id, "ext-e");
    /* a role over an STS triple keeps the token for the AssumeRole */
    env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", "t0k3n-env");
    expect(__LINE__, "role(" ROLE ",ci-1) > static(id-env)", NULL);
    CHECK(cred.base && cred.base->security_token &&
          strcmp(cred.base->security_token, "t0k3n-env") == 0);
    /* the AccessKey beats OIDC; with the provider set, ROLE_ARN belongs to OIDC */
    env_set(&env, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", PROV);
    env_set(&env, "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/token");
    expect(__LINE__, "static(id-env)", NULL);
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", NULL);
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", NULL);
    env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", NULL);
    expect(__LINE__, "oidc(" ROLE "," PROV ",/var/token)", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    CHECK_STR(cred.session_name, "ci-1");
    /* a partial trio is an error naming what is missing */
    env_set(&env, "ALIBABA_CLOUD_OIDC_TOKEN_FILE", NULL);
    expect(__LINE__, "!InvalidCredentials|ALIBABA_CLOUD_OIDC_TOKEN_FILE is not set", NULL);
    env_set(&env, "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/token");
    env_set(&env, "ALIBABA_CLOUD_ROLE_ARN", NULL);
    expect(__LINE__, "!InvalidCredentials|ALIBABA_CLOUD_ROLE_ARN is not set", NULL);
    env_set(&env, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", NULL);
    expect(__LINE__, "!InvalidCredentials|ALIBABA_CLOUD_ROLE_ARN is not set", NULL);
    /* ROLE_ARN alone: neither an AccessKey to assume it with nor an OIDC provider */
    env_set(&env, "ALIBABA_CLOUD_OIDC_TOKEN_FILE", NULL);
    env_set(&env, "ALIBABA_CLOUD_ROLE_ARN", ROLE);
    expect(__LINE__,
           "!InvalidCredentials|ALIBABA_CLOUD_ROLE_ARN is set, but there is no AccessKey in "
           "the environment",
           NULL);
    env_set(&env, "ALIBABA_CLOUD_ROLE_ARN", NULL);

    /* ECS: applies when told a role or an endpoint (off ECS in a fake environment) */
    expect(__LINE__, "!NoCredentials|ECS instance metadata (not an ECS instance", NULL);
    CHECK_HAS(err.message, "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
    env_set(&env, "ALIBABA_CLOUD_ECS_METADATA", "EnvRole");
    expect(__LINE__, "ecs(EnvRole)", "ECS instance metadata (ALIBABA_CLOUD_ECS_METADATA)");
    env_set(&env, "ALIBABA_CLOUD_ECS_METADATA", NULL);
    env_set(&env, "APIGW_ECS_METADATA_ENDPOINT", "http://127.0.0.1:8");
    expect(__LINE__, "ecs(*)", "ECS instance metadata");
    CHECK_STR(cred.metadata_url, "http://127.0.0.1:8");
    CHECK(cred.imdsv1_disabled == 0);
    env_set(&env, "ALIBABA_CLOUD_IMDSV1_DISABLED", "true");
    expect(__LINE__, "ecs(*)", NULL);
    CHECK(cred.imdsv1_disabled == 1);
    env_set(&env, "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
    expect(__LINE__,
           "!NoCredentials|ECS instance metadata (skipped: "
           "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)",
           NULL);
    /* the URI, last */
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:9/x");
    expect(__LINE__, "uri(http://127.0.0.1:9/x)", "environment (ALIBABA_CLOUD_CREDENTIALS_URI)");
    env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "1");
    expect(__LINE__,
           "!InvalidCredentials|ALIBABA_CLOUD_CREDENTIALS_URI is set, but "
           "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=1 forbids",
           NULL);
    env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", NULL);
    CHECK(cred.next == NULL);
    /* the ECS step that applies keeps the URI behind it, tried if it gives nothing (§1.1) */
    env_set(&env, "ALIBABA_CLOUD_ECS_METADATA_DISABLED", NULL);
    expect(__LINE__, "ecs(*)", "ECS instance metadata");
    CHECK(cred.next && cred.next->kind == AGW_CRED_URI);
    CHECK(cred.next && strcmp(cred.next->uri, "http://127.0.0.1:9/x") == 0);
    CHECK(cred.next && cred.next->next == NULL && cred.next->base == NULL);
    CHECK(cred.next && strstr(cred.next->source, "ALIBABA_CLOUD_CREDENTIALS_URI"));
    /* a URI refused by ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS is no fallback, and no error */
    env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "true");
    expect(__LINE__, "ecs(*)", NULL);
    CHECK(cred.next == NULL);
    env_set(&env, "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", NULL);
    /* a role over the chain keeps the fallback on its base */
    opts.role_arn = ROLE;
    expect(__LINE__, "role(" ROLE ",-) > ecs(*)", NULL);
    CHECK(cred.next == NULL && cred.base && cred.base->next &&
          cred.base->next->kind == AGW_CRED_URI);
    opts.role_arn = NULL;
    env_set(&env, "ALIBABA_CLOUD_CREDENTIALS_URI", NULL);
    expect(__LINE__, "ecs(*)", NULL);
    CHECK(cred.next == NULL);
    /* a named profile is looked for in the two files only: no ECS, no URI */
    env_set(&env, "ALIBABA_CLOUD_PROFILE", "nosuch");
    expect(__LINE__, "!InvalidProfile|profile 'nosuch' (from ALIBABA_CLOUD_PROFILE) was not found",
           NULL);
}

/* apigw.client{role_arn=...}: a role over whatever the chain found, explicit keys included. */
static void test_role_option(void)
{
    reset();
    opts.role_arn = "acs:ram::1:role/top";
    opts.role_session_name = "pb";
    opts.policy = "{\"p\":1}";
    opts.external_id = "x-id";
    opts.duration_s = 1200;
    expect(__LINE__, "role(acs:ram::1:role/top,pb) > static(id-ak)", "the role_arn option (over");
    CHECK_HAS(cred.source, "profile 'ak'");
    CHECK_STR(cred.policy, "{\"p\":1}");
    CHECK_STR(cred.external_id, "x-id");
    CHECK(cred.duration_s == 1200);
    opts.profile = "c2";
    expect(__LINE__,
           "role(acs:ram::1:role/top,pb) > role(acs:ram::1:role/c2,s2) > role(" ROLE
           ",sess) > static(id-role)",
           NULL);
    opts.profile = "ecs";
    expect(__LINE__, "role(acs:ram::1:role/top,pb) > ecs(EcsRole)", NULL);
    opts.profile = NULL;
    opts.access_key_id = "id-opt";
    opts.access_key_secret = "s3cr3t-opt";
    expect(__LINE__, "role(acs:ram::1:role/top,pb) > static(id-opt)", "explicit options");
    /* an error below is not hidden by the role */
    opts.access_key_id = NULL;
    opts.access_key_secret = NULL;
    opts.profile = "self";
    expect(__LINE__, "!InvalidProfile|source_profile makes a cycle", NULL);
}

int main(void)
{
    home_make();
    test_profiles();
    test_env();
    test_role_option();
    agw_cred_free(&cred);
    return test_summary("test_cred_providers");
}
