#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wipe.h"

char *agw_cred_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

const char *agw_cred_printable(const char *s, char *dst, size_t n)
{
    size_t i = 0, len = strlen(s);
    size_t keep = len < n ? len : n - 4;
    for (; i < keep; i++) {
        unsigned char c = (unsigned char)s[i];
        dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (keep < len) {
        memcpy(dst + i, "...", 3);
        i += 3;
    }
    dst[i] = '\0';
    return dst;
}

long agw_cred_unsendable(const char *s, int comma_ok)
{
    for (long i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || (c == ',' && !comma_ok)) return i;
    }
    return -1;
}

int agw_cred_region_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return 0;
    }
    return n >= 1 && n <= 64;
}

void agw_cred_note(struct agw_buf *b, int *failed, const char *fmt, ...)
{
    char line[1280];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || agw_buf_appends(b, line) != 0) *failed = 1;
}
