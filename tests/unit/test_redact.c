/* The redactor (runtime/request/redact.c): every form a secret takes in what apigw-lua
 * shows, and what must be left alone. Table-driven; label unit. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "redact.h"

/* text masked under set, as a new string (static buffer per call is enough here) */
static char *masked(const char *text, const struct agw_redact_set *set)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    agw_buf_appends(&b, text);
    if (agw_redact(&b, set) != 0) {
        agw_buf_wipe_free(&b);
        return strdup("<redact failed>");
    }
    char *r = strdup(agw_buf_str(&b));
    agw_buf_wipe_free(&b);
    return r;
}

struct tcase {
    const char *what, *in, *want;
};

static const char *const vals[] = {"S3cr/et+=", "T0ken", NULL};
static const char *const extra[] = {"MyPassword", "", NULL};

int main(void)
{
    const struct agw_redact_set set = {.values = vals, .names = extra};

    static const struct tcase cases[] = {
        {"secret raw, encoded once and twice",
         "a S3cr/et+= b S3cr%2Fet%2B%3D c S3cr%252Fet%252B%253D", "a *** b *** c ***"},
        {"token anywhere", "x-T0ken-y", "x-***-y"},
        {"URL query", "https://h/?A=1&CertificatePrivateKey=abc%2Fdef&B=2",
         "https://h/?A=1&CertificatePrivateKey=***&B=2"},
        {"first in a query", "https://h/?CertificatePrivateKey=k",
         "https://h/?CertificatePrivateKey=***"},
        {"form body", "CertificateBody=c%0A&CertificatePrivateKey=-----BEGIN%20K",
         "CertificateBody=c%0A&CertificatePrivateKey=***"},
        {"RPC string to sign",
         "POST&%2F&AccessKeyId%3Dk%26CertificatePrivateKey%3D-----BEGIN%2520K%250A%26Format%3DJSON",
         "POST&%2F&AccessKeyId%3Dk%26CertificatePrivateKey%3D***%26Format%3DJSON"},
        {"string to sign echoed once more", "x%2526CertificatePrivateKey%253Dab%25252F%2526y",
         "x%2526CertificatePrivateKey%253D***%2526y"},
        {"Authorization signature",
         "Authorization: ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host;x-acs-security-token,"
         "Signature=0a1b2c",
         "Authorization: ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host;x-acs-security-token,"
         "Signature=***"},
        {"RPC signature in a URL, SignatureMethod and SignatureNonce kept",
         "/?SignatureMethod=HMAC-SHA1&SignatureNonce=n1&Signature=Ab%2B%3D&SignatureVersion=1.0",
         "/?SignatureMethod=HMAC-SHA1&SignatureNonce=n1&Signature=***&SignatureVersion=1.0"},
        {"SecurityToken parameter by name", "a&SecurityToken%3DXYZ%26b SecurityToken=Q&c",
         "a&SecurityToken%3D***%26b SecurityToken=***&c"},
        {"token header, canonical form", "x-acs-date:d\nx-acs-security-token:XYZ\nx-acs-version:v",
         "x-acs-date:d\nx-acs-security-token:***\nx-acs-version:v"},
        {"token header as sent, any case", "X-Acs-Security-Token: XYZ",
         "X-Acs-Security-Token: ***"},
        {"SignedHeaders names the header, no value", "SignedHeaders=host;x-acs-security-token;x",
         "SignedHeaders=host;x-acs-security-token;x"},
        {"flattened, secret last", "Certs.1.CertificatePrivateKey=v&x=1",
         "Certs.1.CertificatePrivateKey=***&x=1"},
        {"flattened, secret first", "CertificatePrivateKey.1=v&CertificatePrivateKey.2=w",
         "CertificatePrivateKey.1=***&CertificatePrivateKey.2=***"},
        {"caller's names", "MyPassword=hunter2&Other=x", "MyPassword=***&Other=x"},
        {"inside a longer name: kept", "XCertificatePrivateKey=v&a-Signature=w&Signature_=z",
         "XCertificatePrivateKey=v&a-Signature=w&Signature_=z"},
        {"a name without a value: kept", "CertificatePrivateKey is required",
         "CertificatePrivateKey is required"},
        {"JSON keeps its quotes", "{\"URL\":\"https://h/?Signature=abc\",\"x\":1}",
         "{\"URL\":\"https://h/?Signature=***\",\"x\":1}"},
        {"empty value", "Signature=&a=1", "Signature=***&a=1"},
        {"value at the end", "Signature=abc", "Signature=***"},
        {"nothing secret", "GroupId=g&DomainName=a.example.com",
         "GroupId=g&DomainName=a.example.com"},
        {"empty", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = masked(cases[i].in, &set);
        CHECKF(strcmp(got, cases[i].want) == 0, "%s:\n  in:   %s\n  want: %s\n  got:  %s",
               cases[i].what, cases[i].in, cases[i].want, got);
        free(got);
    }

    /* no set: the built-in and default names still count; the caller's do not */
    char *got = masked("MyPassword=x&CertificatePrivateKey=y&Signature=z", NULL);
    CHECK_STR(got, "MyPassword=x&CertificatePrivateKey=***&Signature=***");
    free(got);

    /* a value given as "" masks nothing (rather than everything) */
    static const char *const empty_vals[] = {"", NULL};
    const struct agw_redact_set e = {.values = empty_vals};
    got = masked("abc", &e);
    CHECK_STR(got, "abc");
    free(got);

    /* names */
    CHECK(agw_redact_is_secret(NULL, "CertificatePrivateKey"));
    CHECK(agw_redact_is_secret(NULL, "Certs.1.CertificatePrivateKey"));
    CHECK(agw_redact_is_secret(NULL, "CertificatePrivateKey.1"));
    CHECK(agw_redact_is_secret(NULL, "Signature"));
    CHECK(agw_redact_is_secret(NULL, "SecurityToken"));
    CHECK(!agw_redact_is_secret(NULL, "SignatureNonce"));
    CHECK(!agw_redact_is_secret(NULL, "CertificateBody"));
    CHECK(!agw_redact_is_secret(NULL, "MyPassword"));
    CHECK(agw_redact_is_secret(&set, "MyPassword"));
    CHECK(!agw_redact_is_secret(&set, ""));
    CHECK(!agw_redact_is_secret(&set, "XCertificatePrivateKey"));

    /* past the buffer's maximum: -1 and the buffer as it was */
    struct agw_buf b;
    agw_buf_init(&b, 24);
    CHECK(agw_buf_appends(&b, "Signature=a&Signature=b") == 0);
    CHECK(agw_redact(&b, NULL) == -1);
    CHECK_STR(agw_buf_str(&b), "Signature=a&Signature=b");
    agw_buf_wipe_free(&b);

    /* a 100 KB PEM value, percent-encoded, is masked whole */
    agw_buf_init(&b, 0);
    agw_buf_appends(&b, "A=1&CertificatePrivateKey=-----BEGIN%20PRIVATE%20KEY-----%0A");
    for (int i = 0; i < 100 * 1024 / 64; i++)
        agw_buf_appends(&b, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj%0A");
    agw_buf_appends(&b, "-----END%20PRIVATE%20KEY-----%0A&B=2");
    CHECK(agw_redact(&b, &set) == 0);
    CHECK_STR(agw_buf_str(&b), "A=1&CertificatePrivateKey=***&B=2");
    agw_buf_wipe_free(&b);

    return check_report();
}
