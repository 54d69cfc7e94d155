/* helpgen: makes a program's --help text (as a C string) and its man page from one source, at
 * build time, so that the two cannot drift apart.
 *
 *   helpgen SOURCE VERSION OUT.c SYMBOL OUT.1
 *
 * The source format, line by line (no tabs):
 *   % ...                 a comment, ignored
 *   NAME(S) -- SUMMARY    the first line that is not a comment: the page's name, section and
 *                         the NAME line of the man page
 *   usage: ...            synopsis lines (right after the first line); --help starts with them
 *   ## Title              a section: "Title:" in --help, ".SH TITLE" in the man page
 *   TERM                  a line at column 0 followed by lines indented by 4 spaces: a term
 *       description       (an option, a variable, a file, an exit code) and its description
 *   text                  other lines at column 0: paragraphs, ended by a blank line; those
 *                         before the first section are the DESCRIPTION
 *     verbatim            lines indented by 2 spaces: shown as they are (examples)
 *
 * In --help, paragraphs and descriptions are wrapped at 79 columns, descriptions starting at
 * column 25. In the man page, the first word of each comma-separated alternative of a term is
 * bold and the rest italic. The page carries no date, so builds are reproducible. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 79
#define DESC_COL 24 /* 0-based column where descriptions start in --help */

enum kind { HEAD, PARA, TERM, VERB };

struct block {
    enum kind kind;
    char *term; /* TERM only */
    char *text; /* HEAD: the title; PARA, TERM: the words joined by spaces; VERB: the lines */
};

struct page {
    char name[64], section[16], summary[256];
    char *usage[8];
    int nusage;
    struct block *b;
    int n, cap;
};

static const char *src_path;

static void die(int line, const char *msg)
{
    fprintf(stderr, "helpgen: %s:%d: %s\n", src_path, line, msg);
    exit(1);
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) die(0, "out of memory");
    return d;
}

/* Appends s to *dst with sep between (sep is not added to an empty *dst). */
static void append(char **dst, const char *s, const char *sep)
{
    size_t a = *dst ? strlen(*dst) : 0, l = strlen(s), sl = a ? strlen(sep) : 0;
    char *d = realloc(*dst, a + sl + l + 1);
    if (!d) die(0, "out of memory");
    memcpy(d + a, sep, sl);
    memcpy(d + a + sl, s, l + 1);
    *dst = d;
}

static struct block *add(struct page *p, enum kind k)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->b = realloc(p->b, (size_t)p->cap * sizeof *p->b);
        if (!p->b) die(0, "out of memory");
    }
    struct block *b = &p->b[p->n++];
    memset(b, 0, sizeof *b);
    b->kind = k;
    return b;
}

static int indent(const char *s)
{
    int i = 0;
    while (s[i] == ' ')
        i++;
    return i;
}

static void parse(struct page *p, char **lines, int n)
{
    int i = 0;
    while (i < n && lines[i][0] == '%')
        i++;
    if (i == n) die(1, "empty source");
    if (sscanf(lines[i], "%63[^( ](%15[^)]) -- %255[^\n]", p->name, p->section, p->summary) != 3)
        die(i + 1, "the first line must be 'NAME(SECTION) -- SUMMARY'");
    for (i++; i < n && !strncmp(lines[i], "usage: ", 7); i++) {
        if (p->nusage == 8) die(i + 1, "too many usage lines");
        p->usage[p->nusage++] = lines[i];
    }
    if (!p->nusage) die(i + 1, "a 'usage: ' line must follow the first line");
    struct block *cur = NULL; /* the paragraph, term or verbatim block being filled */
    for (; i < n; i++) {
        const char *l = lines[i];
        int ind = indent(l);
        if (strchr(l, '\t')) die(i + 1, "tab (indent with spaces)");
        if (l[0] == '%') continue;
        if (l[ind] == '\0') {
            cur = NULL;
        } else if (!strncmp(l, "## ", 3)) {
            add(p, HEAD)->text = xstrdup(l + 3);
            cur = NULL;
        } else if (ind == 4) {
            if (!cur || cur->kind != TERM) die(i + 1, "a description line without a term");
            append(&cur->text, l + 4, " ");
        } else if (ind == 2) {
            if (strlen(l) > WIDTH) die(i + 1, "verbatim line longer than 79 columns");
            if (!cur || cur->kind != VERB) cur = add(p, VERB);
            append(&cur->text, l, "\n");
        } else if (ind != 0) {
            die(i + 1, "indent by 0, 2 or 4 spaces");
        } else if (i + 1 < n && indent(lines[i + 1]) == 4 && lines[i + 1][4]) {
            cur = add(p, TERM);
            cur->term = xstrdup(l);
        } else {
            if (!cur || cur->kind != PARA) cur = add(p, PARA);
            append(&cur->text, l, " ");
        }
    }
}

/* ---- --help ---- */

/* Writes text wrapped to WIDTH, the first line continuing at column col (already written up
 * to there), the others indented to ind. */
static void wrap(FILE *o, const char *text, int col, int ind)
{
    const char *s = text;
    int first = 1;
    while (*s) {
        while (*s == ' ')
            s++;
        size_t w = strcspn(s, " ");
        if (!w) break;
        if (!first && col + 1 + (int)w > WIDTH) {
            fprintf(o, "\n%*s", ind, "");
            col = ind;
            first = 1;
        }
        if (!first) {
            fputc(' ', o);
            col++;
        }
        fwrite(s, 1, w, o);
        col += (int)w;
        first = 0;
        s += w;
    }
    fputc('\n', o);
}

static void help_text(FILE *o, const struct page *p)
{
    for (int i = 0; i < p->nusage; i++)
        fprintf(o, "%s\n", p->usage[i]);
    int in_section = 0;
    for (int i = 0; i < p->n; i++) {
        const struct block *b = &p->b[i];
        int ind = in_section ? 2 : 0;
        switch (b->kind) {
        case HEAD:
            fprintf(o, "\n%s:\n", b->text);
            in_section = 1;
            break;
        case PARA:
            if (i > 0 && p->b[i - 1].kind != HEAD) fputc('\n', o);
            fprintf(o, "%*s", ind, "");
            wrap(o, b->text, ind, ind);
            break;
        case VERB:
            fprintf(o, "%s\n", b->text);
            break;
        case TERM: {
            int len = fprintf(o, "  %s", b->term);
            if (len + 2 > DESC_COL) {
                fprintf(o, "\n%*s", DESC_COL, "");
            } else {
                fprintf(o, "%*s", DESC_COL - len, "");
            }
            wrap(o, b->text, DESC_COL, DESC_COL);
            break;
        }
        }
    }
}

/* The help text as a C string literal, one source line per text line. */
static void c_file(FILE *o, const char *text, const char *symbol)
{
    fprintf(o, "/* Generated by cmake/helpgen.c from %s: edit that file instead. */\n", src_path);
    fprintf(o, "const char %s[] =\n", symbol);
    const char *s = text;
    while (*s) {
        fputs("    \"", o);
        for (; *s && *s != '\n'; s++) {
            if (*s == '"' || *s == '\\') fputc('\\', o);
            fputc(*s, o);
        }
        if (*s == '\n') {
            fputs("\\n", o);
            s++;
        }
        fputs(*s ? "\"\n" : "\";\n", o);
    }
}

/* ---- man page ---- */

/* Roff-escaped text: backslashes, minus signs, and a leading dot or quote. */
static void roff(FILE *o, const char *s, size_t n, int line_start)
{
    for (size_t i = 0; i < n; i++) {
        if (line_start && i == 0 && (s[0] == '.' || s[0] == '\'')) fputs("\\&", o);
        if (s[i] == '\\')
            fputs("\\e", o);
        else if (s[i] == '-')
            fputs("\\-", o);
        else
            fputc(s[i], o);
    }
}

/* "-v, --version" or "--endpoint HOST|URL": per comma-separated alternative, the first word
 * bold, the rest italic (punctuation | [ ] roman). */
static void man_term(FILE *o, const char *t)
{
    int word = 0; /* index of the word within the alternative */
    const char *s = t;
    while (*s) {
        if (*s == ',' || *s == ' ' || *s == '|' || *s == '[' || *s == ']') {
            if (*s == ',') word = -1;
            if (*s == ' ') word++;
            fputc(*s, o);
            s++;
            continue;
        }
        size_t w = strcspn(s, ", |[]");
        fputs(word <= 0 ? "\\fB" : "\\fI", o);
        roff(o, s, w, 0);
        fputs("\\fR", o);
        s += w;
    }
    fputc('\n', o);
}

static void man_page(FILE *o, const struct page *p, const char *version)
{
    char up[64];
    size_t i = 0;
    for (; p->name[i] && i < sizeof up - 1; i++)
        up[i] = (char)toupper((unsigned char)p->name[i]);
    up[i] = '\0';
    fprintf(o, ".\\\" Generated by cmake/helpgen.c from %s: edit that file instead.\n", src_path);
    fprintf(o, ".TH %s %s \"\" \"%s %s\" \"User Commands\"\n", up, p->section, p->name, version);
    fprintf(o, ".SH NAME\n%s \\- ", p->name);
    roff(o, p->summary, strlen(p->summary), 0);
    fputs("\n.SH SYNOPSIS\n", o);
    for (int k = 0; k < p->nusage; k++) {
        const char *u = p->usage[k] + 7;
        size_t w = strcspn(u, " ");
        if (k) fputs(".br\n", o);
        fputs(".B ", o);
        roff(o, u, w, 0);
        fputc('\n', o);
        if (u[w]) {
            roff(o, u + w + 1, strlen(u + w + 1), 1);
            fputc('\n', o);
        }
    }
    if (p->n && p->b[0].kind != HEAD) fputs(".SH DESCRIPTION\n", o);
    for (int k = 0; k < p->n; k++) {
        const struct block *b = &p->b[k];
        switch (b->kind) {
        case HEAD:
            fputs(".SH \"", o);
            for (const char *c = b->text; *c; c++)
                fputc(toupper((unsigned char)*c), o);
            fputs("\"\n", o);
            break;
        case PARA:
            if (k > 0 && p->b[k - 1].kind != HEAD) fputs(".PP\n", o);
            roff(o, b->text, strlen(b->text), 1);
            fputc('\n', o);
            break;
        case VERB: {
            fputs(".PP\n.nf\n.RS 2\n", o);
            const char *s = b->text;
            while (*s) {
                size_t l = strcspn(s, "\n");
                roff(o, s + 2, l - 2, 1); /* the 2-space indent is the .RS */
                fputc('\n', o);
                s += l + (s[l] == '\n');
            }
            fputs(".RE\n.fi\n", o);
            break;
        }
        case TERM:
            fputs(".TP\n", o);
            man_term(o, b->term);
            roff(o, b->text, strlen(b->text), 1);
            fputc('\n', o);
            break;
        }
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (!buf) die(0, "out of memory");
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) die(0, "read error");
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

static void close_out(FILE *f, const char *path)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "helpgen: cannot write %s\n", path);
        remove(path);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: helpgen SOURCE VERSION OUT.c SYMBOL OUT.1\n");
        return 2;
    }
    src_path = argv[1];
    size_t len;
    char *src = slurp(argv[1], &len);
    char **lines = NULL;
    int n = 0;
    for (char *s = src; *s;) {
        lines = realloc(lines, (size_t)(n + 1) * sizeof *lines);
        if (!lines) die(0, "out of memory");
        lines[n++] = s;
        s += strcspn(s, "\n");
        if (*s) *s++ = '\0';
    }
    struct page p;
    memset(&p, 0, sizeof p);
    parse(&p, lines, n);

    char *help = NULL;
    size_t help_len = 0;
    FILE *m = open_memstream(&help, &help_len);
    if (!m) die(0, "out of memory");
    help_text(m, &p);
    fclose(m);

    FILE *o = open_out(argv[3]);
    c_file(o, help, argv[4]);
    close_out(o, argv[3]);
    o = open_out(argv[5]);
    man_page(o, &p, argv[2]);
    close_out(o, argv[5]);
    for (int i = 0; i < p.n; i++) {
        free(p.b[i].term);
        free(p.b[i].text);
    }
    free(p.b);
    free(help);
    free(lines);
    free(src);
    return 0;
}
