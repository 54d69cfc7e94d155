#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wipe.h"

void agw_buf_init(struct agw_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : AGW_BUF_DEFAULT_MAX;
    b->secret = 0;
}

void agw_buf_init_secret(struct agw_buf *b, size_t max)
{
    agw_buf_init(b, max);
    b->secret = 1;
}

void agw_buf_free(struct agw_buf *b)
{
    if (!b) return;
    if (b->secret) {
        agw_buf_wipe_free(b);
        return;
    }
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void agw_buf_wipe_free(struct agw_buf *b)
{
    if (!b) return;
    agw_wipe_free_n(b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}

void agw_buf_reset(struct agw_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

/* Makes room for n more bytes plus the terminating NUL. */
static int reserve(struct agw_buf *b, size_t n)
{
    if (n > b->max || b->len > b->max - n) return -1;
    size_t need = b->len + n + 1;
    if (need <= b->cap) return 0;
    /* a secret buffer starts larger: each growth is a copy and a wipe (a signed URL or
     * canonical request is a few hundred bytes) */
    size_t cap = b->cap ? b->cap : b->secret ? 512 : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    char *p;
    if (b->secret) { /* never leave a copy behind in freed memory */
        p = malloc(cap);
        if (!p) return -1;
        if (b->data) memcpy(p, b->data, b->len + 1);
        agw_wipe_free_n(b->data, b->cap);
    } else {
        p = realloc(b->data, cap);
        if (!p) return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int agw_buf_append(struct agw_buf *b, const void *p, size_t n)
{
    if (reserve(b, n) != 0) return -1;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int agw_buf_appends(struct agw_buf *b, const char *s)
{
    return agw_buf_append(b, s, strlen(s));
}

int agw_buf_appendc(struct agw_buf *b, char c)
{
    return agw_buf_append(b, &c, 1);
}

int agw_buf_printf(struct agw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    if ((size_t)n < sizeof small) return agw_buf_append(b, small, (size_t)n);
    if (reserve(b, (size_t)n) != 0) return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *agw_buf_str(const struct agw_buf *b)
{
    return b->data ? b->data : "";
}

char *agw_buf_take(struct agw_buf *b)
{
    char *p = b->data;
    if (!p) p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
