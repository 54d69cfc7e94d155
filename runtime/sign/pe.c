#include "pe.h"

#include <string.h>

static const char HEX_UPPER[] = "0123456789ABCDEF";

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

static void restore(struct agw_buf *out, size_t len)
{
    out->len = len;
    if (out->data) out->data[len] = '\0';
}

/* Copies runs of unreserved bytes in one append and escapes the rest through a small
 * stack buffer, so a long value costs a handful of appends, not one per byte. */
int agw_pe_append(struct agw_buf *out, const char *s, size_t n)
{
    size_t len0 = out->len;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && is_unreserved((unsigned char)s[run])) run++;
        if (run > i && agw_buf_append(out, s + i, run - i) != 0) goto fail;
        i = run;
        char esc[96];
        size_t k = 0;
        while (i < n && k + 3 <= sizeof esc && !is_unreserved((unsigned char)s[i])) {
            unsigned char c = (unsigned char)s[i++];
            esc[k++] = '%';
            esc[k++] = HEX_UPPER[c >> 4];
            esc[k++] = HEX_UPPER[c & 15];
        }
        if (k > 0 && agw_buf_append(out, esc, k) != 0) goto fail;
    }
    return 0;
fail:
    restore(out, len0);
    return -1;
}

int agw_pe_appends(struct agw_buf *out, const char *s)
{
    return agw_pe_append(out, s, strlen(s));
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int agw_pe_decode(struct agw_buf *out, const char *s, size_t n, int plus_is_space)
{
    size_t len0 = out->len;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] != '%' && !(plus_is_space && s[run] == '+')) run++;
        if (run > i && agw_buf_append(out, s + i, run - i) != 0) goto fail;
        i = run;
        if (i == n) break;
        char c;
        if (s[i] == '+') {
            c = ' ';
            i++;
        } else {
            int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) goto fail;
            c = (char)(unsigned char)(hi * 16 + lo);
            i += 3;
        }
        if (agw_buf_appendc(out, c) != 0) goto fail;
    }
    /* An empty input still leaves a NUL-terminated (allocated) buffer behind. */
    if (agw_buf_append(out, "", 0) != 0) goto fail;
    return 0;
fail:
    restore(out, len0);
    return -1;
}
