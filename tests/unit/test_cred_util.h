/* Shared helpers for the cred unit tests: checks, a fake environment, a temporary HOME.
 * Header-only on purpose: each test_cred_*.c is its own small program. */
#ifndef TEST_CRED_UTIL_H
#define TEST_CRED_UTIL_H

#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* Every secret and token value in these tests contains one of these markers, so one
 * search proves that a message or source string leaks none of them. */
#define CHECK_NO_SECRET(s)                                                                         \
    do {                                                                                           \
        const char *s_ = (s);                                                                      \
        checks++;                                                                                  \
        if (s_ && (strstr(s_, "s3cr3t") || strstr(s_, "t0k3n"))) {                                 \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: secret leaked in \"%s\"\n", __FILE__, __LINE__, s_);           \
        }                                                                                          \
    } while (0)

/* A fake environment: a NULL-terminated list of name/value pairs. */
struct fake_env {
    const char *kv[64][2];
};

__attribute__((unused)) static const char *fake_getenv(const char *name, void *ud)
{
    const struct fake_env *e = ud;
    for (int i = 0; i < 64 && e->kv[i][0]; i++)
        if (strcmp(e->kv[i][0], name) == 0) return e->kv[i][1];
    return NULL;
}

__attribute__((unused)) static void env_set(struct fake_env *e, const char *name, const char *value)
{
    int i = 0;
    for (; i < 63 && e->kv[i][0]; i++) {
        if (strcmp(e->kv[i][0], name) == 0) break;
    }
    e->kv[i][0] = name;
    e->kv[i][1] = value;
}

static char tmp_home[256];

__attribute__((unused)) static void home_make(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmp_home, sizeof tmp_home, "%s/agw-cred-XXXXXX", t && t[0] ? t : "/tmp");
    if (!mkdtemp(tmp_home)) {
        perror("mkdtemp");
        exit(2);
    }
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void home_remove(void)
{
    if (tmp_home[0]) nftw(tmp_home, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes content to tmp_home/rel, creating parent directories; returns the full path
 * (a static buffer, valid until the next call). content NULL removes the file. */
__attribute__((unused)) static const char *home_file(const char *rel, const char *content)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp_home, rel);
    if (!content) {
        remove(path);
        return path;
    }
    for (char *p = path + strlen(tmp_home) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0700) != 0 && errno != EEXIST) perror(path);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(content, f);
    fclose(f);
    return path;
}

static int test_summary(const char *name)
{
    home_remove();
    if (failures) {
        fprintf(stderr, "%s: %d of %d checks failed\n", name, failures, checks);
        return 1;
    }
    printf("%s: all %d checks passed\n", name, checks);
    return 0;
}

#endif
