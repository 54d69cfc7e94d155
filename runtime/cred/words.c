#include "words.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

void agw_cred_words_free(char **argv)
{
    if (!argv) return;
    for (char **p = argv; *p; p++)
        free(*p);
    free(argv);
}

static int push(char ***argv, int *n, struct agw_buf *w)
{
    char **p = realloc(*argv, (size_t)(*n + 2) * sizeof *p);
    if (!p) return -1;
    *argv = p;
    char *s = agw_buf_take(w);
    if (!s) s = strdup("");
    if (!s) return -1;
    p[(*n)++] = s;
    p[*n] = NULL;
    agw_buf_init(w, 0);
    return 0;
}

char **agw_cred_words(const char *s, int *argc, const char **why)
{
    char **argv = NULL;
    int n = 0, in_word = 0, bad = 0;
    struct agw_buf w;
    agw_buf_init(&w, 0);
    *why = NULL;
    for (size_t i = 0; s[i] && !*why;) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) bad |= push(&argv, &n, &w);
            in_word = 0;
            i++;
        } else if (c == '\\') {
            if (!s[i + 1]) {
                *why = "the command ends with a backslash";
            } else if (s[i + 1] == '\n') {
                i += 2; /* continued line */
            } else {
                in_word = 1;
                bad |= agw_buf_appendc(&w, s[i + 1]);
                i += 2;
            }
        } else if (c == '\'') {
            const char *e = strchr(s + i + 1, '\'');
            if (!e) {
                *why = "the command has an unterminated ' quote";
            } else {
                in_word = 1;
                bad |= agw_buf_append(&w, s + i + 1, (size_t)(e - (s + i + 1)));
                i = (size_t)(e - s) + 1;
            }
        } else if (c == '"') {
            in_word = 1;
            i++;
            while (s[i] && s[i] != '"') {
                if (s[i] == '\\' && s[i + 1] && strchr("\"\\$`\n", s[i + 1])) {
                    if (s[i + 1] != '\n') bad |= agw_buf_appendc(&w, s[i + 1]);
                    i += 2;
                } else {
                    bad |= agw_buf_appendc(&w, s[i++]);
                }
            }
            if (!s[i])
                *why = "the command has an unterminated \" quote";
            else
                i++;
        } else {
            in_word = 1;
            bad |= agw_buf_appendc(&w, c);
            i++;
        }
    }
    if (!*why && in_word) bad |= push(&argv, &n, &w);
    agw_buf_free(&w);
    if (!*why && bad) *why = "out of memory";
    if (!*why && n == 0) *why = "the command is empty";
    if (*why) {
        agw_cred_words_free(argv);
        return NULL;
    }
    *argc = n;
    return argv;
}
