#define _GNU_SOURCE /* memmem */
#include "redact.h"

#include <string.h>
#include <strings.h>

#include "pe.h"

const char *const agw_redact_default_names[] = {"CertificatePrivateKey", NULL};

/* The schemes' own secret parameters and headers (docs/signing.md 1.1, 1.6, 2.1), and STS's
 * AssumeRoleWithOIDC token. */
static const char *const builtin_names[] = {"Signature", "SecurityToken", "OIDCToken", NULL};
static const char *const secret_headers[] = {"x-acs-security-token", NULL};

/* The three places secret names come from, walked in turn. */
#define NAME_LISTS 3
static void name_lists(const struct agw_redact_set *set, const char *const *lists[NAME_LISTS])
{
    lists[0] = builtin_names;
    lists[1] = agw_redact_default_names;
    lists[2] = set ? set->names : NULL;
}

static int is_name_byte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

int agw_redact_is_secret(const struct agw_redact_set *set, const char *name)
{
    const char *const *lists[NAME_LISTS];
    name_lists(set, lists);
    for (const char *c = name; c;) {
        const char *dot = strchr(c, '.');
        size_t n = dot ? (size_t)(dot - c) : strlen(c);
        for (int l = 0; l < NAME_LISTS; l++)
            for (const char *const *s = lists[l]; s && *s; s++)
                if (**s && strlen(*s) == n && memcmp(*s, c, n) == 0) return 1;
        c = dot ? dot + 1 : NULL;
    }
    return 0;
}

const char *const *agw_redact_creds(const char *vals[3], const char *secret, const char *token)
{
    size_t n = 0;
    if (secret) vals[n++] = secret;
    if (token) vals[n++] = token;
    vals[n] = NULL;
    return vals;
}

/* Replaces every occurrence of needle in *cur with the mask; 0 or -1 (cur unchanged). */
static int replace_all(struct agw_buf *cur, const char *needle, size_t nl)
{
    if (nl == 0 || cur->len < nl) return 0;
    const char *p = agw_buf_str(cur), *end = p + cur->len;
    const char *f = memmem(p, cur->len, needle, nl);
    if (!f) return 0;
    struct agw_buf out;
    agw_buf_init_secret(&out, cur->max);
    for (; f; f = memmem(p, (size_t)(end - p), needle, nl)) {
        if (agw_buf_append(&out, p, (size_t)(f - p)) || agw_buf_appends(&out, AGW_REDACT_MASK))
            goto fail;
        p = f + nl;
    }
    if (agw_buf_append(&out, p, (size_t)(end - p))) goto fail;
    agw_buf_wipe_free(cur);
    *cur = out;
    return 0;
fail:
    agw_buf_wipe_free(&out);
    return -1;
}

/* Masks value wherever it appears in *cur, encoded twice, once, and raw: the longest form
 * first, so that a shorter one never leaves part of a longer one behind. */
static int mask_value(struct agw_buf *cur, const char *value)
{
    struct agw_buf once, twice;
    agw_buf_init_secret(&once, 0);
    agw_buf_init_secret(&twice, 0);
    int rc = -1;
    if (agw_pe_appends(&once, value) || agw_pe_append(&twice, agw_buf_str(&once), once.len))
        goto done;
    if (replace_all(cur, agw_buf_str(&twice), twice.len) ||
        replace_all(cur, agw_buf_str(&once), once.len) || replace_all(cur, value, strlen(value)))
        goto done;
    rc = 0;
done:
    agw_buf_wipe_free(&once);
    agw_buf_wipe_free(&twice);
    return rc;
}

/* "=" and "&" encoded 0, 1 and 2 times: where a value starts and where it ends. */
static const char *const eq_form[] = {"=", "%3D", "%253D"};
static const char *const amp_form[] = {"&", "%26", "%2526"};

static int starts(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && memcmp(s, lit, l) == 0;
}

static int at_name_start(const char *s, size_t i)
{
    if (i == 0 || !is_name_byte((unsigned char)s[i - 1])) return 1;
    return (i >= 3 && memcmp(s + i - 3, "%26", 3) == 0) ||
           (i >= 5 && memcmp(s + i - 5, "%2526", 5) == 0);
}

/* Where the value after a secret name starts at s[i..n), or 0: i is at a name start and
 * a name (or header) of the lists is there. *level is the encoding level (0..2), or 3 for a
 * header, whose value runs to the end of the line. */
static size_t secret_value_at(const char *s, size_t n, size_t i, const char *const *lists[],
                              int *level)
{
    for (const char *const *h = secret_headers; *h; h++) {
        size_t l = strlen(*h);
        if (n - i > l && strncasecmp(s + i, *h, l) == 0 && s[i + l] == ':') {
            size_t j = i + l + 1;
            while (j < n && s[j] == ' ')
                j++;
            *level = 3;
            return j;
        }
    }
    for (int li = 0; li < NAME_LISTS; li++)
        for (const char *const *nm = lists[li]; nm && *nm; nm++) {
            size_t l = strlen(*nm);
            if (l == 0 || n - i < l || memcmp(s + i, *nm, l) != 0) continue;
            size_t j = i + l;
            if (j < n && s[j] == '.') /* a flattened name: the rest of it */
                while (j < n && (is_name_byte((unsigned char)s[j]) || s[j] == '.'))
                    j++;
            for (int e = 0; e < 3; e++)
                if (starts(s + j, n - j, eq_form[e])) {
                    *level = e;
                    return j + strlen(eq_form[e]);
                }
        }
    return 0;
}

/* Where a value at level level starting at s[j] ends. */
static size_t value_end(const char *s, size_t n, size_t j, int level)
{
    for (; j < n; j++) {
        unsigned char c = (unsigned char)s[j];
        if (level == 3) {
            if (c == '\n' || c == '\r') break;
            continue;
        }
        if (c <= ' ' || c == '"' || c == '\'' || c == ',' || c == '<' || c == '>' || c == '\\' ||
            c == 0x7f)
            break;
        if (starts(s + j, n - j, amp_form[level])) break;
    }
    return j;
}

/* 1 when a secret name or header occurs anywhere in s[0..n): a hit of secret_value_at needs
 * one at its position, so without any the walk below can be skipped. Most texts on the call
 * path (a V3 canonical request without a token, any string to sign) hold none, and the walk
 * tries every list at every name start. */
static int any_name(const char *s, size_t n, const char *const *lists[])
{
    for (const char *const *h = secret_headers; *h; h++) {
        size_t l = strlen(*h);
        for (size_t i = 0; i + l <= n; i++)
            if ((s[i] | 0x20) == (*h)[0] && strncasecmp(s + i, *h, l) == 0) /* *h: lower case */
                return 1;
    }
    for (int li = 0; li < NAME_LISTS; li++)
        for (const char *const *nm = lists[li]; nm && *nm; nm++)
            if (**nm && memmem(s, n, *nm, strlen(*nm))) return 1;
    return 0;
}

/* Masks the value of every secret name in *cur. */
static int mask_names(struct agw_buf *cur, const struct agw_redact_set *set)
{
    const char *const *lists[NAME_LISTS];
    name_lists(set, lists);
    const char *s = agw_buf_str(cur);
    size_t n = cur->len, copied = 0;
    if (!any_name(s, n, lists)) return 0;
    struct agw_buf out;
    agw_buf_init_secret(&out, cur->max);
    int hit = 0;
    for (size_t i = 0; i < n;) {
        int level;
        size_t j = at_name_start(s, i) ? secret_value_at(s, n, i, lists, &level) : 0;
        if (!j) {
            i++;
            continue;
        }
        size_t end = value_end(s, n, j, level);
        hit = 1;
        if (agw_buf_append(&out, s + copied, j - copied) || agw_buf_appends(&out, AGW_REDACT_MASK))
            goto fail;
        copied = end;
        i = end > j ? end : j;
    }
    if (!hit) return 0;
    if (agw_buf_append(&out, s + copied, n - copied)) goto fail;
    agw_buf_wipe_free(cur);
    *cur = out;
    return 0;
fail:
    agw_buf_wipe_free(&out);
    return -1;
}

int agw_redact(struct agw_buf *buf, const struct agw_redact_set *set)
{
    if (buf->len == 0) return 0;
    struct agw_buf cur;
    agw_buf_init_secret(&cur, buf->max);
    if (agw_buf_append(&cur, agw_buf_str(buf), buf->len)) goto fail;
    /* names first: a short secret value inside a parameter's name would hide the name */
    if (mask_names(&cur, set)) goto fail;
    for (const char *const *v = set ? set->values : NULL; v && *v; v++)
        if (**v && mask_value(&cur, *v)) goto fail;
    agw_buf_wipe_free(buf);
    *buf = cur;
    return 0;
fail:
    agw_buf_wipe_free(&cur);
    return -1;
}
