/* Checks for the C unit tests: each failed check prints where and what, and the program
 * ends with check_report() ("N passed, N failed", exit status 1 on any failure).
 * Header-only: every test is its own small program. */
#ifndef AGW_TEST_CHECK_H
#define AGW_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures;
static int checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                 \
        }                                                                                          \
    } while (0)

/* CHECKF(cond, fmt, ...): with a message saying what was checked */
#define CHECKF(cond, ...)                                                                          \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                 \
            printf(__VA_ARGS__);                                                                   \
            putchar('\n');                                                                         \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        checks++;                                                                                  \
        if (!g_ || strcmp(g_, w_) != 0) {                                                          \
            failures++;                                                                            \
            printf("FAIL %s:%d: %s\n  expected: %s\n  got:      %s\n", __FILE__, __LINE__, #got,   \
                   w_, g_ ? g_ : "(null)");                                                        \
        }                                                                                          \
    } while (0)

#define CHECK_HAS(hay, needle)                                                                     \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        checks++;                                                                                  \
        if (!h_ || !strstr(h_, n_)) {                                                              \
            failures++;                                                                            \
            printf("FAIL %s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__,             \
                   h_ ? h_ : "(null)", n_);                                                        \
        }                                                                                          \
    } while (0)

/* Prints the closing line and returns the exit status. */
static inline int check_report(void)
{
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}

#endif
