#include "utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

size_t agw_emu_utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0; /* a continuation byte, C0/C1 (overlong) or F5-FF */
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t agw_emu_utf8_check(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    unsigned long cp;
    while (i < n) {
        size_t k = agw_emu_utf8_next(p + i, n - i, &cp);
        if (k == 0) return i;
        i += k;
    }
    return n;
}

int agw_emu_utf8_append_repaired(struct agw_buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: well-formed bytes not yet appended, ending at i */
    unsigned long cp;
    while (i < n) {
        size_t k = agw_emu_utf8_next(p + i, n - i, &cp);
        if (k) {
            i += k;
            run += k;
            continue;
        }
        if (agw_buf_append(out, s + i - run, run) != 0 || agw_buf_appends(out, REPLACEMENT) != 0)
            return -1;
        run = 0;
        i++;
    }
    return agw_buf_append(out, s + i - run, run);
}
