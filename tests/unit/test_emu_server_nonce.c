/* The emulator's nonce cache: replay detection, ttl, the hard cap, thread safety. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "nonce.h"

static int use(struct agw_emu_nonce_cache *c, const char *s, int64_t now)
{
    return agw_emu_nonce_use(c, s, strlen(s), now);
}

static void test_basic(void)
{
    struct agw_emu_nonce_cache *c = agw_emu_nonce_new(4, 10);
    CHECKF(use(c, "a", 0) == 0, "first use");
    CHECKF(use(c, "a", 0) == 1, "replay");
    CHECKF(use(c, "A", 0) == 0, "case matters");
    CHECKF(use(c, "", 0) == 0 && use(c, "", 0) == 1, "empty nonce");
    CHECKF(agw_emu_nonce_count(c) == 3, "count %zu", agw_emu_nonce_count(c));
    /* the cap: the oldest goes first */
    CHECKF(use(c, "b", 1) == 0 && use(c, "c", 1) == 0, "fill");
    CHECKF(agw_emu_nonce_evicted(c) == 1, "one evicted");
    CHECKF(use(c, "a", 1) == 0, "evicted nonce is new again");
    CHECKF(use(c, "c", 1) == 1 && use(c, "b", 1) == 1, "recent ones kept");
    CHECKF(agw_emu_nonce_count(c) == 4, "bounded: %zu", agw_emu_nonce_count(c));
    agw_emu_nonce_free(c);
    agw_emu_nonce_free(NULL);
}

static void test_ttl(void)
{
    struct agw_emu_nonce_cache *c = agw_emu_nonce_new(100, 0);
    CHECKF(use(c, "x", 1000) == 0, "first");
    CHECKF(use(c, "x", 1000 + AGW_EMU_NONCE_TTL_S) == 1, "remembered for 31 minutes");
    CHECKF(use(c, "y", 1000 + AGW_EMU_NONCE_TTL_S) == 0, "y");
    CHECKF(use(c, "x", 1001 + AGW_EMU_NONCE_TTL_S) == 0, "forgotten after 31 minutes");
    CHECKF(use(c, "y", 1001 + AGW_EMU_NONCE_TTL_S) == 1, "y still remembered");
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
    CHECKF(fresh == N, "all new: %d", fresh);
    int found = 0;
    for (int i = N - CAP; i < N; i++) {
        snprintf(s, sizeof s, "n%d", i);
        found += use(c, s, N / 1000) == 1;
    }
    CHECKF(found == CAP, "last %d all found: %d", CAP, found);
    CHECKF(agw_emu_nonce_evicted(c) == N - CAP, "evicted %llu",
           (unsigned long long)agw_emu_nonce_evicted(c));
    /* time-based expiry drains the whole ring */
    CHECKF(use(c, "late", 5000000) == 0 && agw_emu_nonce_count(c) == 1, "expired all: %zu",
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
    CHECKF(total == 20000, "each nonce admitted exactly once: %d", total);
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
