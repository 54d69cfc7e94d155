/* The certificate checks made before SetDomainCertificate sends anything (runtime/cert,
 * agw_cert_check). The input is header lines ("domain=<host name>", "now=<epoch seconds>"), a
 * line "%%", the certificate body, a line "%%", the private key. In the body and the key,
 * a line "#der <LABEL>" starts a block given as raw DER bytes (up to the next such line):
 * the harness writes it as PEM ("-----BEGIN <LABEL>-----", base64 in lines of 64, "-----END
 * <LABEL>-----"), so that mutations reach the ASN.1 inside; text outside such blocks is used
 * as it is. Properties: no crash on any input; the verdict is 0 with the certificate's
 * facts (a chain of at least one, not expired at now, the names it covers), or -1
 * with one of the documented codes (InternalError only for out of memory), kind client and
 * a message of one line; no line of the key's base64 text appears in the message (unless the
 * body or the domain, which the message may quote, holds it too). */
#include <openssl/evp.h>

#include "cert.h"
#include "fuzz.h"

/* Appends part [s, s+n) to out with its "#der LABEL" blocks as PEM. */
static void expand(struct agw_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *der = NULL;
        if ((i == 0 || s[i - 1] == '\n') && fuzz_starts(s + i, n - i, "#der ")) der = s + i;
        if (!der) {
            FUZZ_OOM(agw_buf_appendc(out, s[i++]) == 0);
            continue;
        }
        size_t l = i + 5, le = l;
        while (le < n && s[le] != '\n')
            le++;
        size_t d = le < n ? le + 1 : n, de = d;
        while (de < n && !(s[de - 1] == '\n' && fuzz_starts(s + de, n - de, "#der ")))
            de++;
        FUZZ_OOM(agw_buf_printf(out, "-----BEGIN %.*s-----\n", (int)(le - l), s + l) == 0);
        for (size_t p = d; p < de; p += 48) {
            size_t k = de - p < 48 ? de - p : 48;
            unsigned char line[65];
            int w = EVP_EncodeBlock(line, (const unsigned char *)s + p, (int)k);
            FUZZ_OOM(agw_buf_append(out, line, (size_t)w) == 0 && agw_buf_appendc(out, '\n') == 0);
        }
        FUZZ_OOM(agw_buf_printf(out, "-----END %.*s-----\n", (int)(le - l), s + l) == 0);
        i = de;
    }
}

static const char *const codes[] = {"InvalidCertificateBody", "InvalidCertificatePrivateKey",
                                    "CertificateKeyMismatch", "CertificateDomainMismatch",
                                    "CertificateExpired",     NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *head, *bs = "", *ks = "";
    size_t hn, bsn = 0, ksn = 0;
    if (!fuzz_part(&in, &head, &hn)) return 0;
    if (!fuzz_part(&in, &bs, &bsn)) bsn = 0;
    if (!fuzz_part(&in, &ks, &ksn)) ksn = 0;
    char *domain = NULL;
    int64_t now = 1764547200; /* 2025-12-01 */
    struct fuzz_in h = {head, hn};
    const char *l;
    size_t ln;
    while (fuzz_line(&h, &l, &ln)) {
        if (fuzz_starts(l, ln, "domain=") && !domain) {
            domain = fuzz_strndup(l + 7, ln - 7);
        } else if (fuzz_starts(l, ln, "now=")) {
            char *t = fuzz_strndup(l + 4, ln - 4);
            now = (int64_t)strtoll(t, NULL, 10);
            free(t);
        }
    }
    if (!domain) domain = fuzz_strndup("api.example.com", 15);
    /* the domain went through set_domain_certificate's DomainName check first: a host name */
    for (const char *c = domain; *c; c++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_", *c)) {
            free(domain);
            return 0;
        }
    struct agw_buf body, key;
    agw_buf_init(&body, 0);
    agw_buf_init_secret(&key, 0);
    expand(&body, bs, bsn);
    expand(&key, ks, ksn);

    struct agw_cert_info info;
    struct agw_err err;
    agw_err_clear(&err);
    memset(&info, 0x5a, sizeof info);
    int rc = agw_cert_check(agw_buf_str(&body), body.len, agw_buf_str(&key), key.len, domain, now,
                            &info, &err);
    if (rc == 0) {
        FUZZ_CHECK(info.chain >= 1, "accepted with a chain of %d", info.chain);
        FUZZ_CHECK(info.not_after >= now, "accepted although it expired at %lld (now %lld)",
                   (long long)info.not_after, (long long)now);
        FUZZ_CHECK(memchr(info.names, '\0', sizeof info.names) && info.names[0],
                   "accepted with no names");
        FUZZ_CHECK(!fuzz_contains(agw_buf_str(&body), body.len, "PRIVATE KEY-----"),
                   "accepted a body holding a private key");
        FUZZ_CHECK(!fuzz_contains(agw_buf_str(&key), key.len, "ENCRYPTED"),
                   "accepted an encrypted key");
    } else {
        FUZZ_CHECK(rc == -1, "returned %d", rc);
        int known = 0;
        for (size_t i = 0; codes[i]; i++)
            known = known || strcmp(err.code, codes[i]) == 0;
        FUZZ_CHECK(known || strcmp(err.code, "InternalError") == 0, "an undocumented code '%s'",
                   err.code);
        FUZZ_CHECK(err.kind == AGW_ERR_CLIENT, "code %s of kind %d", err.code, (int)err.kind);
        size_t mn = strlen(err.message);
        FUZZ_CHECK(mn > 0, "code %s without a message", err.code);
        for (size_t i = 0; i < mn; i++) {
            unsigned char c = (unsigned char)err.message[i];
            FUZZ_CHECK(c >= 0x20 && c != 0x7f, "a control byte 0x%02x in the message: %s", c,
                       err.message);
        }
        /* no line of the key's text, unless the body or the domain has it too */
        struct fuzz_in k = {agw_buf_str(&key), key.len};
        while (fuzz_line(&k, &l, &ln)) {
            /* key material: base64 lines (not the armour, not the headers of a legacy key) */
            if (ln < 16 || strspn(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789+/=") < ln)
                continue;
            char *line = fuzz_strndup(l, ln);
            if (strlen(line) == ln && !fuzz_contains(agw_buf_str(&body), body.len, line) &&
                !strstr(domain, line))
                FUZZ_CHECK(!strstr(err.message, line), "the key's line '%s' in the message: %s",
                           line, err.message);
            free(line);
        }
    }
    agw_buf_free(&body);
    agw_buf_wipe_free(&key);
    free(domain);
    return 0;
}
