#define _GNU_SOURCE /* memmem, timegm */
#include "cert.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "names.h"

#define BODY "CertificateBody"
#define KEY "CertificatePrivateKey"

/* Fills err as a refused upload and yields -1, for "return REFUSE(...)". */
#define REFUSE(err, code, ...) (agw_err_set((err), AGW_ERR_CLIENT, (code), __VA_ARGS__), -1)

static int has(const char *s, size_t n, const char *lit)
{
    return memmem(s, n, lit, strlen(lit)) != NULL;
}

/* An encrypted key must never make OpenSSL prompt on the terminal: it is refused instead. */
static int no_pass_phrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

/* Not PEM at all: says so, and when the text looks like a path, how to read the file. */
static int not_pem(struct agw_err *err, const char *code, const char *what, const char *s, size_t n,
                   const char *want)
{
    int path_like = n > 0 && n < 4096 && !memchr(s, '\n', n) && !has(s, n, "-----");
    agw_err_set(err, AGW_ERR_CLIENT, code, "%s is not PEM text (%s was expected)%s", what, want,
                path_like ? "; it looks like a file name: give the file's text, "
                            "apigw.pem(path) reads it"
                          : "");
    return -1;
}

/* A name from a certificate as a message shows it: its bytes are whoever made the
 * certificate's, so control bytes and NULs are written \xNN (the message stays one line and
 * cannot drive a terminal). Appends to out (NUL-terminated, cap bytes); returns the length
 * the quoted name needs, written or not. */
static size_t quote(char *out, size_t cap, const char *s, size_t n)
{
    size_t used = strlen(out), need = 0;
    int full = 0; /* cut at the first byte that does not fit */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int esc = c < 0x20 || c == 0x7f;
        need += esc ? 4 : 1;
        if (full || (full = used + (esc ? 4 : 1) >= cap)) continue;
        if (esc)
            used += (size_t)snprintf(out + used, cap - used, "\\x%02x", c);
        else
            out[used++] = (char)c, out[used] = '\0';
    }
    return need;
}

/* "CN=api.example.com", or the whole subject when it has no CN */
static void describe(X509 *x, char *out, int n)
{
    X509_NAME *subj = X509_get_subject_name(x);
    int at = subj ? X509_NAME_get_index_by_NID(subj, NID_commonName, -1) : -1;
    const ASN1_STRING *cn =
        at >= 0 ? X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, at)) : NULL;
    if (cn) {
        snprintf(out, (size_t)n, "CN=");
        quote(out, (size_t)n, (const char *)ASN1_STRING_get0_data(cn),
              (size_t)ASN1_STRING_length(cn));
    } else if (!subj || !X509_NAME_oneline(subj, out, n)) { /* oneline escapes by itself */
        snprintf(out, (size_t)n, "no subject");
    }
}

/* Reads every certificate of the body, in order. */
static STACK_OF(X509) * read_chain(const char *body, size_t n)
{
    STACK_OF(X509) *chain = sk_X509_new_null();
    BIO *b = BIO_new_mem_buf(body, (int)n);
    if (!chain || !b) goto fail;
    X509 *x;
    while ((x = PEM_read_bio_X509(b, NULL, no_pass_phrase, NULL)) != NULL)
        if (!sk_X509_push(chain, x)) {
            X509_free(x);
            goto fail;
        }
    BIO_free(b);
    return chain;
fail:
    BIO_free(b);
    sk_X509_pop_free(chain, X509_free);
    return NULL;
}

static int check_body(const char *body, size_t n, STACK_OF(X509) * *out, struct agw_err *err)
{
    if (memchr(body, '\0', n))
        return REFUSE(err, "InvalidCertificateBody",
                      BODY " holds a NUL byte: PEM text was expected");
    if (!has(body, n, "-----BEGIN "))
        return not_pem(err, "InvalidCertificateBody", BODY, body, n, "-----BEGIN CERTIFICATE-----");
    if (has(body, n, "PRIVATE KEY-----"))
        return REFUSE(err, "InvalidCertificateBody",
                      BODY " holds a private key: give the certificate chain there and the "
                           "key as " KEY " only (the service shows " BODY " back)");
    STACK_OF(X509) *chain = read_chain(body, n);
    if (!chain) return REFUSE(err, "InternalError", "out of memory");
    *out = chain;
    int count = sk_X509_num(chain), blocks = 0;
    for (const char *p = body, *end = body + n;
         (p = memmem(p, (size_t)(end - p), "-----BEGIN CERTIFICATE-----", 27)) != NULL; p += 27)
        blocks++;
    if (count < blocks) /* OpenSSL stops at the first block it cannot read */
        return REFUSE(err, "InvalidCertificateBody",
                      BODY " has %d certificate blocks, and block %d cannot be read (damaged or "
                           "truncated PEM?)",
                      blocks, count + 1);
    if (count == 0)
        return REFUSE(err, "InvalidCertificateBody",
                      BODY " holds no certificate OpenSSL can read (a PEM block "
                           "-----BEGIN CERTIFICATE----- was expected)");
    for (int i = 0; i + 1 < count; i++) {
        X509 *x = sk_X509_value(chain, i), *issuer = sk_X509_value(chain, i + 1);
        if (X509_check_issued(issuer, x) != X509_V_OK) {
            char a[300], b[300];
            describe(x, a, sizeof a);
            describe(issuer, b, sizeof b);
            agw_err_set(err, AGW_ERR_CLIENT, "InvalidCertificateBody",
                        BODY " is a chain out of order: certificate %d (%s) was not issued by "
                             "certificate %d (%s); give the leaf first, each certificate "
                             "followed by the one that issued it",
                        i + 1, a, i + 2, b);
            return -1;
        }
    }
    return 0;
}

static int check_key(const char *key, size_t n, EVP_PKEY **out, struct agw_err *err)
{
    if (memchr(key, '\0', n))
        return REFUSE(err, "InvalidCertificatePrivateKey",
                      KEY " holds a NUL byte: PEM text was expected");
    if (!has(key, n, "-----BEGIN "))
        return not_pem(err, "InvalidCertificatePrivateKey", KEY, key, n,
                       "-----BEGIN PRIVATE KEY-----");
    if (has(key, n, "ENCRYPTED PRIVATE KEY-----") || has(key, n, "Proc-Type: 4,ENCRYPTED"))
        return REFUSE(err, "InvalidCertificatePrivateKey",
                      KEY " is encrypted (a pass phrase protects it), and the service "
                          "takes a plain key: decrypt it first with `openssl pkey -in "
                          "key.pem -out plain.pem` and keep that file private");
    if (!has(key, n, "PRIVATE KEY-----"))
        return REFUSE(err, "InvalidCertificatePrivateKey",
                      KEY " holds no private key%s (-----BEGIN PRIVATE KEY----- was "
                          "expected)",
                      has(key, n, "CERTIFICATE-----") ? " but a certificate: are " BODY " and " KEY
                                                        " swapped?"
                                                      : "");
    BIO *b = BIO_new_mem_buf(key, (int)n);
    if (!b) return REFUSE(err, "InternalError", "out of memory");
    *out = PEM_read_bio_PrivateKey(b, NULL, no_pass_phrase, NULL);
    BIO_free(b);
    if (!*out)
        return REFUSE(err, "InvalidCertificatePrivateKey",
                      KEY " is not a private key OpenSSL can read (damaged or truncated "
                          "PEM?)");
    return 0;
}

static void add_name(char *list, size_t cap, const char *n, size_t len)
{
    size_t used = strlen(list);
    if (strstr(list, "...")) return;
    char none[1] = "";
    if (used + quote(none, 1, n, len) + 8 >= cap) {
        snprintf(list + used, cap - used, "%s...", used ? ", " : "");
        return;
    }
    snprintf(list + used, cap - used, "%s", used ? ", " : "");
    quote(list, cap, n, len);
}

/* 1 when the leaf covers domain; names gets what it covers. */
static int covers(X509 *x, const char *domain, char *names, size_t cap)
{
    int hit = 0, dns = 0;
    names[0] = '\0';
    GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
        if (g->type != GEN_DNS) continue;
        const char *s = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
        size_t len = (size_t)ASN1_STRING_length(g->d.dNSName);
        dns++;
        add_name(names, cap, s, len);
        hit = hit || agw_cert_name_covers(s, len, domain);
    }
    GENERAL_NAMES_free(sans);
    if (dns) return hit;
    /* no DNS name in a subjectAltName: the subject's CN, as clients still read it */
    X509_NAME *subj = X509_get_subject_name(x);
    int at = subj ? X509_NAME_get_index_by_NID(subj, NID_commonName, -1) : -1;
    if (at < 0) return 0;
    const ASN1_STRING *cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, at));
    const char *s = (const char *)ASN1_STRING_get0_data(cn);
    size_t len = (size_t)ASN1_STRING_length(cn);
    add_name(names, cap, s, len);
    return agw_cert_name_covers(s, len, domain);
}

static int epoch(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

/* A certificate chain whose key was checked: what the per-domain checks need. */
struct agw_cert_pair {
    STACK_OF(X509) * chain;
    char what[300]; /* describe() of the leaf */
};

void agw_cert_pair_free(struct agw_cert_pair *p)
{
    if (!p) return;
    sk_X509_pop_free(p->chain, X509_free);
    free(p);
}

int agw_cert_pair_new(const char *body, size_t body_len, const char *key, size_t key_len,
                      struct agw_cert_pair **out, struct agw_err *err)
{
    *out = NULL;
    if (body_len > INT_MAX || key_len > INT_MAX)
        return REFUSE(err, "InvalidCertificateBody",
                      "the certificate or the key is larger than 2 GiB");
    STACK_OF(X509) *chain = NULL;
    EVP_PKEY *pkey = NULL;
    struct agw_cert_pair *p = NULL;
    int rc = -1;
    if (check_body(body, body_len, &chain, err) || check_key(key, key_len, &pkey, err)) goto done;
    X509 *leaf = sk_X509_value(chain, 0);
    char what[sizeof p->what];
    describe(leaf, what, sizeof what);
    if (X509_check_private_key(leaf, pkey) != 1) {
        int other = 0;
        for (int i = 1; !other && i < sk_X509_num(chain); i++)
            if (X509_check_private_key(sk_X509_value(chain, i), pkey) == 1) other = i + 1;
        if (other)
            agw_err_set(err, AGW_ERR_CLIENT, "CertificateKeyMismatch",
                        KEY " belongs to certificate %d of the chain, not to the first (%s): put "
                            "the leaf first",
                        other, what);
        else
            agw_err_set(err, AGW_ERR_CLIENT, "CertificateKeyMismatch",
                        KEY " does not belong to the certificate (%s): the key and the "
                            "certificate are from different pairs",
                        what);
        goto done;
    }
    p = malloc(sizeof *p);
    if (!p) {
        agw_err_set(err, AGW_ERR_CLIENT, "InternalError", "out of memory");
        goto done;
    }
    p->chain = chain;
    chain = NULL;
    memcpy(p->what, what, sizeof what);
    *out = p;
    rc = 0;
done:
    EVP_PKEY_free(pkey); /* the key is needed for the match only: the pair does not keep it */
    sk_X509_pop_free(chain, X509_free);
    ERR_clear_error(); /* what the failed reads left queued is not ours to report */
    return rc;
}

int agw_cert_pair_check(const struct agw_cert_pair *p, const char *domain, int64_t now,
                        struct agw_cert_info *info, struct agw_err *err)
{
    X509 *leaf = sk_X509_value(p->chain, 0);
    const char *what = p->what;
    int rc = -1;
    char names[sizeof info->names];
    if (!covers(leaf, domain, names, sizeof names)) {
        if (names[0])
            agw_err_set(err, AGW_ERR_CLIENT, "CertificateDomainMismatch",
                        "the certificate (%s) does not cover %s: it covers %s", what, domain,
                        names);
        else
            agw_err_set(err, AGW_ERR_CLIENT, "CertificateDomainMismatch",
                        "the certificate (%s) does not cover %s: it names no DNS name (no "
                        "subjectAltName DNS entry, no CN)",
                        what, domain);
        goto done;
    }
    int64_t nb = 0, na = 0;
    if (epoch(X509_get0_notBefore(leaf), &nb) || epoch(X509_get0_notAfter(leaf), &na)) {
        agw_err_set(err, AGW_ERR_CLIENT, "InvalidCertificateBody",
                    "the certificate's validity dates cannot be read (%s)", what);
        goto done;
    }
    if (na < now) {
        char when[32];
        time_t t = (time_t)na;
        struct tm tm;
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&t, &tm));
        agw_err_set(err, AGW_ERR_CLIENT, "CertificateExpired",
                    "the certificate (%s) expired on %s: renew it before attaching it", what, when);
        goto done;
    }
    if (info) {
        snprintf(info->names, sizeof info->names, "%s", names);
        info->not_before = nb;
        info->not_after = na;
        info->chain = sk_X509_num(p->chain);
    }
    rc = 0;
done:
    ERR_clear_error();
    return rc;
}

int agw_cert_check(const char *body, size_t body_len, const char *key, size_t key_len,
                   const char *domain, int64_t now, struct agw_cert_info *info, struct agw_err *err)
{
    struct agw_cert_pair *p;
    if (agw_cert_pair_new(body, body_len, key, key_len, &p, err) != 0) return -1;
    int rc = agw_cert_pair_check(p, domain, now, info, err);
    agw_cert_pair_free(p);
    return rc;
}
