/* Where STS calls go (agw_cred_sts_url, spec credentials.md §3.1) and the parsing of any
 * credential endpoint given as host or URL (agw_cred_url_parse). Each table line gives the
 * inputs and the URL expected, or the error code and the start of its message. */
#include "test_cred_util.h"

#include "sts.h"

static const struct {
    const char *explicit_ep, *profile_ep, *profile_region;
    int vpc;
    const char *api_region;
    const char *env_ep, *env_region, *env_vpc;
    const char *want;  /* the URL, or the error code */
    const char *where; /* NULL for a URL; else a part of the message */
} cases[] = {
    /* no endpoint, no region: the global one */
    {NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, "https://sts.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 0, "cn-hangzhou", NULL, NULL, NULL, "https://sts.aliyuncs.com/", NULL},
    /* a region: ALIBABA_CLOUD_STS_REGION beats the profile's sts_region */
    {NULL, NULL, NULL, 0, NULL, NULL, "cn-hangzhou", NULL, "https://sts.cn-hangzhou.aliyuncs.com/",
     NULL},
    {NULL, NULL, "cn-beijing", 0, NULL, NULL, NULL, NULL, "https://sts.cn-beijing.aliyuncs.com/",
     NULL},
    {NULL, NULL, "cn-beijing", 0, NULL, NULL, "cn-hangzhou", NULL,
     "https://sts.cn-hangzhou.aliyuncs.com/", NULL},
    {NULL, NULL, "cn-beijing", 0, NULL, NULL, "", NULL, "https://sts.cn-beijing.aliyuncs.com/",
     NULL},
    /* VPC: sts-vpc, with the API region when no STS region is given */
    {NULL, NULL, NULL, 1, "cn-shanghai", NULL, NULL, NULL,
     "https://sts-vpc.cn-shanghai.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 1, "cn-shanghai", NULL, "cn-hangzhou", NULL,
     "https://sts-vpc.cn-hangzhou.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 1, NULL, NULL, NULL, NULL, "https://sts.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 0, "cn-shanghai", NULL, NULL, "true",
     "https://sts-vpc.cn-shanghai.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 0, NULL, NULL, "cn-qingdao", "TRUE",
     "https://sts-vpc.cn-qingdao.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 0, "cn-shanghai", NULL, NULL, "1", "https://sts.aliyuncs.com/", NULL},
    {NULL, NULL, NULL, 0, "cn-shanghai", NULL, NULL, "false", "https://sts.aliyuncs.com/", NULL},
    /* an endpoint: explicit > ALIBABA_CLOUD_STS_ENDPOINT > the profile's, whatever the region */
    {"sts.example.com", "p.example.com", "cn-beijing", 1, "cn-shanghai", "e.example.com",
     "cn-hangzhou", "true", "https://sts.example.com/", NULL},
    {NULL, "p.example.com", "cn-beijing", 1, "cn-shanghai", "e.example.com", "cn-hangzhou", "true",
     "https://e.example.com/", NULL},
    {NULL, "p.example.com", "cn-beijing", 1, "cn-shanghai", "", "cn-hangzhou", "true",
     "https://p.example.com/", NULL},
    /* forms of an endpoint */
    {"https://sts.example.com/", NULL, NULL, 0, NULL, NULL, NULL, NULL, "https://sts.example.com/",
     NULL},
    {"HTTPS://sts.example.com//", NULL, NULL, 0, NULL, NULL, NULL, NULL, "https://sts.example.com/",
     NULL},
    {"sts.example.com:8443", NULL, NULL, 0, NULL, NULL, NULL, NULL, "https://sts.example.com:8443/",
     NULL},
    {"10.0.0.7", NULL, NULL, 0, NULL, NULL, NULL, NULL, "https://10.0.0.7/", NULL},
    {"[fd00::7]:443", NULL, NULL, 0, NULL, NULL, NULL, NULL, "https://[fd00::7]:443/", NULL},
    {NULL, NULL, NULL, 0, NULL, "http://127.0.0.1:38001", NULL, NULL, "http://127.0.0.1:38001/",
     NULL},
    {"http://localhost", NULL, NULL, 0, NULL, NULL, NULL, NULL, "http://localhost/", NULL},
    {"http://LocalHost:9/", NULL, NULL, 0, NULL, NULL, NULL, NULL, "http://LocalHost:9/", NULL},
    {"http://[::1]:9", NULL, NULL, 0, NULL, NULL, NULL, NULL, "http://[::1]:9/", NULL},
    /* refused, naming where the value came from */
    {"http://sts.example.com", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "the sts_endpoint option 'http://sts.example.com': plain http is accepted only for a "
     "loopback address"},
    {NULL, NULL, NULL, 0, NULL, "http://127.0.0.2", NULL, NULL, "InvalidEndpoint",
     "ALIBABA_CLOUD_STS_ENDPOINT 'http://127.0.0.2': plain http"},
    {NULL, NULL, NULL, 0, NULL, "http://localhost.example.com", NULL, NULL, "InvalidEndpoint",
     "plain http is accepted only"},
    {NULL, "sts.example.com/path", NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "the profile's sts_endpoint 'sts.example.com/path' is not a host, host:port or URL without "
     "a path"},
    {"https://sts.example.com/?x=1", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"ftp://sts.example.com", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"https://", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint", "is not a host"},
    {":443", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint", "is not a host"},
    {"sts.example.com:", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint", "is not a host"},
    {"sts.example.com:44x", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"sts.example.com:123456", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"sts.example.com:65536", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"sts.example.com:0", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"[::1", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint", "is not a host"},
    {"user@sts.example.com", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "is not a host"},
    {"sts.example.com\r\nX: y", NULL, NULL, 0, NULL, NULL, NULL, NULL, "InvalidEndpoint",
     "'sts.example.com??X: y' is not a host"},
    /* a bad region, naming where it came from */
    {NULL, NULL, NULL, 0, NULL, NULL, "Cn-Hangzhou", NULL, "InvalidRegion",
     "STS region 'Cn-Hangzhou' (from ALIBABA_CLOUD_STS_REGION) is not valid"},
    {NULL, NULL, "cn_beijing", 0, NULL, NULL, NULL, NULL, "InvalidRegion",
     "(from the profile's sts_region)"},
    {NULL, NULL, NULL, 1, "a.b", NULL, NULL, NULL, "InvalidRegion", "(from the region)"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fake_env env;
        memset(&env, 0, sizeof env);
        if (cases[i].env_ep) env_set(&env, "ALIBABA_CLOUD_STS_ENDPOINT", cases[i].env_ep);
        if (cases[i].env_region) env_set(&env, "ALIBABA_CLOUD_STS_REGION", cases[i].env_region);
        if (cases[i].env_vpc) env_set(&env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", cases[i].env_vpc);
        char url[320] = "unchanged";
        struct agw_err err;
        agw_err_clear(&err);
        int rc = agw_cred_sts_url(cases[i].explicit_ep, cases[i].profile_ep,
                                  cases[i].profile_region, cases[i].vpc, cases[i].api_region,
                                  fake_getenv, &env, url, sizeof url, &err);
        if (!cases[i].where) {
            CHECKF(rc == 0, "case %zu refused: %s", i, err.message);
            CHECKF(strcmp(url, cases[i].want) == 0, "case %zu: got %s, want %s", i, url,
                   cases[i].want);
        } else {
            CHECKF(rc == -1, "case %zu accepted as %s", i, url);
            CHECK(err.kind == AGW_ERR_CONFIG);
            CHECKF(strcmp(err.code, cases[i].want) == 0, "case %zu: code %s", i, err.code);
            CHECKF(strstr(err.message, cases[i].where) != NULL, "case %zu:\n  got:  %s\n  want: %s",
                   i, err.message, cases[i].where);
        }
    }

    /* A URL that does not fit the caller's buffer is an error, not a cut URL. */
    char small[16];
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_cred_sts_url("sts.example-long-name.com", NULL, NULL, 0, NULL, fake_getenv,
                           &(struct fake_env){0}, small, sizeof small, &err) == -1);
    CHECK_STR(err.code, "InvalidEndpoint");
    agw_err_clear(&err);
    CHECK(agw_cred_url_parse("http://127.0.0.1:1", "X", small, sizeof small, &err) == -1);
    CHECK_HAS(err.message, "X is too long");
    char out[64];
    CHECK(agw_cred_url_parse("http://127.0.0.1:1/", "X", out, sizeof out, &err) == 0);
    CHECK_STR(out, "http://127.0.0.1:1"); /* no trailing '/' from url_parse */
    return test_summary("test_cred_sts");
}
