#include "ini.h"

#include <stdlib.h>
#include <string.h>

#include "wipe.h"

struct ini_entry {
    size_t section; /* index into sections */
    char *key;
    char *value;
};

struct agw_cred_ini {
    char **sections;
    size_t nsections, capsections;
    struct ini_entry *entries;
    size_t nentries, capentries;
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims [*b, *e) in place. */
static void trim(const char **b, const char **e)
{
    while (*b < *e && is_space(**b))
        (*b)++;
    while (*e > *b && is_space((*e)[-1]))
        (*e)--;
}

static char *dup_range(const char *b, const char *e)
{
    size_t n = (size_t)(e - b);
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

/* Index of section name, adding it when new; (size_t)-1 on out of memory. */
static size_t add_section(struct agw_cred_ini *ini, const char *b, const char *e)
{
    size_t n = (size_t)(e - b);
    for (size_t i = 0; i < ini->nsections; i++)
        if (strlen(ini->sections[i]) == n && memcmp(ini->sections[i], b, n) == 0) return i;
    if (ini->nsections == ini->capsections) {
        size_t cap = ini->capsections ? ini->capsections * 2 : 8;
        char **p = realloc(ini->sections, cap * sizeof *p);
        if (!p) return (size_t)-1;
        ini->sections = p;
        ini->capsections = cap;
    }
    char *s = dup_range(b, e);
    if (!s) return (size_t)-1;
    ini->sections[ini->nsections] = s;
    return ini->nsections++;
}

static int add_entry(struct agw_cred_ini *ini, size_t section, const char *kb, const char *ke,
                     const char *vb, const char *ve)
{
    if (ini->nentries == ini->capentries) {
        size_t cap = ini->capentries ? ini->capentries * 2 : 16;
        struct ini_entry *p = realloc(ini->entries, cap * sizeof *p);
        if (!p) return -1;
        ini->entries = p;
        ini->capentries = cap;
    }
    char *k = dup_range(kb, ke);
    char *v = dup_range(vb, ve);
    if (!k || !v) {
        free(k);
        agw_wipe_free(v);
        return -1;
    }
    ini->entries[ini->nentries].section = section;
    ini->entries[ini->nentries].key = k;
    ini->entries[ini->nentries].value = v;
    ini->nentries++;
    return 0;
}

/* Where an inline comment starts in [b, e): a '#' or ';' preceded by whitespace.
 * b_after_space says whether b itself counts as preceded by whitespace: yes after ']',
 * no right after '=' (so "key=#x" keeps "#x", while "key = # x" is empty). */
static const char *comment_start(const char *b, const char *e, int b_after_space)
{
    for (const char *p = b; p < e; p++) {
        if (*p != '#' && *p != ';') continue;
        if (p == b ? b_after_space : is_space(p[-1])) return p;
    }
    return e;
}

static int is_quote(char c)
{
    return c == '"' || c == '\'';
}

/* The value of a "key = value" line, [*b, *e) starting just after the '=': trimmed, without
 * its inline comment, and without the one pair of quotes that may wrap it (inside which '#'
 * and ';' are kept). A quote with no partner is an error, never part of the value: an
 * AccessKey sent with a stray quote fails later with a far less helpful message. */
static int parse_value(const char **b, const char **e, const char **what)
{
    const char *vb = *b, *ve = *e;
    while (vb < ve && is_space(*vb))
        vb++;
    if (vb < ve && is_quote(*vb)) {
        const char *close = memchr(vb + 1, *vb, (size_t)(ve - vb - 1));
        if (!close) {
            *what = "the value's opening quote has no closing quote";
            return -1;
        }
        const char *rest = close + 1, *rest_end = comment_start(rest, ve, 1);
        trim(&rest, &rest_end);
        if (rest != rest_end) {
            *what = "unexpected text after the value's closing quote";
            return -1;
        }
        *b = vb + 1;
        *e = close;
        return 0;
    }
    vb = *b;
    ve = comment_start(vb, ve, 0);
    trim(&vb, &ve);
    if (ve > vb && is_quote(ve[-1])) {
        *what = "the value's closing quote has no opening quote";
        return -1;
    }
    *b = vb;
    *e = ve;
    return 0;
}

static int parse_line(struct agw_cred_ini *ini, const char *b, const char *e, size_t *section,
                      const char **what)
{
    trim(&b, &e);
    if (b == e || *b == '#' || *b == ';') return 0;
    if (*b == '[') {
        const char *close = memchr(b, ']', (size_t)(e - b));
        if (!close) {
            *what = "section header has no closing ']'";
            return -1;
        }
        const char *rest = close + 1, *rest_end = e;
        rest_end = comment_start(rest, rest_end, 1);
        trim(&rest, &rest_end);
        if (rest != rest_end) {
            *what = "unexpected text after ']'";
            return -1;
        }
        const char *nb = b + 1, *ne = close;
        trim(&nb, &ne);
        if (nb == ne) {
            *what = "empty section name";
            return -1;
        }
        size_t idx = add_section(ini, nb, ne);
        if (idx == (size_t)-1) {
            *what = "out of memory";
            return -2;
        }
        *section = idx;
        return 0;
    }
    const char *eq = memchr(b, '=', (size_t)(e - b));
    if (!eq) {
        *what = "expected 'key = value', '[section]' or a comment";
        return -1;
    }
    const char *kb = b, *ke = eq;
    trim(&kb, &ke);
    if (kb == ke) {
        *what = "empty key before '='";
        return -1;
    }
    if (*section == (size_t)-1) {
        *what = "'key = value' before any [section]";
        return -1;
    }
    const char *vb = eq + 1, *ve = e;
    if (parse_value(&vb, &ve, what) != 0) return -1;
    if (add_entry(ini, *section, kb, ke, vb, ve) != 0) {
        *what = "out of memory";
        return -2;
    }
    return 0;
}

int agw_cred_ini_parse(const char *text, size_t len, struct agw_cred_ini **out, size_t *err_line,
                       const char **err_what)
{
    *out = NULL;
    struct agw_cred_ini *ini = calloc(1, sizeof *ini);
    if (!ini) {
        *err_line = 0;
        *err_what = "out of memory";
        return -1;
    }
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* UTF-8 BOM */
    size_t line = 0, section = (size_t)-1;
    while (p < end) {
        const char *le = p;
        while (le < end && *le != '\n' && *le != '\r')
            le++;
        line++;
        const char *what = NULL;
        int rc = parse_line(ini, p, le, &section, &what);
        if (rc != 0) {
            *err_line = rc == -2 ? 0 : line;
            *err_what = what;
            agw_cred_ini_free(ini);
            return -1;
        }
        /* CR, LF and CRLF each end a line: a file saved with CR-only endings would
         * otherwise be one long line whose first value swallows the rest. */
        p = le;
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') p++;
    }
    *out = ini;
    return 0;
}

static size_t find_section(const struct agw_cred_ini *ini, const char *section)
{
    for (size_t i = 0; i < ini->nsections; i++)
        if (strcmp(ini->sections[i], section) == 0) return i;
    return (size_t)-1;
}

int agw_cred_ini_has_section(const struct agw_cred_ini *ini, const char *section)
{
    return find_section(ini, section) != (size_t)-1;
}

const char *agw_cred_ini_get(const struct agw_cred_ini *ini, const char *section, const char *key)
{
    size_t s = find_section(ini, section);
    if (s == (size_t)-1) return NULL;
    for (size_t i = ini->nentries; i-- > 0;)
        if (ini->entries[i].section == s && strcmp(ini->entries[i].key, key) == 0)
            return ini->entries[i].value;
    return NULL;
}

void agw_cred_ini_free(struct agw_cred_ini *ini)
{
    if (!ini) return;
    for (size_t i = 0; i < ini->nentries; i++) {
        free(ini->entries[i].key);
        agw_wipe_free(ini->entries[i].value);
    }
    for (size_t i = 0; i < ini->nsections; i++)
        free(ini->sections[i]);
    free(ini->entries);
    free(ini->sections);
    free(ini);
}
