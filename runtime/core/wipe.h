#ifndef AGW_WIPE_H
#define AGW_WIPE_H

#include <stddef.h>

/* Wiping memory that held a secret before it is freed, so it does not linger in freed
 * heap (core dumps, a later allocation read before it is written). OPENSSL_cleanse is used
 * because a plain memset before free() may be removed by the compiler. */

/* Zeroes the string's bytes (up to its NUL) in place; NULL is a no-op. */
void agw_wipe_str(char *s);
/* Wipes the string's bytes and frees it: for strings that held a secret. NULL is a no-op. */
void agw_wipe_free(char *s);
/* Wipes n bytes at p and frees p: for buffers whose length is known (may hold NULs).
 * NULL is a no-op. */
void agw_wipe_free_n(void *p, size_t n);

#endif
