#include "params.h"

#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "wipe.h"

void agw_params_init(struct agw_params *p)
{
    p->v = NULL;
    p->n = 0;
    p->cap = 0;
}

static void free_entry(struct agw_param *e)
{
    free(e->name);
    agw_wipe_free(e->value);
    e->name = e->value = NULL;
}

void agw_params_truncate(struct agw_params *p, size_t n)
{
    if (!p) return;
    while (p->n > n)
        free_entry(&p->v[--p->n]);
}

void agw_params_free(struct agw_params *p)
{
    if (!p) return;
    agw_params_truncate(p, 0);
    free(p->v);
    agw_params_init(p);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int agw_params_addn(struct agw_params *p, const char *name, size_t nlen, const char *value,
                    size_t vlen)
{
    if (!name || (!value && vlen)) return -1;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        if (cap > (size_t)-1 / sizeof *p->v) return -1;
        struct agw_param *v = realloc(p->v, cap * sizeof *v);
        if (!v) return -1;
        p->v = v;
        p->cap = cap;
    }
    char *n = dup_n(name, nlen);
    char *val = dup_n(value ? value : "", vlen);
    if (!n || !val) {
        free(n);
        free(val);
        return -1;
    }
    p->v[p->n].name = n;
    p->v[p->n].value = val;
    p->n++;
    return 0;
}

int agw_params_add(struct agw_params *p, const char *name, const char *value)
{
    if (!name) return -1;
    if (!value) value = "";
    return agw_params_addn(p, name, strlen(name), value, strlen(value));
}

int agw_params_set(struct agw_params *p, const char *name, const char *value)
{
    if (!name) return -1;
    if (!value) value = "";
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->v[i].name, name) != 0) continue;
        char *val = dup_n(value, strlen(value));
        if (!val) return -1;
        agw_wipe_free(p->v[i].value);
        p->v[i].value = val;
        return 0;
    }
    return agw_params_add(p, name, value);
}

const char *agw_params_get(const struct agw_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].name, name) == 0) return p->v[i].value;
    return NULL;
}

/* ASCII only and locale-free: header names are ASCII tokens. */
static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

const char *agw_params_get_ci(const struct agw_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++) {
        const unsigned char *a = (const unsigned char *)p->v[i].name;
        const unsigned char *b = (const unsigned char *)name;
        while (*a && ascii_lower(*a) == ascii_lower(*b))
            a++, b++;
        if (*a == '\0' && *b == '\0') return p->v[i].value;
    }
    return NULL;
}

size_t agw_params_remove(struct agw_params *p, const char *name)
{
    size_t kept = 0, removed = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->v[i].name, name) == 0) {
            free_entry(&p->v[i]);
            removed++;
        } else {
            p->v[kept++] = p->v[i];
        }
    }
    p->n = kept;
    return removed;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct agw_param *)a)->name, ((const struct agw_param *)b)->name);
}

void agw_params_sort(struct agw_params *p)
{
    agw_sort_stable(p->v, p->n, sizeof *p->v, cmp_name);
}

int agw_params_extend(struct agw_params *dst, const struct agw_params *src)
{
    size_t n0 = dst->n, count = src->n;
    /* dst == src is allowed: only the entries present on entry are copied. */
    for (size_t i = 0; i < count; i++) {
        const struct agw_param *e = &src->v[i];
        if (agw_params_add(dst, e->name, e->value) != 0) {
            agw_params_truncate(dst, n0);
            return -1;
        }
    }
    return 0;
}
