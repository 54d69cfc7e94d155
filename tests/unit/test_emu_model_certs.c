/* SetDomainCertificate / DeleteDomainCertificate with certificates made here with OpenSSL:
 * name matching (SAN, CN fallback, wildcards), key mismatch, bad PEM, validity in ms. */
#include "test_emu_model_util.h"

#include <time.h>

static struct emt T;

static int set_cert(const char *domain, const char *cert, const char *key)
{
    return emt_call(&T, "SetDomainCertificate", "GroupId", G1, "DomainName", domain,
                    "CertificateName", "my-cert", "CertificateBody", cert, "CertificatePrivateKey",
                    key, NULL);
}

int main(void)
{
    char *seed = test_seed("\"domains_per_group\":0");
    if (emt_open(&T, seed, NULL, NULL) != 0) return 1;
    free(seed);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "a.example.com", NULL) == 200);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "x.wild.example.com", NULL) ==
          200);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "*.wild.example.com", NULL) ==
          200);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "b.example.com", NULL) == 200);

    EVP_PKEY *k1 = new_key(), *k2 = new_key();
    char *k1pem = key_pem(k1), *k2pem = key_pem(k2);
    char *c_san = make_cert(k1, "ignored.example.org", "DNS:zzz.example.com,DNS:a.example.com",
                            -3600, 86400L * 90);
    char *c_cn = make_cert(k1, "b.example.com", NULL, 0, 86400);
    char *c_wild = make_cert(k1, "*.wild.example.com", "DNS:*.wild.example.com", 0, 86400);
    char *c_other = make_cert(k1, "a.example.com", "DNS:other.example.com", 0, 86400);

    /* parameters, group, domain */
    emt_call(&T, "SetDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
             "CertificateName", "n", "CertificatePrivateKey", k1pem, NULL);
    CHECK_ANS(&T, 400, "MissingCertificateBody");
    emt_call(&T, "SetDomainCertificate", "GroupId", G3, "DomainName", "a.example.com",
             "CertificateName", "n", "CertificateBody", c_san, "CertificatePrivateKey", k1pem,
             NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    CHECK(set_cert("unbound.example.com", c_san, k1pem) == 400);
    CHECK_ANS(&T, 400, "NotFoundDomain");
    emt_call(&T, "SetDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
             "CertificateName", "n", "CertificateBody", c_san, "CertificatePrivateKey", k1pem,
             "SslOcspEnable", "yes", NULL);
    CHECK_ANS(&T, 400, "InvalidSslOcspEnable");

    /* bad PEM */
    set_cert("a.example.com", "not a certificate", k1pem);
    CHECK_ANS(&T, 400, "InvalidCertificateBody");
    set_cert("a.example.com", c_san,
             "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    CHECK_ANS(&T, 400, "InvalidCertificatePrivateKey");
    /* the certificate's SANs do not name the domain (the CN is ignored when SANs exist) */
    set_cert("a.example.com", c_other, k1pem);
    CHECK_ANS(&T, 400, "InvalidCertificateBody");
    CHECK_HAS(T.ans.message, "other.example.com");
    /* a wildcard certificate covers one label, not the bare or deeper names */
    set_cert("a.example.com", c_wild, k1pem);
    CHECK_ANS(&T, 400, "InvalidCertificateBody");
    /* key of another pair */
    set_cert("a.example.com", c_san, k2pem);
    CHECK_ANS(&T, 400, "InvalidCertificatePrivateKey");
    CHECK_HAS(T.ans.message, "does not match");
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK(emt_str(&T, "CertificateId") == NULL); /* refused uploads stored nothing */

    /* good: SAN match */
    CHECK(set_cert("a.example.com", c_san, k1pem) == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_OK(&T);
    CHECK_STR(emt_str(&T, "CertificateName"), "my-cert");
    CHECK_STR(emt_str(&T, "CertificateBody"), c_san);
    CHECK_STR(emt_str(&T, "CertificatePrivateKey"), k1pem);
    char cid[64];
    snprintf(cid, sizeof cid, "%s",
             emt_str(&T, "CertificateId") ? emt_str(&T, "CertificateId") : "");
    CHECK(strlen(cid) > 0);
    double start = emt_num(&T, "CertificateValidStart"), end = emt_num(&T, "CertificateValidEnd");
    double now_ms = (double)time(NULL) * 1000.0;
    CHECK(start > now_ms - 3600e3 - 5e3 && start < now_ms - 3600e3 + 5e3);
    CHECK(end > now_ms + 90 * 86400e3 - 5e3 && end < now_ms + 90 * 86400e3 + 5e3);
    CHECK(start == (double)(long long)start && end - start == 3600e3 + 90 * 86400e3);
    /* integers in the JSON text, not 1.7e+12 */
    char *text = cJSON_PrintUnformatted(T.ans.body);
    static const char *const fields[] = {"\"CertificateValidStart\":", "\"CertificateValidEnd\":"};
    for (int i = 0; i < 2; i++) {
        const char *at = text ? strstr(text, fields[i]) : NULL;
        CHECK(at != NULL);
        if (!at) continue;
        at += strlen(fields[i]);
        size_t digits = strspn(at, "0123456789");
        CHECK(digits == 13 && (at[digits] == ',' || at[digits] == '}'));
    }
    cJSON_free(text);
    /* DescribeApiGroup shows the certificate on the DomainItem, without the key */
    emt_call(&T, "DescribeApiGroup", "GroupId", G1, NULL);
    const cJSON *it;
    int seen = 0;
    cJSON_ArrayForEach(it, emt_list(&T, "CustomDomains", "DomainItem"))
    {
        if (strcmp(item_str(it, "DomainName"), "a.example.com") != 0) continue;
        seen = 1;
        CHECK_STR(item_str(it, "CertificateId"), cid);
        CHECK(cJSON_GetObjectItemCaseSensitive(it, "CertificatePrivateKey") == NULL);
        CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "CertificateValidEnd")));
    }
    CHECK(seen);

    /* CN fallback, wildcard certificate on a one-label-deeper name and on the wildcard */
    CHECK(set_cert("b.example.com", c_cn, k1pem) == 200);
    CHECK(set_cert("x.wild.example.com", c_wild, k1pem) == 200);
    CHECK(set_cert("*.wild.example.com", c_wild, k1pem) == 200);
    /* a certificate naming x.wild does not cover the wildcard domain */
    char *c_x = make_cert(k1, "x.wild.example.com", NULL, 0, 86400);
    set_cert("*.wild.example.com", c_x, k1pem);
    CHECK_ANS(&T, 400, "InvalidCertificateBody");

    /* DeleteDomainCertificate: another id is a no-op, the right id removes it */
    CHECK(emt_call(&T, "DeleteDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
                   "CertificateId", "0000", NULL) == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_STR(emt_str(&T, "CertificateId"), cid);
    CHECK(emt_call(&T, "DeleteDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
                   "CertificateId", cid, NULL) == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_OK(&T);
    CHECK(emt_str(&T, "CertificateId") == NULL);
    CHECK(emt_call(&T, "DeleteDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
                   "CertificateId", cid, NULL) == 200);

    free(c_x);
    free(c_san);
    free(c_cn);
    free(c_wild);
    free(c_other);
    free(k1pem);
    free(k2pem);
    EVP_PKEY_free(k1);
    EVP_PKEY_free(k2);
    emt_close(&T);
    return test_result("test_emu_model_certs");
}
