#ifndef AGW_LJSON_LEX_H
#define AGW_LJSON_LEX_H

/* The lexical half of apigw.json, in plain C (no Lua): it checks a JSON text token by
 * token, finds its number tokens outside strings, and reads and writes numbers exactly.
 * The structure (brackets, commas, colons, nesting) is left to lua-cjson; see ljson.c for
 * why the work is split this way. */

#include <stddef.h>
#include <stdint.h>

/* One number token: where it is, and its value read exactly: an integer when the token
 * has no fraction and no exponent and its value fits 64 bits (as Lua's tonumber reads the
 * same numeral), else the correctly rounded double. */
struct agw_jnum {
    size_t at, len;
    int is_int;
    union {
        int64_t i;
        double d;
    } v;
};

/* The result of a scan. On error, err says what (a static string) and at is its byte
 * offset in the text. On success, count is the number of number tokens, and plain is 1
 * when each of them is an integer of at most 15 digits (exact in a double, so that a
 * float parser reads it exactly too). */
struct agw_jlex {
    const char *err;
    size_t at;
    size_t count;
    int plain;
};

/* Checks the n bytes at s (which need not be NUL-terminated) against RFC 8259's lexical
 * grammar: outside strings only JSON whitespace, []{},: true false null and numbers of the
 * strict grammar; strings without raw control characters, with valid escapes and no lone
 * surrogate (bytes of 0x80 and up pass as they are: Lua strings are bytes). The first cap
 * number tokens are recorded and read into nums (caller-owned, cap entries; NULL when cap
 * is 0): a number beyond a double's range fails there ("number out of range": JSON could
 * not write an infinity back). Structure is not checked. Returns 0, or -1 with lx->err and
 * lx->at set. */
int agw_jlex_scan(const char *s, size_t n, struct agw_jlex *lx, struct agw_jnum *nums, size_t cap);

/* The length of the text of n bytes once each of its count number tokens (all recorded
 * in nums by agw_jlex_scan) is replaced by its index k in decimal, and the rewrite itself
 * into out (that many bytes, not NUL-terminated). */
size_t agw_jlex_rewritten_len(size_t n, const struct agw_jnum *nums, size_t count);
void agw_jlex_rewrite(const char *s, size_t n, const struct agw_jnum *nums, size_t count,
                      char *out);

#define AGW_JNUM_FMT_MAX 32 /* bytes agw_jnum_format_double may write, NUL included */

/* Writes into buf the shortest decimal form of x that reads back as the same double
 * (bit for bit, -0.0 included), always with a '.' or an exponent so that it reads back as
 * a float, never locale-dependent. Returns its length, or -1 for NaN and infinities,
 * which JSON cannot hold. */
int agw_jnum_format_double(double x, char buf[AGW_JNUM_FMT_MAX]);

#endif
