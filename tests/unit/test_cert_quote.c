/* The names agw_cert_check quotes from a certificate (its subjectAltName DNS names, its
 * subject's CN) are the certificate's bytes, which anyone can choose: a message shows them
 * with control bytes and NULs escaped (\x7f), so that an error stays one line and cannot
 * drive the terminal. The certificates are made here, in memory. Label unit. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cert.h"
#include "check.h"

/* A self-signed certificate for key with subject CN cn (cn_len bytes) and, when san is not
 * NULL, one subjectAltName DNS entry of san_len bytes; as PEM into out. */
static int make_pem(EVP_PKEY *key, const char *cn, int cn_len, const char *san, int san_len,
                    char *out, size_t cap)
{
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 30);
    X509_set_pubkey(x, key);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_ASC, (const unsigned char *)cn,
                               cn_len, -1, 0);
    X509_set_issuer_name(x, name);
    if (san) {
        GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
        GENERAL_NAME *g = GENERAL_NAME_new();
        ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
        ASN1_STRING_set(ia5, san, san_len);
        GENERAL_NAME_set0_value(g, GEN_DNS, ia5);
        sk_GENERAL_NAME_push(gens, g);
        X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT);
        GENERAL_NAMES_free(gens);
    }
    int ok = X509_sign(x, key, EVP_sha256()) > 0;
    BIO *b = BIO_new(BIO_s_mem());
    ok = ok && PEM_write_bio_X509(b, x);
    int n = ok ? BIO_read(b, out, (int)cap - 1) : -1;
    BIO_free(b);
    X509_free(x);
    if (n <= 0) return -1;
    out[n] = '\0';
    return 0;
}

static int no_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 0;
    return 1;
}

int main(void)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    CHECK(key != NULL);
    char keypem[1024], pem[4096];
    BIO *b = BIO_new(BIO_s_mem());
    CHECK(PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL) == 1);
    int kn = BIO_read(b, keypem, sizeof keypem - 1);
    BIO_free(b);
    CHECK(kn > 0);
    keypem[kn > 0 ? kn : 0] = '\0';

    static const struct {
        const char *cn;
        int cn_len;
        const char *san; /* NULL: none, the CN is quoted */
        int san_len;
        const char *want; /* in the message */
    } cases[] = {
        {"api.example.com", 15, "api.example.c\x7fm", 15, "covers api.example.c\\x7fm"},
        {"api.example.com", 15, "a\nb.example.com", 15, "covers a\\x0ab.example.com"},
        {"api.example.com", 15, "api.example.com\0.evil.com", 25,
         "covers api.example.com\\x00.evil.com"},
        {"x\x1b[31m.example.com", 19, NULL, 0, "covers x\\x1b[31m.example.com"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int made = make_pem(key, cases[i].cn, cases[i].cn_len, cases[i].san, cases[i].san_len, pem,
                            sizeof pem);
        CHECKF(made == 0, "case %zu: certificate made", i);
        if (made) continue;
        struct agw_err err;
        agw_err_clear(&err);
        int rc = agw_cert_check(pem, strlen(pem), keypem, strlen(keypem), "www.example.com", 0,
                                NULL, &err);
        CHECKF(rc == -1 && strcmp(err.code, "CertificateDomainMismatch") == 0,
               "case %zu: refused as CertificateDomainMismatch, got %d %s", i, rc, err.code);
        CHECKF(no_control(err.message), "case %zu: a control byte in: %s", i, err.message);
        CHECKF(strstr(err.message, cases[i].want) != NULL, "case %zu: '%s' in: %s", i,
               cases[i].want, err.message);
    }
    EVP_PKEY_free(key);
    return check_report();
}
