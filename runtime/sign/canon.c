#include "canon.h"

#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "sort.h"

/* Scratch arrays this small live on the stack: a signed request has a dozen entries. */
#define STACK_ENTRIES 32

static int cmp_param_ptr(const void *a, const void *b)
{
    const struct agw_param *x = *(const struct agw_param *const *)a;
    const struct agw_param *y = *(const struct agw_param *const *)b;
    return strcmp(x->name, y->name);
}

int agw_canon_query(struct agw_buf *out, const struct agw_params *params, const char *skip)
{
    size_t n = params ? params->n : 0;
    if (n == 0) return agw_buf_append(out, "", 0);
    const struct agw_param *stack[STACK_ENTRIES];
    const struct agw_param **v = stack;
    if (n > STACK_ENTRIES) {
        if (n > (size_t)-1 / sizeof *v) return -1;
        v = malloc(n * sizeof *v);
        if (!v) return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!skip || strcmp(params->v[i].name, skip) != 0) v[k++] = &params->v[i];
    agw_sort_stable(v, k, sizeof *v, cmp_param_ptr);

    int rc = agw_buf_append(out, "", 0);
    for (size_t i = 0; i < k && rc == 0; i++) {
        if (i > 0) rc = agw_buf_appendc(out, '&');
        if (rc == 0) rc = agw_pe_appends(out, v[i]->name);
        if (rc == 0) rc = agw_buf_appendc(out, '=');
        if (rc == 0) rc = agw_pe_appends(out, v[i]->value);
    }
    if (v != stack) free(v);
    return rc;
}

struct hdr {
    const char *name; /* as given; lower-cased on output */
    size_t nlen;
    const char *val; /* trimmed: [val, val + vlen) */
    size_t vlen;
};

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Byte order of the lower-cased names. */
static int cmp_lower(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
        if (x != y) return x < y ? -1 : 1;
    }
    return an < bn ? -1 : an > bn;
}

static int cmp_hdr(const void *a, const void *b)
{
    const struct hdr *x = a, *y = b;
    int c = cmp_lower(x->name, x->nlen, y->name, y->nlen);
    if (c != 0) return c;
    size_t n = x->vlen < y->vlen ? x->vlen : y->vlen;
    c = n ? memcmp(x->val, y->val, n) : 0;
    if (c != 0) return c;
    return x->vlen < y->vlen ? -1 : x->vlen > y->vlen;
}

static int is_signed_name(const char *name, size_t n)
{
    return cmp_lower(name, n, "host", 4) == 0 || cmp_lower(name, n, "content-type", 12) == 0 ||
           (n >= 6 && cmp_lower(name, 6, "x-acs-", 6) == 0);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int append_lower(struct agw_buf *b, const char *s, size_t n)
{
    char tmp[64];
    while (n > 0) {
        size_t k = n < sizeof tmp ? n : sizeof tmp;
        for (size_t i = 0; i < k; i++) tmp[i] = (char)lower((unsigned char)s[i]);
        if (agw_buf_append(b, tmp, k) != 0) return -1;
        s += k;
        n -= k;
    }
    return 0;
}

int agw_canon_headers(struct agw_buf *canon, struct agw_buf *signed_names,
                      const struct agw_params *headers)
{
    size_t n = headers ? headers->n : 0;
    struct hdr stack[STACK_ENTRIES];
    struct hdr *v = stack;
    if (n > STACK_ENTRIES) {
        if (n > (size_t)-1 / sizeof *v) return -1;
        v = malloc(n * sizeof *v);
        if (!v) return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = headers->v[i].name, *val = headers->v[i].value;
        size_t nlen = strlen(name), vlen = strlen(val);
        if (!is_signed_name(name, nlen)) continue;
        while (vlen > 0 && is_space(val[0])) val++, vlen--;
        while (vlen > 0 && is_space(val[vlen - 1])) vlen--;
        v[k++] = (struct hdr){name, nlen, val, vlen};
    }
    agw_sort_stable(v, k, sizeof *v, cmp_hdr);

    int rc = agw_buf_append(canon, "", 0);
    if (rc == 0) rc = agw_buf_append(signed_names, "", 0);
    for (size_t i = 0; i < k && rc == 0; i++) {
        int same = i > 0 && cmp_lower(v[i - 1].name, v[i - 1].nlen, v[i].name, v[i].nlen) == 0;
        if (same) {
            /* Another value of the previous name: replace its '\n' by ','. */
            canon->len--;
            rc = agw_buf_appendc(canon, ',');
        } else {
            if (i > 0) rc = agw_buf_appendc(signed_names, ';');
            if (rc == 0) rc = append_lower(signed_names, v[i].name, v[i].nlen);
            if (rc == 0) rc = append_lower(canon, v[i].name, v[i].nlen);
            if (rc == 0) rc = agw_buf_appendc(canon, ':');
        }
        if (rc == 0) rc = agw_buf_append(canon, v[i].val, v[i].vlen);
        if (rc == 0) rc = agw_buf_appendc(canon, '\n');
    }
    if (v != stack) free(v);
    return rc;
}
