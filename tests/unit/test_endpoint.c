/* agw_endpoint_parse, the one parser of --endpoint, apigw.client{endpoint=} and
 * APIGW_ENDPOINT: what it accepts (scheme, Host header) and what it refuses, by name. */
#include <string.h>

#include "check.h"
#include "endpoint.h"

static const struct {
    const char *text, *scheme, *host;
} good[] = {
    {"apigateway.cn-hangzhou.aliyuncs.com", "https", "apigateway.cn-hangzhou.aliyuncs.com"},
    {"example.com:8443", "https", "example.com:8443"},
    {"https://example.com", "https", "example.com"},
    {"https://example.com/", "https", "example.com"},
    {"http://127.0.0.1:1", "http", "127.0.0.1:1"},
    {"http://127.0.0.1:65535/", "http", "127.0.0.1:65535"},
    {"HTTP://127.0.0.1:8080", "http", "127.0.0.1:8080"}, /* schemes are case-insensitive */
    {"HtTpS://Example.COM", "https", "Example.COM"},
    {"http://[::1]:8080", "http", "[::1]:8080"},
    {"http://[::1]", "http", "[::1]"},
    {"http://[::ffff:127.0.0.1]:80", "http", "[::ffff:127.0.0.1]:80"},
    {"my_host.internal", "https", "my_host.internal"},
};

static const struct {
    const char *text, *why; /* why: a piece of the expected message */
} bad[] = {
    {"", "empty"},
    {"http://127.0.0.1:99999", "port '99999'"},
    {"http://127.0.0.1:65536", "port '65536'"},
    {"http://127.0.0.1:0", "port '0'"},
    {"http://127.0.0.1:abc", "port 'abc'"},
    {"http://127.0.0.1:-1", "port '-1'"},
    {"http://127.0.0.1:80:80", "port '80:80'"},
    {"http://127.0.0.1:+80", "port '+80'"},
    {"http://127.0.0.1:", "no port after ':'"},
    {"127.0.0.1:", "no port after ':'"},
    {"http://127.0.0.1:99999999999999999999999", "port '99999999999999999999999'"},
    {"http://", "no host"},
    {"http://:80", "no host"},
    {"http://[::1", "']'"},
    {"http://[]:80", "no host"},
    {"http://[::1]x", "after ']'"},
    {"http://[::g]", "character 'g'"},
    {"http://ex ample.com", "character ' '"},
    {"ftp://example.com", "only http:// and https://"},
    {"https:/example.com", "path or query"},
    {"http://127.0.0.1:1/v1", "path or query"},
    {"http://127.0.0.1:1?a=1", "path or query"},
    {"http://a@example.com", "character '@'"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct agw_endpoint ep;
        struct agw_err err;
        agw_err_clear(&err);
        int rc = agw_endpoint_parse(good[i].text, &ep, &err);
        CHECKF(rc == 0, "'%s' refused: %s", good[i].text, err.message);
        if (rc != 0) continue;
        CHECK_STR(ep.scheme, good[i].scheme);
        CHECK_STR(ep.host, good[i].host);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct agw_endpoint ep;
        struct agw_err err;
        agw_err_clear(&err);
        int rc = agw_endpoint_parse(bad[i].text, &ep, &err);
        CHECKF(rc == -1, "'%s' accepted as %s://%s", bad[i].text, ep.scheme, ep.host);
        if (rc != -1) continue;
        CHECK_STR(err.code, "InvalidEndpoint");
        CHECKF(strstr(err.message, bad[i].why) != NULL, "'%s': message '%s' lacks '%s'",
               bad[i].text, err.message, bad[i].why);
        CHECKF(*bad[i].text == '\0' || strstr(err.message, bad[i].text) != NULL,
               "'%s': message '%s' does not quote the endpoint", bad[i].text, err.message);
    }
    /* NULL is refused, not dereferenced */
    struct agw_endpoint ep;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_endpoint_parse(NULL, &ep, &err) == -1);
    return check_report();
}
