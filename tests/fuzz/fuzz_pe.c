/* Percent-encoding (runtime/sign/pe.c) and parameter parsing (params_parse.c, params.c).
 * The input is any bytes. Properties:
 * - pe(x) holds only the unreserved bytes and %XX in upper-case hex, has the predicted
 *   length, and decodes back to x (with and without '+' as space);
 * - decoding refuses exactly the malformed escapes, and a refused or too-large decode
 *   leaves the output as it was;
 * - parsing an urlencoded string, re-encoding the list and parsing again gives the same
 *   list; a refused parse leaves the list as it was; sorting is stable and ordered. */
#include "fuzz.h"
#include "params.h"

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

static int hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static void check_encode(const char *s, size_t n)
{
    struct agw_buf e;
    agw_buf_init(&e, 0);
    FUZZ_CHECK(agw_buf_appends(&e, "pre") == 0, "setup");
    FUZZ_CHECK(agw_pe_append(&e, s, n) == 0, "encoding %zu bytes failed", n);
    size_t want = 3;
    for (size_t i = 0; i < n; i++)
        want += unreserved((unsigned char)s[i]) ? 1 : 3;
    FUZZ_CHECK(e.len == want, "pe length %zu, expected %zu", e.len, want);
    const char *o = agw_buf_str(&e) + 3;
    size_t olen = e.len - 3;
    for (size_t i = 0; i < olen; i++) {
        unsigned char c = (unsigned char)o[i];
        if (c == '%') {
            FUZZ_CHECK(i + 2 < olen, "an escape cut at the end");
            for (int k = 1; k <= 2; k++) {
                unsigned char h = (unsigned char)o[i + (size_t)k];
                FUZZ_CHECK(hex(h) && !(h >= 'a' && h <= 'f'), "escape not upper-case hex");
            }
            i += 2;
        } else {
            FUZZ_CHECK(unreserved(c), "byte 0x%02x left unencoded", c);
        }
    }
    for (int plus = 0; plus <= 1; plus++) {
        struct agw_buf d;
        agw_buf_init(&d, 0);
        FUZZ_CHECK(agw_pe_decode(&d, o, olen, plus) == 0, "decode(pe(x)) refused");
        FUZZ_CHECK(d.len == n && (n == 0 || memcmp(d.data, s, n) == 0), "decode(pe(x)) != x");
        agw_buf_free(&d);
    }
    agw_buf_free(&e);

    /* an output buffer one byte too small: refused and left as it was; exactly right: fits */
    if (n > 0) {
        for (size_t max = want - 1; max <= want; max++) {
            struct agw_buf small;
            agw_buf_init(&small, max);
            FUZZ_CHECK(agw_buf_appends(&small, "pre") == 0, "setup");
            int rc = agw_pe_append(&small, s, n);
            if (max < want) {
                FUZZ_CHECK(rc == -1, "an encode past max succeeded");
                FUZZ_CHECK(small.len == 3 && strcmp(agw_buf_str(&small), "pre") == 0,
                           "a refused encode changed its output");
            } else {
                FUZZ_CHECK(rc == 0 && small.len == want, "an encode that fits max was refused");
            }
            agw_buf_free(&small);
        }
    }
}

/* The reference: does s decode (every '%' followed by two hex digits)? */
static int well_formed(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '%') {
            if (i + 2 >= n || !hex((unsigned char)s[i + 1]) || !hex((unsigned char)s[i + 2]))
                return 0;
            i += 2;
        }
    return 1;
}

static void check_decode(const char *s, size_t n)
{
    for (int plus = 0; plus <= 1; plus++) {
        struct agw_buf d;
        agw_buf_init(&d, 0);
        FUZZ_CHECK(agw_buf_appends(&d, "pre") == 0, "setup");
        int rc = agw_pe_decode(&d, s, n, plus);
        FUZZ_CHECK((rc == 0) == well_formed(s, n), "decode returned %d for a %s input", rc,
                   well_formed(s, n) ? "well-formed" : "malformed");
        if (rc != 0) {
            FUZZ_CHECK(d.len == 3 && memcmp(d.data, "pre", 4) == 0,
                       "a refused decode changed its output");
        } else {
            FUZZ_CHECK(d.len >= 3 && d.len - 3 <= n, "decode grew the input");
            FUZZ_CHECK(d.data[d.len] == '\0', "decode output not NUL-terminated");
            if (!plus || !memchr(s, '+', n)) {
                /* encode(decode(s)) decodes to the same bytes */
                struct agw_buf e, d2;
                agw_buf_init(&e, 0);
                agw_buf_init(&d2, 0);
                FUZZ_CHECK(agw_pe_append(&e, d.data + 3, d.len - 3) == 0, "re-encode");
                FUZZ_CHECK(agw_pe_decode(&d2, agw_buf_str(&e), e.len, plus) == 0, "re-decode");
                FUZZ_CHECK(d2.len == d.len - 3 && memcmp(d2.data, d.data + 3, d2.len) == 0,
                           "decode(encode(decode(s))) != decode(s)");
                agw_buf_free(&e);
                agw_buf_free(&d2);
            }
        }
        agw_buf_free(&d);
    }
}

static void encode_list(const struct agw_params *p, struct agw_buf *out)
{
    for (size_t i = 0; i < p->n; i++) {
        if (i) FUZZ_OOM(agw_buf_appendc(out, '&') == 0);
        FUZZ_OOM(agw_pe_appends(out, p->v[i].name) == 0);
        FUZZ_OOM(agw_buf_appendc(out, '=') == 0);
        FUZZ_OOM(agw_pe_appends(out, p->v[i].value) == 0);
    }
}

static void check_parse(const char *s, size_t n)
{
    struct agw_params p;
    agw_params_init(&p);
    FUZZ_OOM(agw_params_add(&p, "kept", "as it was") == 0);
    int rc = agw_params_parse_urlencoded(&p, s, n);
    if (rc != 0) {
        FUZZ_CHECK(p.n == 1 && strcmp(p.v[0].name, "kept") == 0 &&
                       strcmp(p.v[0].value, "as it was") == 0,
                   "a refused parse changed the list (%zu entries)", p.n);
        agw_params_free(&p);
        return;
    }
    struct agw_params q;
    agw_params_init(&q);
    for (size_t i = 1; i < p.n; i++)
        FUZZ_OOM(agw_params_add(&q, p.v[i].name, p.v[i].value) == 0);
    struct agw_buf e;
    agw_buf_init(&e, 0);
    encode_list(&q, &e);
    struct agw_params r;
    agw_params_init(&r);
    FUZZ_CHECK(agw_params_parse_urlencoded(&r, agw_buf_str(&e), e.len) == 0,
               "parse(encode(parse(s))) refused");
    FUZZ_CHECK(r.n == q.n, "round trip: %zu entries, expected %zu", r.n, q.n);
    for (size_t i = 0; i < q.n; i++)
        FUZZ_CHECK(strcmp(r.v[i].name, q.v[i].name) == 0 && strcmp(r.v[i].value, q.v[i].value) == 0,
                   "round trip: entry %zu differs", i);

    /* sorting: ordered by strcmp of names, and stable (equal names keep their order) */
    struct agw_params sorted;
    agw_params_init(&sorted);
    for (size_t i = 0; i < q.n; i++) {
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        FUZZ_OOM(agw_params_add(&sorted, q.v[i].name, idx) == 0);
    }
    agw_params_sort(&sorted);
    for (size_t i = 1; i < sorted.n; i++) {
        int c = strcmp(sorted.v[i - 1].name, sorted.v[i].name);
        FUZZ_CHECK(c <= 0, "sort: entry %zu out of order", i);
        if (c == 0)
            FUZZ_CHECK(strtoul(sorted.v[i - 1].value, NULL, 10) <
                           strtoul(sorted.v[i].value, NULL, 10),
                       "sort: not stable at entry %zu", i);
    }
    agw_params_free(&sorted);
    agw_params_free(&r);
    agw_params_free(&q);
    agw_params_free(&p);
    agw_buf_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    check_encode(s, size);
    check_decode(s, size);
    check_parse(s, size);
    return 0;
}
