#ifndef AGW_PE_H
#define AGW_PE_H

#include <stddef.h>

#include "buf.h"

/* Percent-encoding as both Alibaba Cloud signature schemes define it: the bytes
 * A-Z a-z 0-9 - _ . ~ are kept, every other byte becomes %XX in upper-case hex. */
int agw_pe_append(struct agw_buf *out, const char *s, size_t n);
int agw_pe_appends(struct agw_buf *out, const char *s);
/* Decodes %XX escapes (and '+' to space when plus_is_space). Returns 0, or -1 on a
 * malformed escape. */
int agw_pe_decode(struct agw_buf *out, const char *s, size_t n, int plus_is_space);

#endif
