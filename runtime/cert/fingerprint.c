#include "fingerprint.h"

#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* The body is public, but a key block beside the certificate must never make OpenSSL ask
 * for a pass phrase on the terminal. */
static int no_pass_phrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

int agw_cert_fingerprint(const char *body, size_t body_len, char out[65], struct agw_err *err)
{
    out[0] = '\0';
    if (!body || body_len == 0 || body_len > INT_MAX || memchr(body, '\0', body_len)) {
        agw_err_set(err, AGW_ERR_CLIENT, "InvalidCertificateBody",
                    "the certificate body is empty, too long or holds a NUL byte");
        return -1;
    }
    BIO *b = BIO_new_mem_buf(body, (int)body_len);
    if (!b) {
        agw_err_set(err, AGW_ERR_CLIENT, "InternalError", "out of memory");
        return -1;
    }
    /* PEM_read_bio_X509 skips what is not a CERTIFICATE block (a key included) */
    X509 *x = PEM_read_bio_X509(b, NULL, no_pass_phrase, NULL);
    BIO_free(b);
    if (!x) {
        agw_err_set(err, AGW_ERR_CLIENT, "InvalidCertificateBody",
                    "the certificate body holds no PEM certificate");
        return -1;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    int ok = X509_digest(x, EVP_sha256(), md, &n) == 1 && n == 32;
    X509_free(x);
    if (!ok) {
        agw_err_set(err, AGW_ERR_CLIENT, "InternalError", "SHA-256 of the certificate failed");
        return -1;
    }
    static const char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < n; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return 0;
}
