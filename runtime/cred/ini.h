#ifndef AGW_CRED_INI_H
#define AGW_CRED_INI_H

#include <stddef.h>

/* A tiny reader for the ~/.alibabacloud/credentials INI format:
 *   [section]           section names and keys are case-sensitive
 *   key = value         whitespace around key and value is trimmed; one pair of matching
 *                       quotes around the value is removed ('#' and ';' inside are kept)
 *   # comment, ; comment  at line start; " # tail" and " ; tail" end a value
 * Lines end with LF, CRLF or a lone CR. A key before any section, an unterminated or empty
 * section header, a line that is neither, an empty key, a value with an unpaired quote at
 * either end, or text after a value's closing quote is a syntax error. When a key repeats, the last
 * one wins; a repeated section adds to the first. Values may hold secrets and are wiped on free. */
struct agw_cred_ini;

/* Parses text[0..len). Returns 0 with *out set (free with agw_cred_ini_free), or -1
 * with *err_line (1-based; 0 for out of memory) and *err_what (a static string that
 * never quotes the input) set. */
int agw_cred_ini_parse(const char *text, size_t len, struct agw_cred_ini **out, size_t *err_line,
                       const char **err_what);

/* 1 when [section] appears in the file, else 0. */
int agw_cred_ini_has_section(const struct agw_cred_ini *ini, const char *section);

/* The value of key in section, or NULL. Owned by ini. */
const char *agw_cred_ini_get(const struct agw_cred_ini *ini, const char *section, const char *key);

/* Wipes and frees everything; NULL is a no-op. */
void agw_cred_ini_free(struct agw_cred_ini *ini);

#endif
