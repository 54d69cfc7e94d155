/* The lexical half of apigw.json: see ljson_lex.h. The rewrite works from the positions
 * the scanner recorded, so that the two cannot disagree on where a number token is. */
#include "ljson_lex.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int fail(struct agw_jlex *lx, const char *what, size_t at)
{
    lx->err = what;
    lx->at = at;
    return -1;
}

/* The value of the 4 hex digits at s[i..i+4), or -1. */
static long hex4(const char *s, size_t i, size_t n)
{
    if (n - i < 4) return -1;
    long v = 0;
    for (size_t k = i; k < i + 4; k++) {
        unsigned char c = (unsigned char)s[k];
        int d = is_digit(c)              ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* 1 when one of the 8 bytes in w is '"', '\\' or below 0x20 (each test is the exact
 * "has a zero byte" / "has a byte below" bit trick). */
static int special8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t t = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w);
    return (t & highs) != 0;
}

/* The string token opening at s[*i] (a '"'): moves *i just past its closing quote.
 * Returns 0, or -1 with lx->err set. */
static int skip_string(const char *s, size_t n, size_t *i, struct agw_jlex *lx)
{
    size_t j = *i + 1;
    for (;;) {
        unsigned char c = 0;
        while (n - j >= 8) { /* the hot loop: eight plain bytes at a time */
            uint64_t w;
            memcpy(&w, s + j, 8);
            if (special8(w)) break;
            j += 8;
        }
        while (j < n) {
            c = (unsigned char)s[j];
            if (c == '"' || c == '\\' || c < 0x20) break;
            j++;
        }
        if (j >= n || (c == '\\' && j + 1 >= n)) return fail(lx, "unterminated string", *i);
        if (c == '"') {
            *i = j + 1;
            return 0;
        }
        if (c < 0x20) return fail(lx, "raw control character in a string", j);
        char e = s[j + 1];
        if (e != '\0' && strchr("\"\\/bfnrt", e)) {
            j += 2;
            continue;
        }
        if (e != 'u') return fail(lx, "invalid escape in a string", j);
        long u = hex4(s, j + 2, n);
        if (u < 0) return fail(lx, "invalid \\u escape", j);
        if (u >= 0xDC00 && u <= 0xDFFF) return fail(lx, "lone low surrogate \\u escape", j);
        if (u >= 0xD800 && u <= 0xDBFF) { /* must pair with a low surrogate */
            long lo = (n - j >= 8 && s[j + 6] == '\\' && s[j + 7] == 'u') ? hex4(s, j + 8, n) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) return fail(lx, "lone high surrogate \\u escape", j);
            j += 12;
            continue;
        }
        j += 6;
    }
}

/* A character that may continue a number token. */
static int number_char(char c)
{
    return is_digit((unsigned char)c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/* The length of the number token at s[i] (a '-' or a digit) under RFC 8259's grammar
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, or 0 if it is not one; *is_float when
 * it has a fraction or an exponent. A number must also end there: "01", "1.2.3", "1e5e5"
 * and "1-2" are refused here rather than read as two tokens. */
static size_t number_len(const char *s, size_t i, size_t n, int *is_float)
{
    size_t j = i;
    *is_float = 0;
    if (s[j] == '-') j++;
    if (j >= n || !is_digit((unsigned char)s[j])) return 0;
    if (s[j] == '0')
        j++;
    else
        while (j < n && is_digit((unsigned char)s[j]))
            j++;
    if (j < n && s[j] == '.') {
        j++;
        if (j >= n || !is_digit((unsigned char)s[j])) return 0;
        while (j < n && is_digit((unsigned char)s[j]))
            j++;
        *is_float = 1;
    }
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        j++;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        if (j >= n || !is_digit((unsigned char)s[j])) return 0;
        while (j < n && is_digit((unsigned char)s[j]))
            j++;
        *is_float = 1;
    }
    if (j < n && number_char(s[j])) return 0;
    return j - i;
}

/* Reads a checked integer token into *v; 0 when its value does not fit 64 bits. */
static int read_int(const char *s, size_t len, int64_t *v)
{
    int neg = s[0] == '-';
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, m = 0;
    for (size_t k = (size_t)neg; k < len; k++) {
        unsigned d = (unsigned)(s[k] - '0');
        if (m > (limit - d) / 10) return 0;
        m = m * 10 + d;
    }
    *v = !neg ? (int64_t)m : m > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)m;
    return 1;
}

/* Reads a checked number token as the correctly rounded double (glibc's strtod is), on a
 * NUL-terminated copy (the text need not be terminated) with '.' swapped for the locale's
 * decimal point, which strtod expects. Returns 0, -1 past a double's range (JSON cannot
 * write infinity back, so this is refused rather than made math.huge), -2 out of memory.
 * An underflow gives the nearest double (0 or a subnormal), as for any other rounding. */
static int read_double(const char *s, size_t len, double *v)
{
    char small[64], *p = len < sizeof small ? small : malloc(len + 1);
    if (!p) return -2;
    memcpy(p, s, len);
    p[len] = '\0';
    char point = localeconv()->decimal_point[0];
    if (point != '.') {
        char *dot = strchr(p, '.');
        if (dot) *dot = point;
    }
    char *end;
    double d = strtod(p, &end);
    int whole = end == p + len;
    if (p != small) free(p);
    if (!whole || isinf(d)) return -1;
    *v = d;
    return 0;
}

static size_t decimal_digits(size_t k)
{
    size_t d = 1;
    while (k >= 10) {
        k /= 10;
        d++;
    }
    return d;
}

int agw_jlex_scan(const char *s, size_t n, struct agw_jlex *lx, struct agw_jnum *nums, size_t cap)
{
    size_t i = 0, count = 0;
    int plain = 1;
    lx->err = NULL;
    lx->at = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '[':
        case ']':
        case '{':
        case '}':
        case ',':
        case ':':
            i++;
            continue;
        case '"':
            if (skip_string(s, n, &i, lx)) return -1;
            continue;
        case 't':
        case 'f':
        case 'n': {
            const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            size_t wl = strlen(word);
            if (n - i < wl || memcmp(s + i, word, wl) != 0)
                return fail(lx, "unexpected word (JSON has true, false and null)", i);
            i += wl;
            continue;
        }
        default:
            break;
        }
        if (c != '-' && !is_digit(c)) {
            return fail(lx,
                        c >= 0x20 && c < 0x7f ? "unexpected character"
                                              : "unexpected byte (not JSON whitespace)",
                        i);
        }
        int is_float;
        size_t len = number_len(s, i, n, &is_float);
        if (!len) return fail(lx, "invalid number", i);
        if (is_float || len - (s[i] == '-') > 15) plain = 0;
        if (count < cap) {
            struct agw_jnum *v = &nums[count];
            v->at = i;
            v->len = len;
            v->is_int = !is_float && read_int(s + i, len, &v->v.i);
            if (!v->is_int) {
                int r = read_double(s + i, len, &v->v.d);
                if (r) return fail(lx, r == -1 ? "number out of range" : "out of memory", i);
            }
        }
        count++;
        i += len;
    }
    lx->count = count;
    lx->plain = plain;
    return 0;
}

size_t agw_jlex_rewritten_len(size_t n, const struct agw_jnum *nums, size_t count)
{
    for (size_t k = 0; k < count; k++)
        n = n - nums[k].len + decimal_digits(k);
    return n;
}

void agw_jlex_rewrite(const char *s, size_t n, const struct agw_jnum *nums, size_t count, char *out)
{
    size_t copied = 0;
    for (size_t k = 0; k < count; k++) {
        memcpy(out, s + copied, nums[k].at - copied);
        out += nums[k].at - copied;
        size_t d = decimal_digits(k);
        for (size_t m = k, j = d; j > 0; m /= 10)
            out[--j] = (char)('0' + m % 10);
        out += d;
        copied = nums[k].at + nums[k].len;
    }
    memcpy(out, s + copied, n - copied);
}

int agw_jnum_format_double(double x, char buf[AGW_JNUM_FMT_MAX])
{
    if (!isfinite(x)) return -1;
    int len = 0;
    /* %.{p}g is the p-digit decimal nearest to x, trailing zeros dropped; the first p that
     * reads back gives the shortest form (and, of those, the nearest). For a normal double
     * no two 15-digit decimals lie within its half-ulp, so when a form of at most 15 digits
     * exists %.15g is it and the search can start at 15; a subnormal has fewer digits of
     * precision, so there it starts at 1. 17 digits always read back. */
    for (int prec = fabs(x) >= DBL_MIN || x == 0 ? 15 : 1; prec <= 17; prec++) {
        len = snprintf(buf, AGW_JNUM_FMT_MAX, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    char point = localeconv()->decimal_point[0];
    int has_mark = 0;
    for (int k = 0; k < len; k++) {
        if (buf[k] == point) buf[k] = '.';
        if (buf[k] == '.' || buf[k] == 'e') has_mark = 1;
    }
    if (!has_mark) { /* "5" would read back as an integer */
        memcpy(buf + len, ".0", 3);
        len += 2;
    }
    return len;
}
