#include "canon.h"

#include <stdlib.h>
#include <string.h>

#include "sort.h"

/* Scratch this small lives on the stack: a signed request has about a dozen entries. */
#define STACK_ENTRIES 32
#define STACK_NAME_BYTES 1024

static int cmp_param_ptr(const void *a, const void *b)
{
    const struct agw_param *x = *(const struct agw_param *const *)a;
    const struct agw_param *y = *(const struct agw_param *const *)b;
    return strcmp(x->name, y->name);
}

int agw_canon_query(struct agw_writer *w, const struct agw_params *params, const char *skip)
{
    size_t n = params ? params->n : 0;
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
    for (size_t i = 0; i < k; i++) {
        if (i > 0) agw_writer_putc(w, '&');
        agw_pe_write(w, v[i]->name, strlen(v[i]->name));
        agw_writer_putc(w, '=');
        agw_pe_write(w, v[i]->value, strlen(v[i]->value));
    }
    if (v != stack) free(v);
    return 0;
}

struct hdr {
    const char *name; /* lower-cased copy */
    size_t nlen;
    const char *val; /* trimmed: [val, val + vlen) of the caller's value */
    size_t vlen;
};

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static int mem_order(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c != 0) return c;
    return an < bn ? -1 : an > bn;
}

/* By name, then by value, so the values of a repeated name come out sorted. */
static int cmp_hdr(const void *a, const void *b)
{
    const struct hdr *x = a, *y = b;
    int c = mem_order(x->name, x->nlen, y->name, y->nlen);
    return c != 0 ? c : mem_order(x->val, x->vlen, y->val, y->vlen);
}

/* lname is already lower case. */
static int is_signed_name(const char *lname, size_t n)
{
    return (n == 4 && memcmp(lname, "host", 4) == 0) ||
           (n == 12 && memcmp(lname, "content-type", 12) == 0) ||
           (n >= 6 && memcmp(lname, "x-acs-", 6) == 0);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int agw_canon_headers(struct agw_writer *canon, struct agw_writer *signed_names,
                      const struct agw_params *headers)
{
    size_t n = headers ? headers->n : 0;
    struct hdr vstack[STACK_ENTRIES];
    char nstack[STACK_NAME_BYTES];
    struct hdr *v = vstack;
    char *names = nstack;
    size_t name_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(headers->v[i].name);
        if (len > (size_t)-1 - name_bytes) return -1;
        name_bytes += len;
    }
    if (n > STACK_ENTRIES) {
        if (n > (size_t)-1 / sizeof *v) return -1;
        v = malloc(n * sizeof *v);
    }
    if (name_bytes > sizeof nstack) names = malloc(name_bytes);
    if (!v || !names) {
        if (v != vstack) free(v);
        if (names != nstack) free(names);
        return -1;
    }

    size_t k = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = headers->v[i].name, *val = headers->v[i].value;
        char *lname = names + used;
        size_t nlen = 0;
        for (; name[nlen]; nlen++)
            lname[nlen] = lower(name[nlen]);
        if (!is_signed_name(lname, nlen)) continue;
        used += nlen;
        size_t vlen = strlen(val);
        while (vlen > 0 && is_space(val[0]))
            val++, vlen--;
        while (vlen > 0 && is_space(val[vlen - 1]))
            vlen--;
        v[k++] = (struct hdr){lname, nlen, val, vlen};
    }
    agw_sort_stable(v, k, sizeof *v, cmp_hdr);

    for (size_t i = 0; i < k; i++) {
        int same = i > 0 && mem_order(v[i - 1].name, v[i - 1].nlen, v[i].name, v[i].nlen) == 0;
        if (same) {
            agw_writer_putc(canon, ','); /* another value of the same name */
        } else {
            if (i > 0) {
                agw_writer_putc(canon, '\n');
                agw_writer_putc(signed_names, ';');
            }
            agw_writer_put(signed_names, v[i].name, v[i].nlen);
            agw_writer_put(canon, v[i].name, v[i].nlen);
            agw_writer_putc(canon, ':');
        }
        agw_writer_put(canon, v[i].val, v[i].vlen);
    }
    if (k > 0) agw_writer_putc(canon, '\n');
    if (v != vstack) free(v);
    if (names != nstack) free(names);
    return 0;
}
