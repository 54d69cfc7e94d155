#include "names.h"

#include <ctype.h>
#include <string.h>

int agw_emu_valid_group_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return 0;
    return n == 32;
}

int agw_emu_valid_group_name(const char *s)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue; /* UTF-8 continuation byte */
        if (chars == 0 && !(isalpha(*p) || *p >= 0x80)) return 0;
        if (!(isalnum(*p) || *p == '_' || *p >= 0x80)) return 0;
        chars++;
    }
    return chars >= 4 && chars <= 50;
}

static int label_ok(const char *l, size_t n, int last)
{
    if (n == 0 || n > 63) return 0;
    if (l[0] == '-' || l[n - 1] == '-') return 0;
    int all_digits = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)l[i];
        if (!(isalnum(c) || c == '-') || c >= 0x80) return 0;
        if (!isdigit(c)) all_digits = 0;
    }
    return !(last && all_digits);
}

int agw_emu_valid_domain_name(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > 253) return 0;
    if (s[0] == '*') {
        if (s[1] != '.') return 0;
        s += 2;
    }
    int labels = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == '.' || *p == '\0') {
            if (!label_ok(start, (size_t)(p - start), *p == '\0')) return 0;
            labels++;
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    return labels >= 2;
}

int agw_emu_lower(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    if (n + 1 > cap) return -1;
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    return 0;
}
