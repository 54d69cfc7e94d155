#ifndef AGW_BUF_H
#define AGW_BUF_H

#include <stddef.h>

/* A growable byte buffer with a hard maximum (after curl's dynbuf).
 * data is always NUL-terminated once anything was appended; len excludes the NUL.
 * An append that would pass max fails with -1 and leaves the buffer unchanged. */
struct agw_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
    int secret; /* set by agw_buf_init_secret: memory is wiped before it is given back */
};

#define AGW_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

/* max 0 means AGW_BUF_DEFAULT_MAX. No allocation happens here. */
void agw_buf_init(struct agw_buf *b, size_t max);
/* As agw_buf_init, for a buffer that will hold a secret (a URL or canonical form carrying
 * the security token): growing it copies to a new block and wipes the old one (realloc
 * could free it unwiped), and agw_buf_free wipes as agw_buf_wipe_free does. */
void agw_buf_init_secret(struct agw_buf *b, size_t max);
/* Frees the memory; the buffer is left initialised and empty. NULL is a no-op. */
void agw_buf_free(struct agw_buf *b);
/* As agw_buf_free, but wipes the bytes first (for buffers that held a secret). */
void agw_buf_wipe_free(struct agw_buf *b);
/* Empties the buffer, keeping its memory. */
void agw_buf_reset(struct agw_buf *b);

/* Each returns 0, or -1 on out-of-memory or when max would be exceeded. */
int agw_buf_append(struct agw_buf *b, const void *p, size_t n);
int agw_buf_appends(struct agw_buf *b, const char *s);
int agw_buf_appendc(struct agw_buf *b, char c);
int agw_buf_printf(struct agw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The contents as a C string: "" when nothing was appended. Owned by the buffer. */
const char *agw_buf_str(const struct agw_buf *b);
/* Hands the memory to the caller (free() it); the buffer is left empty. Never NULL
 * unless out of memory. */
char *agw_buf_take(struct agw_buf *b);

#endif
