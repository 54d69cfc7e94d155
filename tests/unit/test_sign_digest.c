/* Digest, HMAC, hex and Base64 (docs/signing.md 8.5), and HMAC against OpenSSL's own HMAC()
 * for keys around the block size, where hand-rolled HMAC goes wrong first. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "digest.h"

static void check_hex(const char *what, const unsigned char *md, size_t n, const char *want)
{
    char hex[2 * AGW_DIGEST_MAX + 1];
    agw_hex_lower(md, n, hex);
    if (strcmp(hex, want) != 0) {
        printf("FAIL %s\n  expected: %s\n  got:      %s\n", what, want, hex);
        failures++;
    }
}

static void check_digest(enum agw_hash h, const char *data, const char *want)
{
    unsigned char md[AGW_DIGEST_MAX];
    size_t n = 0;
    CHECK(agw_digest(h, data, strlen(data), md, &n) == 0);
    CHECK(n == strlen(want) / 2);
    check_hex(data, md, n, want);
}

static void check_b64(const char *in, const char *want)
{
    char out[64];
    agw_base64((const unsigned char *)in, strlen(in), out);
    if (strcmp(out, want) != 0) {
        printf("FAIL base64(\"%s\"): want %s got %s\n", in, want, out);
        failures++;
    }
}

int main(void)
{
    check_digest(AGW_HASH_SHA256, "",
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_digest(AGW_HASH_SHA256, "test",
                 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    check_digest(AGW_HASH_SM3, "",
                 "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
    check_digest(AGW_HASH_SM3, "test",
                 "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23");
    check_digest(AGW_HASH_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");

    unsigned char md[AGW_DIGEST_MAX];
    size_t n = 0;
    CHECK(agw_digest(AGW_HASH_SHA256, NULL, 0, md, &n) == 0 && n == 32);
    CHECK(agw_digest(AGW_HASH_SHA256, NULL, 5, md, &n) == -1);

    CHECK(agw_hmac(AGW_HASH_SM3, "secret", 6, "source", 6, md, &n) == 0 && n == 32);
    check_hex("HMAC-SM3(secret, source)", md, n,
              "b9ff646822f41ef647c1416fa2b8408923828abc0464af6706e18db3e8553da8");

    /* Base64(HMAC-SHA1(key="secret", "stringtosign")) */
    CHECK(agw_hmac(AGW_HASH_SHA1, "secret", 6, "stringtosign", 12, md, &n) == 0 && n == 20);
    char b64[29];
    agw_base64(md, n, b64);
    CHECK(strcmp(b64, "OmuTAr79tpI6CRoAdmzKRq5lHs0=") == 0);

    /* RFC 4648 section 10 */
    check_b64("", "");
    check_b64("f", "Zg==");
    check_b64("fo", "Zm8=");
    check_b64("foo", "Zm9v");
    check_b64("foob", "Zm9vYg==");
    check_b64("fooba", "Zm9vYmE=");
    check_b64("foobar", "Zm9vYmFy");
    {
        const unsigned char hi[] = {0xfb, 0xff, 0xbf};
        char out[8];
        agw_base64(hi, 3, out);
        CHECK(strcmp(out, "+/+/") == 0);
    }
    {
        const unsigned char b[] = {0x00, 0x0f, 0xa0, 0xff};
        char hex[9];
        agw_hex_lower(b, 4, hex);
        CHECK(strcmp(hex, "000fa0ff") == 0);
        agw_hex_lower(b, 0, hex);
        CHECK(hex[0] == '\0');
    }

    /* HMAC == OpenSSL HMAC() for keys shorter than, equal to and longer than the block. */
    struct {
        enum agw_hash h;
        const EVP_MD *(*md)(void);
    } algs[] = {{AGW_HASH_SHA256, EVP_sha256}, {AGW_HASH_SM3, EVP_sm3}, {AGW_HASH_SHA1, EVP_sha1}};
    size_t keylens[] = {0, 1, 20, 63, 64, 65, 128, 200};
    unsigned char key[200], msg[300];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i * 7 + 1);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 13 + 5);
    for (size_t a = 0; a < sizeof algs / sizeof algs[0]; a++) {
        for (size_t k = 0; k < sizeof keylens / sizeof keylens[0]; k++) {
            for (size_t m = 0; m <= sizeof msg; m += 100) {
                unsigned char ref[EVP_MAX_MD_SIZE];
                unsigned int reflen = 0;
                CHECK(HMAC(algs[a].md(), key, (int)keylens[k], msg, m, ref, &reflen) != NULL);
                CHECK(agw_hmac(algs[a].h, key, keylens[k], msg, m, md, &n) == 0);
                if (n != reflen || memcmp(md, ref, n) != 0) {
                    printf("FAIL HMAC alg %zu keylen %zu msglen %zu differs from OpenSSL\n", a,
                           keylens[k], m);
                    failures++;
                }
            }
        }
    }

    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
