#ifndef AGW_PARAMS_H
#define AGW_PARAMS_H

#include <stddef.h>

/* An ordered list of name/value pairs (request parameters or headers).
 * The list owns copies of every string. Values are wiped when freed, since
 * a list may hold a SecurityToken. Names may repeat (headers). */
struct agw_param {
    char *name;
    char *value;
};

struct agw_params {
    struct agw_param *v;
    size_t n;
    size_t cap;
};

void agw_params_init(struct agw_params *p);
/* Wipes and frees everything; the list is left empty and reusable. NULL is a no-op. */
void agw_params_free(struct agw_params *p);
/* Appends a copy (NULL value means ""; NULL name fails). Returns 0 or -1 (out of memory). */
int agw_params_add(struct agw_params *p, const char *name, const char *value);
int agw_params_addn(struct agw_params *p, const char *name, size_t nlen, const char *value,
                    size_t vlen);
/* Replaces the value of the first entry with this exact name, or appends. */
int agw_params_set(struct agw_params *p, const char *name, const char *value);
/* First value with this exact name, or NULL. */
const char *agw_params_get(const struct agw_params *p, const char *name);
/* First value whose name matches case-insensitively, or NULL (for headers). */
const char *agw_params_get_ci(const struct agw_params *p, const char *name);
/* Removes every entry with this exact name. Returns how many were removed. */
size_t agw_params_remove(struct agw_params *p, const char *name);
/* Stable sort by name, strcmp on the raw UTF-8 bytes (the order both schemes sign in). */
void agw_params_sort(struct agw_params *p);
/* Appends every entry of src (copies). On failure dst is left as it was. */
int agw_params_extend(struct agw_params *dst, const struct agw_params *src);
/* Wipes and frees the entries from index n on, keeping the first n (no-op if n >= p->n).
 * Lets a caller undo its own appends after a failure. */
void agw_params_truncate(struct agw_params *p, size_t n);

/* Parses "a=1&b=x%20y" (query string or form body), percent-decoding names and values
 * ('+' decodes to a space, as in HTML forms). Empty segments are skipped; "a" alone is a=""
 * Returns 0, or -1 on a malformed escape ("%G1", "%2"), on "%00" (the list holds C
 * strings, so a NUL would silently cut the value that gets signed) or out of memory.
 * On failure p is left as it was. */
int agw_params_parse_urlencoded(struct agw_params *p, const char *s, size_t n);

#endif
