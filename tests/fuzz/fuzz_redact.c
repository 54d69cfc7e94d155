/* The one redactor (runtime/request/redact.c, agw_redact). The input is header lines, a line
 * "%%", then the text to mask (any bytes). Header lines:
 *   v=<%XX text>   a secret value of the set (the AccessKey secret, the token), up to 3;
 *   n=<name>       a further secret parameter name (an action's `secret` mark), up to 3;
 *   max=<bytes>    the buffer's maximum (default: none), to reach the out-of-memory path.
 * In the text, "$<d><f>" (d: 0-2, f: r raw, o encoded once, t twice) stands for that form of
 * value d, and "$P<l><k>" for a secret parameter at a name start with the marker as its
 * value: "&", "%26" or "%2526" (level l: 0-2), then secret name k (0-9: the built-in and
 * default names, then the n= names; some flattened: "Certs.1.<name>", "<name>.1"), then "=",
 * "%3D" or "%253D", then FUZZ_MARKER; "$H" is the same for the secret header
 * (a line "x-acs-security-token: <marker>").
 * Properties: no form of a secret value and no marker survives; the output is a C string of
 * its length, the input with some ranges replaced by masks (checked when the input holds no
 * '*': its other bytes are the input's in order, the first change is a mask), and masks
 * nothing more when masked again
 * (when no value was in it: a masked value can make its neighbour a name start); a failure
 * (past max) leaves the buffer as it was. Values holding '*' are skipped: a mask is made of
 * them, so such a value can "survive" in the masks themselves. */
#include "fuzz.h"
#include "redact.h"

#define NVALS 3
#define NNAMES 3

struct forms {
    struct agw_buf f[3]; /* raw, once, twice */
};

/* The fixed names first, so that k picks the same name whatever the n= lines say. */
static const char *secret_name(const char *const *extra, size_t k)
{
    static const char *const fixed[] = {"Signature", "SecurityToken", "OIDCToken",
                                        "CertificatePrivateKey"};
    const size_t nf = sizeof fixed / sizeof fixed[0];
    if (k < nf) return fixed[k];
    k -= nf;
    for (size_t i = 0; extra[i]; i++) /* empty names are in the set, and secret nowhere */
        if (*extra[i] && k-- == 0) return extra[i];
    return fixed[0];
}

/* Expands the text's "$" tokens into out. */
static void expand(struct agw_buf *out, const char *s, size_t n, struct forms *vals, size_t nv,
                   const char *const *extra)
{
    static const char *const amp[] = {"&", "%26", "%2526"}, *const eq[] = {"=", "%3D", "%253D"};
    for (size_t i = 0; i < n; i++) {
        size_t left = n - i - 1;
        if (s[i] == '$' && left >= 2 && s[i + 1] >= '0' && s[i + 1] <= '2') {
            size_t d = (size_t)(s[i + 1] - '0');
            int f = s[i + 2] == 'o' ? 1 : s[i + 2] == 't' ? 2 : 0;
            if (d < nv) FUZZ_OOM(agw_buf_append(out, vals[d].f[f].data, vals[d].f[f].len) == 0);
            i += 2;
        } else if (s[i] == '$' && left >= 3 && s[i + 1] == 'P') {
            int l = (s[i + 2] - '0') % 3;
            if (l < 0) l = -l;
            size_t k = (size_t)(unsigned char)s[i + 3] % 10;
            const char *name = secret_name(extra, k);
            int shape = (unsigned char)s[i + 3] / 10 % 3;
            FUZZ_OOM(agw_buf_printf(out, "%s%s%s%s%s%s", amp[l], shape == 1 ? "Certs.1." : "", name,
                                    shape == 2 ? ".1" : "", eq[l], FUZZ_MARKER) == 0);
            i += 3;
        } else if (s[i] == '$' && left >= 1 && s[i + 1] == 'H') {
            FUZZ_OOM(agw_buf_appends(out, "\nx-acs-security-token: " FUZZ_MARKER) == 0);
            i += 1;
        } else {
            FUZZ_OOM(agw_buf_appendc(out, s[i]) == 0);
        }
    }
}

/* The number of leading bytes a and b share. */
static size_t common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0;
    while (i < an && i < bn && a[i] == b[i])
        i++;
    return i;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_contains((const char *)data, size, FUZZ_MARKER)) return 0;
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *head, *text = "";
    size_t hn, tn = 0;
    if (!fuzz_part(&in, &head, &hn)) return 0;
    if (!fuzz_part(&in, &text, &tn)) tn = 0;

    struct forms vals[NVALS];
    const char *values[NVALS + 1] = {NULL};
    char *names[NNAMES + 1] = {NULL};
    size_t nv = 0, nn = 0, max = 0;
    int skip = 0;
    struct fuzz_in h = {head, hn};
    const char *l;
    size_t ln;
    while (fuzz_line(&h, &l, &ln)) {
        if (fuzz_starts(l, ln, "v=") && nv < NVALS) {
            char *v = fuzz_decode(l + 2, ln - 2, 0, NULL);
            if (!v || !*v || strchr(v, '*')) {
                skip = 1;
                free(v);
                continue;
            }
            struct forms *f = &vals[nv];
            for (int k = 0; k < 3; k++)
                agw_buf_init(&f->f[k], 0);
            FUZZ_OOM(agw_buf_appends(&f->f[0], v) == 0 && agw_pe_appends(&f->f[1], v) == 0 &&
                     agw_pe_append(&f->f[2], agw_buf_str(&f->f[1]), f->f[1].len) == 0);
            values[nv++] = agw_buf_str(&f->f[0]);
            free(v);
        } else if (fuzz_starts(l, ln, "n=") && nn < NNAMES) {
            /* the action table's names are identifiers: letters, digits, '_' and '-' */
            for (size_t i = 2; i < ln; i++)
                if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
                            l[i]) ||
                    l[i] == '\0')
                    skip = 1;
            names[nn++] = fuzz_strndup(l + 2, ln - 2);
        } else if (fuzz_starts(l, ln, "max=")) {
            char *m = fuzz_strndup(l + 4, ln - 4);
            max = (size_t)strtoul(m, NULL, 10) % (1u << 20);
            free(m);
        }
    }
    struct agw_buf src;
    agw_buf_init(&src, 0);
    if (!skip) expand(&src, text, tn, vals, nv, (const char *const *)names);
    const struct agw_redact_set set = {values, (const char *const *)names};

    /* whether anything secret is in the input at all: a value's form or a masked name */
    int had_value = 0;
    for (size_t i = 0; i < nv; i++)
        for (int k = 0; k < 3; k++)
            had_value = had_value || fuzz_contains(agw_buf_str(&src), src.len, vals[i].f[k].data);

    struct agw_buf b;
    agw_buf_init(&b, max ? max : 0);
    if (skip || agw_buf_append(&b, agw_buf_str(&src), src.len) != 0) goto done;
    int rc = agw_redact(&b, &set);
    const char *out = agw_buf_str(&b);
    if (rc != 0) {
        FUZZ_CHECK(max != 0, "agw_redact failed without a maximum");
        FUZZ_CHECK(b.len == src.len && memcmp(out, agw_buf_str(&src), src.len) == 0,
                   "a failed redaction changed the buffer");
        goto done;
    }
    FUZZ_CHECK(out[b.len] == '\0', "the output is not a C string of its length");
    FUZZ_CHECK(!fuzz_contains(out, b.len, FUZZ_MARKER), "a secret parameter's value survived: %.*s",
               (int)(b.len < 400 ? b.len : 400), out);
    for (size_t i = 0; i < nv; i++)
        for (int k = 0; k < 3; k++)
            FUZZ_CHECK(!fuzz_contains(out, b.len, vals[i].f[k].data),
                       "value %zu (form %d) survived: %.*s", i, k, (int)(b.len < 400 ? b.len : 400),
                       out);
    const char *s = agw_buf_str(&src);
    if (b.len == src.len && memcmp(out, s, b.len) == 0) goto done; /* nothing masked */
    /* the input with ranges replaced by masks: when the input holds no '*' (so the masks are
     * told from it), the output's other bytes are the input's in order, and the '*' come in
     * threes */
    if (!memchr(s, '*', src.len)) {
        size_t j = 0, stars = 0;
        for (size_t i = 0; i < b.len; i++) {
            if (out[i] == '*') {
                stars++;
                continue;
            }
            while (j < src.len && s[j] != out[i])
                j++;
            FUZZ_CHECK(j < src.len, "output byte %zu (0x%02x) is not the input's", i,
                       (unsigned char)out[i]);
            j++;
        }
        FUZZ_CHECK(stars % 3 == 0, "%zu '*' in the output, not whole masks", stars);
        size_t pre = common_prefix(out, b.len, s, src.len);
        FUZZ_CHECK(pre < b.len && out[pre] == '*',
                   "the output differs from the input at byte %zu, not at a mask", pre);
    }
    if (!had_value) {
        struct agw_buf again;
        agw_buf_init(&again, 0);
        FUZZ_OOM(agw_buf_append(&again, out, b.len) == 0);
        FUZZ_OOM(agw_redact(&again, &set) == 0);
        FUZZ_CHECK(again.len == b.len && memcmp(agw_buf_str(&again), out, b.len) == 0,
                   "masking again masked more: %.*s", (int)(again.len < 400 ? again.len : 400),
                   agw_buf_str(&again));
        agw_buf_free(&again);
    }
done:
    agw_buf_free(&b);
    agw_buf_free(&src);
    for (size_t i = 0; i < nv; i++)
        for (int k = 0; k < 3; k++)
            agw_buf_free(&vals[i].f[k]);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    return 0;
}
