/* The emulator's nonce cache: replay detection, ttl, the hard cap, thread safety. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "nonce.h"

static int failures;
#define CHECK(c, ...)                                                                              \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #c);                                \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static int use(struct agw_emu_nonce_cache *c, const char *s, int64_t now)
{
    return agw_emu_nonce_use(c, s, strlen(s), now);
}

static void test_basic(void)
{
    struct agw_emu_nonce_cache *c = agw_emu_nonce_new(4, 10);
    CHECK(use(c, "a", 0) == 0, "first use");
    CHECK(use(c, "a", 0) == 1, "replay");
    CHECK(use(c, "A", 0) == 0, "case matters");
    CHECK(use(c, "", 0) == 0 && use(c, "", 0) == 1, "empty nonce");
    CHECK(agw_emu_nonce_count(c) == 3, "count %zu", agw_emu_nonce_count(c));
    /* the cap: the oldest goes first */
    CHECK(use(c, "b", 1) == 0 && use(c, "c", 1) == 0, "fill");
    CHECK(agw_emu_nonce_evicted(c) == 1, "one evicted");
    CHECK(use(c, "a", 1) == 0, "evicted nonce is new again");
    CHECK(use(c, "c", 1) == 1 && use(c, "b", 1) == 1, "recent ones kept");
    CHECK(agw_emu_nonce_count(c) == 4, "bounded: %zu", agw_emu_nonce_count(c));
    agw_emu_nonce_free(c);
    agw_emu_nonce_free(NULL);
}

static void test_ttl(void)
{
    struct agw_emu_nonce_cache *c = agw_emu_nonce_new(100, 0);
    CHECK(use(c, "x", 1000) == 0, "first");
    CHECK(use(c, "x", 1000 + AGW_EMU_NONCE_TTL_S) == 1, "remembered for 31 minutes");
    CHECK(use(c, "y", 1000 + AGW_EMU_NONCE_TTL_S) == 0, "y");
    CHECK(use(c, "x", 1001 + AGW_EMU_NONCE_TTL_S) == 0, "forgotten after 31 minutes");
    CHECK(use(c, "y", 1001 + AGW_EMU_NONCE_TTL_S) == 1, "y still remembered");
    agw_emu_nonce_free(c);
}

/* Heavy churn through the cap: every one of the last cap nonces is still found, which
 * exercises the index's deletions. */
static void test_churn(void)
{
    enum { CAP = 1000, N = 200000 };
    struct agw_emu_nonce_cache *c = agw_emu_nonce_new(CAP, 1000000);
    char s[32];
    int fresh = 0;
    for (int i = 0; i < N; i++) {
        snprintf(s, sizeof s, "n%d", i);
        fresh += use(c, s, i / 1000) == 0;
    }
    CHECK(fresh == N, "all new: %d", fresh);
    int found = 0;
    for (int i = N - CAP; i < N; i++) {
        snprintf(s, sizeof s, "n%d", i);
        found += use(c, s, N / 1000) == 1;
    }
    CHECK(found == CAP, "last %d all found: %d", CAP, found);
    CHECK(agw_emu_nonce_evicted(c) == N - CAP, "evicted %llu",
          (unsigned long long)agw_emu_nonce_evicted(c));
    /* time-based expiry drains the whole ring */
    CHECK(use(c, "late", 5000000) == 0 && agw_emu_nonce_count(c) == 1, "expired all: %zu",
          agw_emu_nonce_count(c));
    agw_emu_nonce_free(c);
}

struct th {
    struct agw_emu_nonce_cache *c;
    int fresh;
};

static void *worker(void *arg)
{
    struct th *t = arg;
    char s[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(s, sizeof s, "shared-%d", i);
        t->fresh += agw_emu_nonce_use(t->c, s, strlen(s), 0) == 0;
    }
    return NULL;
}

static void test_threads(void)
{
    struct agw_emu_nonce_cache *c = agw_emu_nonce_new(0, 0);
    pthread_t tid[4];
    struct th ts[4];
    for (int i = 0; i < 4; i++) {
        ts[i].c = c;
        ts[i].fresh = 0;
        pthread_create(&tid[i], NULL, worker, &ts[i]);
    }
    int total = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(tid[i], NULL);
        total += ts[i].fresh;
    }
    CHECK(total == 20000, "each nonce admitted exactly once: %d", total);
    agw_emu_nonce_free(c);
}

int main(void)
{
    test_basic();
    test_ttl();
    test_churn();
    test_threads();
    if (!failures) printf("ok\n");
    return failures ? 1 : 0;
}
