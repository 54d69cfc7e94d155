/* The emulator's quota (seed behaviour.qps_per_user): the token bucket's arithmetic on a
 * clock the test moves, one bucket per key and per action, the retry-after it gives, the
 * seed's checks, and threads sharing buckets. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "model.h"
#include "quota.h"

#define SEC 1000000LL

static void test_bucket(void)
{
    struct agw_emu_quota *q = agw_emu_quota_new();
    CHECK(q != NULL);
    /* a new bucket is full: rate 5 admits 5 at once, then refuses */
    int admitted = 0;
    int64_t wait = 0;
    for (int i = 0; i < 8; i++) {
        int64_t w = agw_emu_quota_take(q, "k1", "SetDomain", 5, 10 * SEC);
        if (w == 0)
            admitted++;
        else
            wait = w;
    }
    CHECKF(admitted == 5, "burst of a full bucket: %d admitted", admitted);
    CHECKF(wait == 200, "retry-after for an empty bucket at 5/s: %lld ms", (long long)wait);
    CHECK(agw_emu_quota_refused(q) == 3);
    /* 100 ms later, half a token: still refused, 100 ms to wait */
    CHECKF((wait = agw_emu_quota_take(q, "k1", "SetDomain", 5, 10 * SEC + 100000)) == 100,
           "half a token: %lld", (long long)wait);
    /* 200 ms after the burst: one token */
    CHECK(agw_emu_quota_take(q, "k1", "SetDomain", 5, 10 * SEC + 200000) == 0);
    CHECK(agw_emu_quota_take(q, "k1", "SetDomain", 5, 10 * SEC + 200000) > 0);
    /* other keys and other actions have their own buckets */
    CHECK(agw_emu_quota_take(q, "k2", "SetDomain", 5, 10 * SEC + 200000) == 0);
    CHECK(agw_emu_quota_take(q, "k1", "DescribeDomain", 5, 10 * SEC + 200000) == 0);
    /* an idle bucket refills to one second of calls, no more */
    admitted = 0;
    for (int i = 0; i < 20; i++)
        admitted += agw_emu_quota_take(q, "k1", "SetDomain", 5, 100 * SEC) == 0;
    CHECKF(admitted == 5, "refilled to its depth: %d", admitted);
    /* a steady caller at the rate is never refused: 50/s for 10 s */
    int refused = 0;
    for (int i = 0; i < 500; i++)
        refused += agw_emu_quota_take(q, "k3", "SetDomain", 50, 200 * SEC + i * (SEC / 50)) != 0;
    CHECKF(refused == 0, "steady 50/s against 50/s: %d refused", refused);
    /* a rate below 1/s holds one token and asks for the whole interval */
    CHECK(agw_emu_quota_take(q, "k4", "SetDomain", 0.5, 300 * SEC) == 0);
    CHECKF((wait = agw_emu_quota_take(q, "k4", "SetDomain", 0.5, 300 * SEC)) == 2000, "0.5/s: %lld",
           (long long)wait);
    /* a clock that steps back never adds tokens */
    CHECK(agw_emu_quota_take(q, "k4", "SetDomain", 0.5, 299 * SEC) > 0);
    /* no rate: no limit */
    CHECK(agw_emu_quota_take(q, "k5", "SetDomain", 0, 0) == 0);
    CHECK(agw_emu_quota_take(NULL, "k5", "SetDomain", 5, 0) == 0);
    agw_emu_quota_free(q);
    agw_emu_quota_free(NULL);
}

struct worker {
    struct agw_emu_quota *q;
    int admitted;
};

static void *work(void *p)
{
    struct worker *w = p;
    for (int i = 0; i < 10000; i++)
        w->admitted += agw_emu_quota_take(w->q, "kt", "SetDomain", 100, 5 * SEC) == 0;
    return NULL;
}

static void test_threads(void)
{
    struct agw_emu_quota *q = agw_emu_quota_new();
    struct worker w[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        w[i].q = q;
        w[i].admitted = 0;
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    int total = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        total += w[i].admitted;
    }
    CHECKF(total == 100, "4 threads on one bucket of 100 at one instant: %d admitted", total);
    CHECK(agw_emu_quota_refused(q) == 40000 - 100);
    agw_emu_quota_free(q);
}

static const char *seed_with(const char *qps, char *buf, size_t n)
{
    snprintf(
        buf, n,
        "{\"access_keys\":[{\"id\":\"k\",\"secret\":\"s\"}],\"behaviour\":{\"qps_per_user\":%s}}",
        qps);
    return buf;
}

static void test_seed(void)
{
    char buf[512];
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    const char *s = seed_with("{\"default\": 50, \"SetDomain\": 20, \"DescribeApiGroup\": 0, "
                              "\"DeleteDomain\": 0.5}",
                              buf, sizeof buf);
    agw_err_clear(&err);
    CHECKF(agw_emu_model_open(&m, s, strlen(s), NULL, NULL, &err) == 0, "valid seed: %s",
           err.message);
    CHECK(agw_emu_model_qps(m, "SetDomain") == 20);
    CHECK(agw_emu_model_qps(m, "DescribeDomain") == 50);
    CHECK(agw_emu_model_qps(m, "DescribeApiGroup") == 0);
    CHECK(agw_emu_model_qps(m, "DeleteDomain") == 0.5);
    CHECK(agw_emu_model_qps(m, "NoSuchAction") == 0);
    CHECK(agw_emu_model_qps(m, NULL) == 0);
    agw_emu_model_free(m);

    /* without it, nothing is limited (the built-in seed has none) */
    CHECK(agw_emu_model_open(&m, NULL, 0, NULL, NULL, &err) == 0);
    CHECK(agw_emu_model_qps(m, "SetDomain") == 0);
    agw_emu_model_free(m);

    static const struct {
        const char *qps, *msg;
    } bad[] = {
        {"50", "behaviour.qps_per_user must be an object"},
        {"{\"SetDomian\": 5}", "unknown key 'SetDomian' in behaviour.qps_per_user (allowed: "
                               "default, CreateApiGroup"},
        {"{\"default\": -1}", "behaviour.qps_per_user.default must be a number"},
        {"{\"SetDomain\": \"5\"}", "behaviour.qps_per_user.SetDomain must be a number"},
        {"{\"SetDomain\": 1e7}", "from 0 (no limit) to 1000000"},
        {"{\"SetDomain\": null}", "behaviour.qps_per_user.SetDomain must be a number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s = seed_with(bad[i].qps, buf, sizeof buf);
        agw_err_clear(&err);
        m = NULL;
        CHECKF(agw_emu_model_open(&m, s, strlen(s), NULL, NULL, &err) == -1 && m == NULL,
               "refused: %s", bad[i].qps);
        CHECKF(strcmp(err.code, "InvalidSeed") == 0 && strstr(err.message, bad[i].msg),
               "%s: message '%s'", bad[i].qps, err.message);
    }
}

int main(void)
{
    test_bucket();
    test_threads();
    test_seed();
    return check_report();
}
