#ifndef AGW_EMU_UTF8_H
#define AGW_EMU_UTF8_H

#include <stddef.h>

#include "buf.h"

/* UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800-U+DFFF), nothing
 * above U+10FFFF. What the emulator accepts (parameters, seed, state) must be well formed,
 * as the service requires; what it echoes from elsewhere (headers, messages cut to a length)
 * is repaired on the way out, so that no answer, log line or file it writes is not UTF-8. */

/* Length of the well-formed sequence starting at s[0] (1 to 4), or 0 when s[0..n) does not
 * start with one. n > 0. *cp receives the code point. */
size_t agw_emu_utf8_next(const unsigned char *s, size_t n, unsigned long *cp);

/* Offset of the first byte of s[0..n) that does not start a well-formed sequence, or n when
 * the whole of it is well formed. */
size_t agw_emu_utf8_check(const char *s, size_t n);

/* Appends s[0..n) to out with every byte that does not start a well-formed sequence replaced
 * by U+FFFD. Returns 0, or -1 (out of memory or out's max). */
int agw_emu_utf8_append_repaired(struct agw_buf *out, const char *s, size_t n);

#endif
