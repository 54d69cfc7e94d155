/* The INI reader on its own: accepted forms, lookups, and syntax errors with line numbers. */
#include "test_cred_util.h"

#include "ini.h"

static struct agw_cred_ini *parse_ok(const char *text)
{
    struct agw_cred_ini *ini = NULL;
    size_t line = 99;
    const char *what = NULL;
    int rc = agw_cred_ini_parse(text, strlen(text), &ini, &line, &what);
    if (rc != 0) fprintf(stderr, "unexpected parse error at line %zu: %s\n", line, what);
    CHECK(rc == 0 && ini != NULL);
    return ini;
}

static void test_forms(void)
{
    const char *text = "\xEF\xBB\xBF# leading comment\n"
                       "  ; indented comment\r\n"
                       "[default]\r\n"
                       "type = access_key\r\n"
                       "  access_key_id=AK1   \n"
                       "access_key_secret = v#not-a-comment ; a comment\n"
                       "empty =\n"
                       "hashed = # only a comment\n"
                       "quoted = \"with spaces inside\"\n"
                       "single = 'x'\n"
                       "inner = a\"b'c\n"
                       "hashq = \"a # b ; c\"   # a comment after the quotes\n"
                       "emptyq = ''\n"
                       "eq = a=b\n"
                       "[ spaced name ]   # comment after the header\n"
                       "k = 1\n"
                       "[default]\n"
                       "type = later wins\n"
                       "[Default]\n"
                       "k = case\n"
                       "\n"
                       "[last]"; /* no final newline */
    struct agw_cred_ini *ini = parse_ok(text);
    if (!ini) return;
    CHECK_STR(agw_cred_ini_get(ini, "default", "access_key_id"), "AK1");
    CHECK_STR(agw_cred_ini_get(ini, "default", "access_key_secret"), "v#not-a-comment");
    CHECK_STR(agw_cred_ini_get(ini, "default", "empty"), "");
    CHECK_STR(agw_cred_ini_get(ini, "default", "hashed"), "");
    CHECK_STR(agw_cred_ini_get(ini, "default", "quoted"), "with spaces inside");
    CHECK_STR(agw_cred_ini_get(ini, "default", "single"), "x");
    CHECK_STR(agw_cred_ini_get(ini, "default", "inner"), "a\"b'c");
    CHECK_STR(agw_cred_ini_get(ini, "default", "hashq"), "a # b ; c");
    CHECK_STR(agw_cred_ini_get(ini, "default", "emptyq"), "");
    CHECK_STR(agw_cred_ini_get(ini, "default", "eq"), "a=b");
    CHECK_STR(agw_cred_ini_get(ini, "default", "type"), "later wins");
    CHECK_STR(agw_cred_ini_get(ini, "spaced name", "k"), "1");
    CHECK_STR(agw_cred_ini_get(ini, "Default", "k"), "case");
    CHECK(agw_cred_ini_get(ini, "default", "k") == NULL);
    CHECK(agw_cred_ini_get(ini, "default", "TYPE") == NULL);
    CHECK(agw_cred_ini_get(ini, "nope", "type") == NULL);
    CHECK(agw_cred_ini_has_section(ini, "last"));
    CHECK(agw_cred_ini_has_section(ini, "spaced name"));
    CHECK(!agw_cred_ini_has_section(ini, "DEFAULT"));
    agw_cred_ini_free(ini);

    ini = parse_ok("");
    CHECK(ini && !agw_cred_ini_has_section(ini, "default"));
    agw_cred_ini_free(ini);
    agw_cred_ini_free(NULL);
}

static void test_errors(void)
{
    static const struct {
        const char *text;
        size_t line;
        const char *what;
    } cases[] = {
        {"key = value\n", 1, "before any [section]"},
        {"# c\n\n[a]\nk = v\n[b\n", 5, "no closing ']'"},
        {"[a]\n[ ]\n", 2, "empty section name"},
        {"[a] junk\n", 1, "unexpected text after ']'"},
        {"[a]\nk = v\njust some words\n", 3, "expected 'key = value'"},
        {"[a]\n = v\n", 2, "empty key"},
        {"[a]\r\nk = v\r\nnot-a-pair\r\n", 3, "expected 'key = value'"},
        /* an unbalanced quote is refused, not kept as part of the value */
        {"[a]\nk = \"LTAIs3cr3t\n", 2, "opening quote has no closing quote"},
        {"[a]\nk = 'LTAIs3cr3t\n", 2, "opening quote has no closing quote"},
        {"[a]\nk = LTAIs3cr3t\"\n", 2, "closing quote has no opening quote"},
        {"[a]\nk = \"\n", 2, "opening quote has no closing quote"},
        {"[a]\nk = \"x\" y\n", 2, "unexpected text after the value's closing quote"},
        {"[a]\nk = \"x' \n", 2, "opening quote has no closing quote"},
        /* line numbers count CR, LF and CRLF endings alike */
        {"[a]\rk = v\rnot-a-pair\r", 3, "expected 'key = value'"},
        {"[a]\r\n\rk = v\n\r\nnot-a-pair", 5, "expected 'key = value'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct agw_cred_ini *ini = (struct agw_cred_ini *)&ini; /* must be reset to NULL */
        size_t line = 0;
        const char *what = NULL;
        int rc = agw_cred_ini_parse(cases[i].text, strlen(cases[i].text), &ini, &line, &what);
        CHECK(rc == -1);
        CHECK(ini == NULL);
        CHECK(line == cases[i].line);
        CHECK_HAS(what, cases[i].what);
        CHECK(what && !strstr(what, "s3cr3t"));
        if (line != cases[i].line) fprintf(stderr, "case %zu: line %zu\n", i, line);
    }
}

/* Text with an embedded NUL and no terminator is read only up to len. */
static void test_len(void)
{
    const char text[] = {'[', 'a', ']', '\n', 'k', '=', 'v', '\n', '[', 'b'};
    struct agw_cred_ini *ini = NULL;
    size_t line = 0;
    const char *what = NULL;
    CHECK(agw_cred_ini_parse(text, 8, &ini, &line, &what) == 0);
    CHECK(ini && !agw_cred_ini_has_section(ini, "b"));
    if (ini) CHECK_STR(agw_cred_ini_get(ini, "a", "k"), "v");
    agw_cred_ini_free(ini);
    CHECK(agw_cred_ini_parse(text, sizeof text, &ini, &line, &what) == -1);
    CHECK(line == 3);
}

/* A file written with old Mac (CR only) or mixed line endings reads as the same lines. */
static void test_line_endings(void)
{
    static const char *const texts[] = {
        "[default]\rtype = access_key\raccess_key_id = AK\raccess_key_secret = s3cr3t\r",
        "[default]\ntype = access_key\raccess_key_id = AK\r\naccess_key_secret = s3cr3t",
        "[default]\r\ntype = access_key\r\raccess_key_id = AK\n\naccess_key_secret = s3cr3t\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct agw_cred_ini *ini = parse_ok(texts[i]);
        if (!ini) continue;
        CHECK_STR(agw_cred_ini_get(ini, "default", "type"), "access_key");
        CHECK_STR(agw_cred_ini_get(ini, "default", "access_key_id"), "AK");
        CHECK_STR(agw_cred_ini_get(ini, "default", "access_key_secret"), "s3cr3t");
        agw_cred_ini_free(ini);
    }
}

int main(void)
{
    test_forms();
    test_line_endings();
    test_errors();
    test_len();
    return test_summary("test_cred_ini");
}
