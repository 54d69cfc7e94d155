#ifndef AGW_PE_H
#define AGW_PE_H

#include <stddef.h>

#include "buf.h"

/* Percent-encoding as both Alibaba Cloud signature schemes define it: the bytes
 * A-Z a-z 0-9 - _ . ~ are kept, every other byte becomes %XX in upper-case hex. */
/* Appends pe(s[0..n)) to out (n bytes, NULs included). Returns 0, or -1 (memory or out's max)
 * with out left unchanged. */
int agw_pe_append(struct agw_buf *out, const char *s, size_t n);
int agw_pe_appends(struct agw_buf *out, const char *s);
/* Decodes %XX escapes, either hex case (and '+' to space when plus_is_space), appending to
 * out. Returns 0, or -1 on a malformed escape ('%' not followed by two hex digits) or out of
 * memory, with out left unchanged. A decoded %00 is kept as a NUL byte (see out->len). */
int agw_pe_decode(struct agw_buf *out, const char *s, size_t n, int plus_is_space);

#endif
