#include "pe.h"

#include <string.h>

#include "writer.h"

static const char HEX_UPPER[] = "0123456789ABCDEF";

/* 1 for the bytes both schemes keep as they are: A-Z a-z 0-9 - _ . ~ */
static const unsigned char UNRESERVED[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
    ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1,
    ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

static void restore(struct agw_buf *out, size_t len)
{
    out->len = len;
    if (out->data) out->data[len] = '\0';
}

void agw_pe_write(struct agw_writer *w, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* Encode as many bytes as surely fit (3 output bytes each) without further checks. */
        size_t room = (sizeof w->chunk - w->k) / 3;
        if (room == 0) {
            agw_writer_flush(w);
            room = sizeof w->chunk / 3;
        }
        size_t end = n - i < room ? n : i + room;
        char *o = w->chunk + w->k;
        for (; i < end; i++) {
            unsigned char c = (unsigned char)s[i];
            if (UNRESERVED[c]) {
                *o++ = (char)c;
            } else {
                o[0] = '%';
                o[1] = HEX_UPPER[c >> 4];
                o[2] = HEX_UPPER[c & 15];
                o += 3;
            }
        }
        w->k = (size_t)(o - w->chunk);
    }
}

int agw_pe_append(struct agw_buf *out, const char *s, size_t n)
{
    size_t len0 = out->len;
    struct agw_writer w;
    agw_writer_init(&w, out);
    agw_pe_write(&w, s, n);
    if (agw_writer_finish(&w) == 0) return 0;
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
        while (run < n && s[run] != '%' && !(plus_is_space && s[run] == '+'))
            run++;
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
