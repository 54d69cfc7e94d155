#ifndef AGW_CRED_UTIL_H
#define AGW_CRED_UTIL_H

#include <stddef.h>

/* Small string helpers shared by the cred files. */

/* Largest credentials or config file read (agw_file_read's limit for both). */
#define AGW_CRED_FILE_MAX ((size_t)1024 * 1024)

/* strdup that accepts NULL (giving NULL). Check the result against the argument. */
char *agw_cred_strdup(const char *s);

/* Copies s into dst (size n >= 4) for quoting in a message: non-printable bytes become
 * '?', and a long s is cut with "...". Used for names read from files or the
 * environment (profile, mode, region), never for secrets. Returns dst. */
const char *agw_cred_printable(const char *s, char *dst, size_t n);

struct agw_buf;

/* Appends a printf-formatted note (one place looked at) to b; on failure (out of memory)
 * sets *failed and leaves b as it was, so callers check once at the end. */
void agw_cred_note(struct agw_buf *b, int *failed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The offset of the first byte of s that cannot be sent as an AccessKeyId (comma_ok 0) or a
 * security token (comma_ok 1): anything but printable ASCII, a space included, and for an
 * id a comma (the V3 Authorization value is "Credential=<id>,SignedHeaders=..."). -1 when
 * every byte can be sent. */
long agw_cred_unsendable(const char *s, int comma_ok);

/* 1 when s is 1 to 64 characters of [a-z0-9-], else 0. */
int agw_cred_region_valid(const char *s);

#endif
