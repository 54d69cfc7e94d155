/* Percent-encoding (docs/signing.md 1.2 and 8.6) and its decoder. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pe.h"

static void check_encode(const char *in, size_t n, const char *want)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    int rc = agw_pe_append(&b, in, n);
    if (rc != 0 || strcmp(agw_buf_str(&b), want) != 0) {
        printf("FAIL pe(\"%s\"): want \"%s\", got \"%s\" (rc %d)\n", in, want, agw_buf_str(&b), rc);
        failures++;
    }
    agw_buf_free(&b);
}

static void check_decode(const char *in, int plus, int want_rc, const char *want)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    agw_buf_appends(&b, "keep:");
    int rc = agw_pe_decode(&b, in, strlen(in), plus);
    /* On failure the buffer must be exactly as it was. */
    const char *expect = want_rc == 0 ? want : "";
    char full[256];
    snprintf(full, sizeof full, "keep:%s", expect);
    if (rc != want_rc || strcmp(agw_buf_str(&b), full) != 0 || b.len != strlen(full)) {
        printf("FAIL decode(\"%s\", plus=%d): want rc %d \"%s\", got rc %d \"%s\"\n", in, plus,
               want_rc, full, rc, agw_buf_str(&b));
        failures++;
    }
    agw_buf_free(&b);
}

int main(void)
{
    /* docs/signing.md 8.6 */
    struct {
        const char *in, *want;
    } enc[] = {
        {" ", "%20"},
        {"*", "%2A"},
        {"~", "~"},
        {"-_.", "-_."},
        {"/", "%2F"},
        {"+", "%2B"},
        {"=", "%3D"},
        {"&", "%26"},
        {"%", "%25"},
        {"!'()", "%21%27%28%29"},
        {":", "%3A"},
        {"\xc3\xbc", "%C3%BC"},        /* ü */
        {"\xe4\xbe\x8b", "%E4%BE%8B"}, /* 例 */
        {"\xe9\x98\xbf", "%E9%98%BF"}, /* 阿 */
        {"{\"customer\":\"test\"}", "%7B%22customer%22%3A%22test%22%7D"},
        /* more edges */
        {"", ""},
        {"ABCXYZabcxyz0189", "ABCXYZabcxyz0189"},
        {"\xff\x80\x7f", "%FF%80%7F"},
        {"a b*c~d/e+f=g&h", "a%20b%2Ac~d%2Fe%2Bf%3Dg%26h"},
        {"2024-05-01T12:00:00Z", "2024-05-01T12%3A00%3A00Z"},
        {"%3A", "%253A"}, /* the second pass of the RPC string to sign */
    };
    for (size_t i = 0; i < sizeof enc / sizeof enc[0]; i++)
        check_encode(enc[i].in, strlen(enc[i].in), enc[i].want);
    check_encode("a\0b", 3, "a%00b"); /* length-driven, not NUL-terminated */

    /* A long run of reserved bytes crosses the encoder's internal chunk size. */
    {
        char in[200], want[601];
        for (int i = 0; i < 200; i++) {
            in[i] = '/';
            memcpy(want + 3 * i, "%2F", 3);
        }
        want[600] = '\0';
        check_encode(in, sizeof in, want);
    }

    /* agw_pe_appends agrees, and appends rather than replaces. */
    {
        struct agw_buf b;
        agw_buf_init(&b, 0);
        CHECK(agw_buf_appends(&b, "x=") == 0);
        CHECK(agw_pe_appends(&b, "a b") == 0);
        CHECK(strcmp(agw_buf_str(&b), "x=a%20b") == 0);
        agw_buf_free(&b);
    }

    /* A bounded buffer that would overflow is left unchanged. */
    {
        struct agw_buf b;
        agw_buf_init(&b, 8);
        CHECK(agw_buf_appends(&b, "ab") == 0);
        CHECK(agw_pe_appends(&b, "ok////") == -1);
        CHECK(b.len == 2 && strcmp(agw_buf_str(&b), "ab") == 0);
        agw_buf_free(&b);
    }

    /* Decoding, including invalid escapes. */
    check_decode("", 0, 0, "");
    check_decode("plain", 0, 0, "plain");
    check_decode("%41%42c", 0, 0, "ABc");
    check_decode("%c3%bc%C3%BC", 0, 0, "\xc3\xbc\xc3\xbc"); /* either hex case */
    check_decode("a+b", 1, 0, "a b");
    check_decode("a+b", 0, 0, "a+b");
    check_decode("%2B+", 1, 0, "+ ");
    check_decode("%7E~%2a", 0, 0, "~~*");
    check_decode("%", 0, -1, NULL);
    check_decode("%2", 0, -1, NULL);
    check_decode("abc%2", 1, -1, NULL);
    check_decode("%G1", 0, -1, NULL);
    check_decode("%1G", 0, -1, NULL);
    check_decode("%%41", 0, -1, NULL);
    check_decode("ok%zzok", 0, -1, NULL);
    check_decode("% 1", 0, -1, NULL);
    check_decode("%-1", 0, -1, NULL);

    /* Every byte survives encode then decode, and the encoding uses only the safe alphabet. */
    {
        char all[256];
        for (int i = 0; i < 256; i++)
            all[i] = (char)i;
        struct agw_buf e, d;
        agw_buf_init(&e, 0);
        agw_buf_init(&d, 0);
        CHECK(agw_pe_append(&e, all, sizeof all) == 0);
        CHECK(strspn(agw_buf_str(&e), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789-_.~%") == e.len);
        CHECK(e.len == 66 + 3 * (256 - 66));
        CHECK(agw_pe_decode(&d, e.data, e.len, 0) == 0);
        CHECK(d.len == 256 && memcmp(d.data, all, 256) == 0);
        agw_buf_free(&e);
        agw_buf_free(&d);
    }

    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
