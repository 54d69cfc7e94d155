/* POSIX word splitting of an External process_command (agw_cred_words): each line of the
 * table is a command, the words a POSIX shell (without expansions) makes of it, or the
 * reason it is refused. Words are written joined by '|' so a table line reads at a glance;
 * an empty word shows as "<>" between the bars. */
#include "check.h"

#include <stdlib.h>

#include "words.h"

static const struct {
    const char *cmd;
    int argc;          /* -1: refused */
    const char *words; /* joined by '|', or the start of the reason */
} cases[] = {
    /* blanks */
    {"helper", 1, "helper"},
    {"a b  c", 3, "a|b|c"},
    {"  lead trail  ", 2, "lead|trail"},
    {"tab\tnew\nline", 3, "tab|new|line"},
    /* single quotes keep everything, backslashes and double quotes included */
    {"'two words' x", 2, "two words|x"},
    {"'a\\b' 'say \"hi\"'", 2, "a\\b|say \"hi\""},
    {"'$HOME *'", 1, "$HOME *"},
    /* double quotes: only \" \\ \$ \` and backslash-newline are escapes */
    {"\"dq \\\" \\\\ \\$ \\`\"", 1, "dq \" \\ $ `"},
    {"\"keep \\n and \\a\"", 1, "keep \\n and \\a"},
    {"\"it's\"", 1, "it's"},
    {"\"a\\\nb\"", 1, "ab"},
    {"\"multi\nline\"", 1, "multi\nline"},
    /* outside quotes a backslash keeps the next character */
    {"a\\ b", 1, "a b"},
    {"\\'x\\'", 1, "'x'"},
    {"\\\\", 1, "\\"},
    {"\\\"", 1, "\""},
    /* backslash-newline continues the line (credentials-go #158) */
    {"a\\\nb", 1, "ab"},
    {"cmd \\\n  --flag", 2, "cmd|--flag"},
    /* empty words are words */
    {"''", 1, "<>"},
    {"\"\"", 1, "<>"},
    {"a '' b", 3, "a|<>|b"},
    {"a \"\" ''", 3, "a|<>|<>"},
    /* quotes join with their neighbours into one word */
    {"x'y'\"z\"w", 1, "xyzw"},
    {"--name='a b'", 1, "--name=a b"},
    {"pre\"\"post", 1, "prepost"},
    /* no expansions, no operators */
    {"$HOME ~ * a;b a|b", 5, "$HOME|~|*|a;b|a|b"},
    /* refused */
    {"", -1, "the command is empty"},
    {"   \t\n", -1, "the command is empty"},
    {"\\\n", -1, "the command is empty"},
    {"'abc", -1, "the command has an unterminated ' quote"},
    {"ok 'abc", -1, "the command has an unterminated ' quote"},
    {"\"abc", -1, "the command has an unterminated \" quote"},
    {"\"abc\\\"", -1, "the command has an unterminated \" quote"},
    {"\"abc\\", -1, "the command has an unterminated \" quote"},
    {"abc\\", -1, "the command ends with a backslash"},
    {"'it''s", -1, "the command has an unterminated ' quote"},
};

/* The words joined as in the table. */
static void join(char **argv, char *out, size_t n)
{
    out[0] = '\0';
    for (int i = 0; argv[i]; i++) {
        size_t l = strlen(out);
        snprintf(out + l, n - l, "%s%s", i ? "|" : "", argv[i][0] ? argv[i] : "<>");
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int argc = -7;
        const char *why = "unset";
        char **argv = agw_cred_words(cases[i].cmd, &argc, &why);
        if (cases[i].argc < 0) {
            CHECKF(argv == NULL, "case %zu should be refused", i);
            CHECKF(why && strcmp(why, cases[i].words) == 0, "case %zu: reason '%s'", i,
                   why ? why : "(null)");
            agw_cred_words_free(argv);
            continue;
        }
        CHECKF(argv != NULL, "case %zu refused: %s", i, why ? why : "(null)");
        if (!argv) continue;
        CHECKF(why == NULL, "case %zu: why set on success", i);
        CHECKF(argc == cases[i].argc, "case %zu: argc %d, want %d", i, argc, cases[i].argc);
        CHECKF(argv[argc] == NULL, "case %zu: argv not NULL-terminated", i);
        char got[512];
        join(argv, got, sizeof got);
        CHECKF(strcmp(got, cases[i].words) == 0, "case %zu: got [%s], want [%s]", i, got,
               cases[i].words);
        agw_cred_words_free(argv);
    }

    /* A long command: every word comes back, none cut. */
    char big[8192], want[8192];
    big[0] = want[0] = '\0';
    for (int i = 0; i < 600; i++) {
        size_t l = strlen(big), m = strlen(want);
        snprintf(big + l, sizeof big - l, "%s'w %d'", i ? " " : "", i);
        snprintf(want + m, sizeof want - m, "%sw %d", i ? "|" : "", i);
    }
    int argc = 0;
    const char *why = NULL;
    char **argv = agw_cred_words(big, &argc, &why);
    CHECK(argv != NULL && argc == 600);
    if (argv) {
        char *got = malloc(sizeof want);
        join(argv, got, sizeof want);
        CHECK_STR(got, want);
        free(got);
    }
    agw_cred_words_free(argv);
    agw_cred_words_free(NULL);
    return check_report();
}
