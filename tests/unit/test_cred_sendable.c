/* An AccessKeyId or security token that cannot travel in a request is refused when the
 * credentials are resolved, naming where it came from, never quoting the token. Found by
 * tests/fuzz/fuzz_sign.c: an id with a space or a comma was signed, but the V3
 * Authorization value ("Credential=<id>,SignedHeaders=...") cannot carry it, so the service
 * refused every call with IncompleteSignature; a CR or LF would split the request's headers. */
#include "test_cred_util.h"

#include "cred.h"

/* Resolves with only the given environment variables (no HOME: no files are read). */
static int resolve_env(const char *id, const char *secret, const char *token, struct agw_err *err)
{
    struct fake_env env = {{{NULL, NULL}}};
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_ID", id);
    env_set(&env, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
    if (token) env_set(&env, "ALIBABA_CLOUD_SECURITY_TOKEN", token);
    struct agw_cred c;
    agw_err_clear(err);
    int rc = agw_cred_resolve(NULL, fake_getenv, &env, &c, err);
    agw_cred_free(&c);
    CHECK_NO_SECRET(err->message);
    return rc;
}

static struct agw_err err;

static void refused_id(const char *id, const char *what)
{
    CHECKF(resolve_env(id, "s3cr3t", NULL, &err) == -1, "id with %s accepted", what);
    CHECK_STR(err.code, "InvalidCredentials");
    CHECK(err.kind == AGW_ERR_CONFIG);
    CHECK_HAS(err.message, "AccessKeyId");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_ACCESS_KEY_ID");
}

static void refused_token(const char *token, const char *what)
{
    CHECKF(resolve_env("STS.id", "s3cr3t", token, &err) == -1, "token with %s accepted", what);
    CHECK_STR(err.code, "InvalidCredentials");
    CHECK_HAS(err.message, "security token");
    CHECK_HAS(err.message, "ALIBABA_CLOUD_SECURITY_TOKEN");
}

int main(void)
{
    CHECK(resolve_env("LTAI5tAbc.09_-~+/=", "s3cr3t any bytes \x01\xff", NULL, &err) == 0);
    CHECK(resolve_env("STS.NUx", "s3cr3t", "t0k3n+/=,.:CAIS", &err) == 0);

    refused_id("LTAI abc", "a space");
    CHECK_HAS(err.message, "0x20 at offset 4");
    refused_id("LTAI,abc", "a comma");
    refused_id("LTAIabc\r\nX-Injected: 1", "CR LF");
    refused_id("LTAI\tabc", "a tab");
    refused_id("LTAI\xe4\xb8\xad", "a non-ASCII byte");
    refused_id("LTAI\x7f", "DEL");

    refused_token("t0k3n\r\nX-Injected: 1", "CR LF");
    CHECK_HAS(err.message, "offset 5");
    refused_token("t0k3n with space", "a space");
    refused_token("t0k3n\xff", "a non-ASCII byte");

    /* explicit options go through the same check */
    struct agw_cred_options o = {.access_key_id = "id ", .access_key_secret = "s3cr3t"};
    struct agw_cred c;
    agw_err_clear(&err);
    CHECK(agw_cred_resolve(&o, fake_getenv, &(struct fake_env){{{NULL, NULL}}}, &c, &err) == -1);
    CHECK_STR(err.code, "InvalidCredentials");
    CHECK_HAS(err.message, "explicit options");
    agw_cred_free(&c);
    return test_summary("test_cred_sendable");
}
