#ifndef AGW_WRITER_H
#define AGW_WRITER_H

#include <stddef.h>
#include <string.h>

#include "buf.h"

/* Internal to runtime/sign: appends to an agw_buf through a stack chunk, so building a
 * canonical request costs a few agw_buf_append calls instead of one per fragment (the
 * per-call bound checks and reallocs showed up as a quarter of the signing time).
 * Errors are sticky: check once with agw_writer_finish. */
struct agw_writer {
    struct agw_buf *out;
    size_t k;
    int failed;
    char chunk[1024];
};

static inline void agw_writer_init(struct agw_writer *w, struct agw_buf *out)
{
    w->out = out;
    w->k = 0;
    w->failed = 0;
}

static inline void agw_writer_flush(struct agw_writer *w)
{
    if (w->k && !w->failed && agw_buf_append(w->out, w->chunk, w->k) != 0) w->failed = 1;
    w->k = 0;
}

static inline void agw_writer_put(struct agw_writer *w, const char *s, size_t n)
{
    if (n > sizeof w->chunk - w->k) {
        agw_writer_flush(w);
        if (n > sizeof w->chunk) {
            if (!w->failed && agw_buf_append(w->out, s, n) != 0) w->failed = 1;
            return;
        }
    }
    memcpy(w->chunk + w->k, s, n);
    w->k += n;
}

static inline void agw_writer_putc(struct agw_writer *w, char c)
{
    if (w->k == sizeof w->chunk) agw_writer_flush(w);
    w->chunk[w->k++] = c;
}

static inline void agw_writer_puts(struct agw_writer *w, const char *s)
{
    agw_writer_put(w, s, strlen(s));
}

/* pe(s) (see pe.h) through the writer. Defined in pe.c. */
void agw_pe_write(struct agw_writer *w, const char *s, size_t n);

/* Flushes; returns 0, or -1 if any append failed (out then holds a prefix of the output). */
static inline int agw_writer_finish(struct agw_writer *w)
{
    agw_writer_flush(w);
    if (!w->failed && agw_buf_append(w->out, "", 0) != 0) w->failed = 1;
    return w->failed ? -1 : 0;
}

#endif
