#ifndef AGW_CRED_WORDS_H
#define AGW_CRED_WORDS_H

#include <stddef.h>

/* Splits a command line into words as a POSIX shell does, without expansions: blanks
 * separate words; '...' keeps everything literally; "..." keeps everything but \" \\ \$ \`
 * and backslash-newline; outside quotes a backslash keeps the next character, and
 * backslash-newline is removed (a continued line). Returns a NULL-terminated malloc'd argv
 * (free with agw_cred_words_free) with *argc set, or NULL with *why (static) for an
 * unterminated quote, a trailing backslash, no words, or out of memory. */
char **agw_cred_words(const char *s, int *argc, const char **why);
void agw_cred_words_free(char **argv);

#endif
