/* Region precedence and validation of agw_cred_region. */
#include "test_cred_util.h"

#include "cred.h"

static struct fake_env env;
static struct agw_cred_options opts;
static struct agw_err err;
static char *region;

static void reset(void)
{
    memset(&env, 0, sizeof env);
    memset(&opts, 0, sizeof opts);
    env_set(&env, "HOME", tmp_home);
    home_file(".aliyun/config.json",
              "{\"current\": \"main\", \"profiles\": ["
              "{\"name\": \"main\", \"mode\": \"AK\", \"access_key_id\": \"i\", "
              "\"access_key_secret\": \"s3cr3t-r\", \"region_id\": \"cn-shanghai\"},"
              "{\"name\": \"role\", \"mode\": \"RamRoleArn\", \"region_id\": \"eu-central-1\"},"
              "{\"name\": \"bad\", \"mode\": \"AK\", \"region_id\": \"Cn-Hangzhou\"},"
              "{\"name\": \"noregion\", \"mode\": \"AK\"}]}");
}

static const char *get(void)
{
    free(region);
    memset(&err, 0, sizeof err);
    region = agw_cred_region(&opts, fake_getenv, &env, &err);
    CHECK_NO_SECRET(err.message);
    if (!region) CHECK(err.kind == AGW_ERR_CONFIG);
    return region;
}

static void test_precedence(void)
{
    reset();
    opts.region = "ap-southeast-1";
    env_set(&env, "ALIBABA_CLOUD_REGION_ID", "cn-hangzhou");
    env_set(&env, "ALICLOUD_REGION", "cn-beijing");
    env_set(&env, "ALIBABA_CLOUD_REGION", "cn-shenzhen");
    CHECK_STR(get(), "ap-southeast-1");
    opts.region = NULL;
    CHECK_STR(get(), "cn-hangzhou");
    env_set(&env, "ALIBABA_CLOUD_REGION_ID", "");
    CHECK_STR(get(), "cn-beijing");
    env_set(&env, "ALICLOUD_REGION", NULL);
    CHECK_STR(get(), "cn-shenzhen");
    env_set(&env, "ALIBABA_CLOUD_REGION", NULL);
    CHECK_STR(get(), "cn-shanghai"); /* current profile */
    env_set(&env, "ALIBABA_CLOUD_PROFILE", "role");
    CHECK_STR(get(), "eu-central-1"); /* the mode does not matter for the region */
    opts.profile = "main";
    CHECK_STR(get(), "cn-shanghai");

    /* The region of the profile, even when the credentials come from elsewhere. */
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", "id-env");
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cr3t-env");
    CHECK_STR(get(), "cn-shanghai");
}

static void test_invalid(void)
{
    static const char *bad[] = {
        "cn hangzhou",
        "CN-HANGZHOU",
        "",
        "cn_hangzhou",
        "cn-hangzhou\n",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    reset();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        opts.region = bad[i];
        CHECK(get() == NULL);
        CHECK_STR(err.code, "InvalidRegion");
        CHECK_HAS(err.message, "the region option");
    }
    opts.region = "cn hangzhou";
    CHECK(get() == NULL);
    CHECK_HAS(err.message, "region 'cn hangzhou'");

    opts.region = NULL;
    env_set(&env, "ALICLOUD_REGION", "cn hangzhou");
    CHECK(get() == NULL);
    CHECK_STR(err.code, "InvalidRegion");
    CHECK_HAS(err.message, "ALICLOUD_REGION");

    env_set(&env, "ALICLOUD_REGION", NULL);
    opts.profile = "bad";
    CHECK(get() == NULL);
    CHECK_STR(err.code, "InvalidRegion");
    CHECK_HAS(err.message, "profile 'bad'");
    CHECK_HAS(err.message, ".aliyun/config.json");
}

static void test_none(void)
{
    reset();
    opts.profile = "noregion";
    CHECK(get() == NULL);
    CHECK_STR(err.code, "NoRegion");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_REGION_ID");
    CHECK_HAS(err.message, "ALICLOUD_REGION");
    CHECK_HAS(err.message, "region_id of profile 'noregion'");
    CHECK_HAS(err.message, "(not set)");

    opts.profile = "missing";
    CHECK(get() == NULL);
    CHECK_STR(err.code, "NoRegion");
    CHECK_HAS(err.message, "(no such profile)");

    opts.profile = NULL;
    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
    CHECK(get() == NULL);
    CHECK_STR(err.code, "NoRegion");
    CHECK_HAS(err.message, "skipped");

    env_set(&env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", NULL);
    home_file(".aliyun/config.json", NULL);
    CHECK(get() == NULL);
    CHECK_HAS(err.message, "file not found");

    home_file(".aliyun/config.json", "{oops");
    CHECK(get() == NULL);
    CHECK_STR(err.code, "InvalidProfile");
}

int main(void)
{
    home_make();
    test_precedence();
    test_invalid();
    test_none();
    free(region);
    return test_summary("test_cred_region");
}
