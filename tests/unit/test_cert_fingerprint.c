/* agw_cert_fingerprint (runtime/cert/fingerprint.c) against the openssl command: the
 * certificates are made now, in a temporary directory, by `openssl req`/`openssl x509`, and
 * each fingerprint is compared with what `openssl x509 -noout -fingerprint -sha256` prints
 * for it (the colons dropped, in lower case). Then a chain (the leaf's fingerprint, not the
 * CA's), a key block beside the certificate (also an encrypted one: no pass phrase asked),
 * and bad input: each refused with InvalidCertificateBody and a message, out left empty.
 * Label unit; needs the openssl program (make deps installs it). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fingerprint.h"

static char dir[] = "/tmp/agw-test-fp-XXXXXX";

static int sh(const char *fmt, const char *a)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, dir, a ? a : "");
    int rc = system(cmd);
    if (rc != 0) printf("FAIL: command exited %d: %s\n", rc, cmd);
    return rc;
}

/* The file dir/name, read whole (NUL-terminated; *len without it), or NULL. */
static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(65536);
    size_t n = buf ? fread(buf, 1, 65535, f) : 0;
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* What the openssl command prints for dir/name, as 64 lower-case hex digits. */
static int openssl_fp(const char *name, char out[65])
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "openssl x509 -noout -fingerprint -sha256 -in '%s/%s'", dir, name);
    FILE *p = popen(cmd, "r");
    char line[256] = "";
    int got = p && fgets(line, sizeof line, p) != NULL;
    int rc = p ? pclose(p) : -1;
    const char *eq = got ? strchr(line, '=') : NULL;
    size_t k = 0;
    for (const char *c = eq ? eq + 1 : ""; *c && k < 64; c++)
        if (isxdigit((unsigned char)*c)) out[k++] = (char)tolower((unsigned char)*c);
    out[k] = '\0';
    return rc == 0 && k == 64 ? 0 : -1;
}

/* agw_cert_fingerprint of dir/name must be want */
static void check_file(const char *name, const char *want)
{
    size_t n = 0;
    char *body = slurp(name, &n);
    CHECKF(body != NULL, "read %s", name);
    if (!body) return;
    char got[65] = "x";
    struct agw_err err;
    agw_err_clear(&err);
    int rc = agw_cert_fingerprint(body, n, got, &err);
    CHECKF(rc == 0, "%s: %s: %s", name, err.code, err.message);
    CHECKF(strcmp(got, want) == 0, "%s: want %s, got %s", name, want, got);
    free(body);
}

/* body must be refused with InvalidCertificateBody, a message, and out empty */
static void check_bad(const char *what, const char *body, size_t n)
{
    char out[65] = "not touched";
    struct agw_err err;
    agw_err_clear(&err);
    int rc = agw_cert_fingerprint(body, n, out, &err);
    CHECKF(rc == -1, "%s: refused", what);
    CHECKF(strcmp(err.code, "InvalidCertificateBody") == 0, "%s: code %s", what, err.code);
    CHECKF(err.kind == AGW_ERR_CLIENT, "%s: kind %d", what, (int)err.kind);
    CHECKF(strstr(err.message, "certificate body") != NULL, "%s: message '%s'", what, err.message);
    CHECKF(out[0] == '\0', "%s: out is '%s'", what, out);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (system("openssl version >/dev/null 2>&1") != 0) {
        printf("FAIL: the openssl program is missing (make deps installs it)\n");
        return 1;
    }
    /* a self-signed EC certificate, a CA and a leaf it issued (RSA: another key type) */
    int made =
        sh("cd '%s' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
           "-keyout self.key -out self.crt -days 30 -subj /CN=api.example.com%s 2>/dev/null",
           NULL) == 0 &&
        sh("cd '%s' && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt "
           "-days 30 -subj '/CN=Test CA'%s -addext basicConstraints=critical,CA:TRUE "
           "2>/dev/null",
           NULL) == 0 &&
        sh("cd '%s' && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
           "-keyout leaf.key -out leaf.csr -subj /CN=leaf.example.com%s 2>/dev/null && "
           "openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 "
           "-out leaf.crt 2>/dev/null",
           NULL) == 0 &&
        sh("cd '%s' && cat leaf.crt ca.crt >chain.pem && cat self.key self.crt >keyfirst.pem%s",
           NULL) == 0 &&
        sh("cd '%s' && openssl pkey -in self.key -aes256 -passout pass:secret -out enc.key%s && "
           "cat enc.key self.crt >enckey.pem",
           NULL) == 0 &&
        sh("cd '%s' && openssl x509 -in self.crt -outform DER -out self.der%s", NULL) == 0;
    CHECK(made);
    char self_fp[65], ca_fp[65], leaf_fp[65];
    int fps = made && openssl_fp("self.crt", self_fp) == 0 && openssl_fp("ca.crt", ca_fp) == 0 &&
              openssl_fp("leaf.crt", leaf_fp) == 0;
    CHECKF(fps, "openssl x509 -fingerprint printed a SHA-256 fingerprint");
    if (fps) {
        check_file("self.crt", self_fp);
        check_file("ca.crt", ca_fp);
        check_file("leaf.crt", leaf_fp);
        check_file("chain.pem", leaf_fp); /* the leaf's, the first certificate */
        CHECK(strcmp(leaf_fp, ca_fp) != 0);
        check_file("keyfirst.pem", self_fp); /* a key block before it is skipped */
        check_file("enckey.pem", self_fp);   /* also an encrypted one: no pass phrase */
    }

    /* bad input: never a crash, always the error */
    check_bad("NULL", NULL, 0);
    check_bad("empty", "", 0);
    check_bad("not PEM", "hello", 5);
    size_t n = 0;
    char *key = made ? slurp("self.key", &n) : NULL;
    if (key) check_bad("a key alone", key, n);
    free(key);
    char *der = made ? slurp("self.der", &n) : NULL;
    if (der) check_bad("DER, not PEM", der, n);
    free(der);
    char *crt = made ? slurp("self.crt", &n) : NULL;
    if (crt) {
        check_bad("cut in the middle", crt, n / 2);
        check_bad("no END line", crt, n - 30);
        char *nul = malloc(n);
        if (nul) {
            memcpy(nul, crt, n);
            nul[n / 2] = '\0'; /* a NUL inside: refused, not read up to it */
            check_bad("a NUL byte inside", nul, n);
            memcpy(nul, crt, n);
            char *b64 = strchr(nul, '\n'); /* the first base64 line, corrupted */
            if (b64) memset(b64 + 1, '!', 20);
            check_bad("bad base64", nul, n);
            free(nul);
        }
        static const char header_only[] =
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
        check_bad("an empty block", header_only, sizeof header_only - 1);
        static const char junk[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        check_bad("a block that is no certificate", junk, sizeof junk - 1);
    }
    free(crt);

    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("note: could not remove %s\n", dir);
    return check_report();
}
