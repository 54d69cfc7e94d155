#ifndef AGW_EMU_NAMES_H
#define AGW_EMU_NAMES_H

#include <stddef.h>

/* Syntax rules for identifiers the model accepts. Each returns 1 when valid, else 0. */

/* 32 lowercase hex characters. */
int agw_emu_valid_group_id(const char *s);
/* 4-50 characters: letters, digits, '_' (and non-ASCII characters, as the zh doc allows
 * CJK), starting with a letter or a non-ASCII character. */
int agw_emu_valid_group_name(const char *s);
/* A host name of at least two labels, at most 253 characters, labels of 1-63 letters,
 * digits and '-' (not at either end of a label), a top label that is not all digits, no
 * trailing dot; an optional leading "*." wildcard label. Case-insensitive. */
int agw_emu_valid_domain_name(const char *s);
/* Copies s lower-cased into out (cap bytes). Returns 0, or -1 when it does not fit. */
int agw_emu_lower(const char *s, char *out, size_t cap);

#endif
