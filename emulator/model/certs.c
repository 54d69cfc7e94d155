#include "certs.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "reply.h"

/* Never prompt for a pass phrase: an encrypted key is simply refused. */
static int no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

static X509 *read_cert(const char *pem)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    if (!b) return NULL;
    X509 *x = PEM_read_bio_X509(b, NULL, no_password, NULL);
    BIO_free(b);
    return x;
}

static EVP_PKEY *read_key(const char *pem)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    if (!b) return NULL;
    EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, no_password, NULL);
    BIO_free(b);
    return k;
}

/* Does a certificate name (possibly "*.x.y") cover the domain (possibly "*.x.y")? */
static int name_covers(const char *pat, size_t plen, const char *domain)
{
    size_t dlen = strlen(domain);
    if (plen == dlen && strncasecmp(pat, domain, plen) == 0) return 1;
    if (plen < 3 || pat[0] != '*' || pat[1] != '.' || domain[0] == '*') return 0;
    const char *dot = strchr(domain, '.');
    if (!dot || dot == domain) return 0;
    size_t rest = strlen(dot);
    return rest == plen - 1 && strncasecmp(dot, pat + 1, rest) == 0;
}

static void add_name(char *list, size_t cap, const char *n, size_t len)
{
    size_t used = strlen(list);
    if (used + len + 3 >= cap) return;
    if (used) strcat(list, ", ");
    strncat(list, n, len);
}

/* 1 when covered; names gets the names seen, for the message. */
static int cert_covers(X509 *x, const char *domain, char *names, size_t cap)
{
    int covered = 0, dns_sans = 0;
    GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans); i++) {
        const GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans, i);
        if (gn->type != GEN_DNS) continue;
        dns_sans++;
        const char *n = (const char *)ASN1_STRING_get0_data(gn->d.dNSName);
        size_t len = (size_t)ASN1_STRING_length(gn->d.dNSName);
        add_name(names, cap, n, len);
        if (memchr(n, '\0', len) == NULL && name_covers(n, len, domain)) covered = 1;
    }
    GENERAL_NAMES_free(sans);
    if (dns_sans) return covered;
    /* No DNS name in the subjectAltName: fall back to the subject's common name. */
    X509_NAME *subj = X509_get_subject_name(x);
    int idx = subj ? X509_NAME_get_index_by_NID(subj, NID_commonName, -1) : -1;
    if (idx < 0) return 0;
    ASN1_STRING *cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, idx));
    const char *n = (const char *)ASN1_STRING_get0_data(cn);
    size_t len = (size_t)ASN1_STRING_length(cn);
    add_name(names, cap, n, len);
    return memchr(n, '\0', len) == NULL && name_covers(n, len, domain);
}

static int to_ms(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return -1;
    time_t s = timegm(&tm);
    *out = (int64_t)s * 1000;
    return 0;
}

int agw_emu_cert_check(const char *domain, const char *body, const char *private_key,
                       const char *ca_body, int64_t *start_ms, int64_t *end_ms,
                       struct agw_emu_answer *ans)
{
    int rc = 1;
    EVP_PKEY *key = NULL;
    X509 *ca = NULL;
    X509 *x = read_cert(body);
    char names[300] = "";
    if (!x) {
        agw_emu_fail(ans, 400, "InvalidCertificateBody",
                     "The certificate body is not a PEM-encoded X.509 certificate.");
        goto out;
    }
    if (!(key = read_key(private_key))) {
        agw_emu_fail(ans, 400, "InvalidCertificatePrivateKey",
                     "The private key is not a PEM-encoded, unencrypted private key.");
        goto out;
    }
    if (ca_body && *ca_body && !(ca = read_cert(ca_body))) {
        agw_emu_fail(ans, 400, "InvalidCaCertificateBody",
                     "The CA certificate body is not a PEM-encoded X.509 certificate.");
        goto out;
    }
    if (!cert_covers(x, domain, names, sizeof names)) {
        agw_emu_fail(ans, 400, "InvalidCertificateBody",
                     "The certificate does not match the domain name %s (it names: %s).", domain,
                     names[0] ? names : "nothing");
        goto out;
    }
    if (X509_check_private_key(x, key) != 1) {
        agw_emu_fail(ans, 400, "InvalidCertificatePrivateKey",
                     "The private key does not match the certificate.");
        goto out;
    }
    if (to_ms(X509_get0_notBefore(x), start_ms) != 0 || to_ms(X509_get0_notAfter(x), end_ms) != 0) {
        agw_emu_fail(ans, 400, "InvalidCertificateBody",
                     "The certificate's validity period cannot be read.");
        goto out;
    }
    rc = 0;
out:
    ERR_clear_error(); /* leave no stale errors for the next OpenSSL user on this thread */
    X509_free(ca);
    EVP_PKEY_free(key);
    X509_free(x);
    return rc;
}
