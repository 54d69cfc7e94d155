/* The emulator's fault counter: spec parsing, exact counts, precedence, reproducible
 * probabilities, thread safety. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "faults.h"

static struct agw_emu_faults *parse(const char *spec, uint64_t seed)
{
    struct agw_emu_faults *f = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_emu_faults_parse(spec, seed, &f, &err) != 0) {
        fprintf(stderr, "parse %s: %s\n", spec, err.message);
        return NULL;
    }
    return f;
}

static void test_parse(void)
{
    static const char *const bad[] = {
        "bogus:3",    "throttle:0", "throttle:p0", "throttle:p1.5",         "throttle",
        "throttle:",  "slow:abc",   "5xx:-1",      "throttle:3,throttle:4", "reset:p",
        "garbage:3x", "slow:p0.5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct agw_emu_faults *f = NULL;
        struct agw_err err;
        agw_err_clear(&err);
        CHECKF(agw_emu_faults_parse(bad[i], 0, &f, &err) == -1 && f == NULL, "'%s' refused",
               bad[i]);
        CHECKF(strcmp(err.code, "Emulator.Fault") == 0 && err.message[0], "'%s' message", bad[i]);
    }
    struct agw_emu_faults *f = parse(NULL, 0);
    CHECKF(f && agw_emu_faults_next(f) == AGW_EMU_FAULT_NONE && agw_emu_faults_slow_ms(f) == 0,
           "no faults");
    agw_emu_faults_free(f);
    f = parse(" throttle:3 , slow:250 ,", 0);
    CHECKF(f && agw_emu_faults_slow_ms(f) == 250, "slow parsed");
    agw_emu_faults_free(f);
    agw_emu_faults_free(NULL);
}

static void test_counts(void)
{
    struct agw_emu_faults *f = parse("throttle:3", 0);
    int n = 0;
    for (int i = 1; i <= 30; i++) {
        enum agw_emu_fault k = agw_emu_faults_next(f);
        if (k == AGW_EMU_FAULT_THROTTLE) {
            n++;
            CHECKF(i % 3 == 0, "request %d throttled", i);
        }
    }
    CHECKF(n == 10 && agw_emu_faults_count(f, AGW_EMU_FAULT_THROTTLE) == 10, "throttle:3: %d", n);
    agw_emu_faults_free(f);

    /* reset > 5xx > throttle > garbage when several fire on one request */
    f = parse("garbage:2,throttle:3,5xx:5,reset:7", 0);
    for (int i = 0; i < 210; i++)
        agw_emu_faults_next(f);
    /* multiples of 7: 30; of 5 not 7: 42-6=36; of 3 not 5,7: 70-14-10+2=48; of 2 only: rest */
    CHECKF(agw_emu_faults_count(f, AGW_EMU_FAULT_RESET) == 30, "reset %llu",
           (unsigned long long)agw_emu_faults_count(f, AGW_EMU_FAULT_RESET));
    CHECKF(agw_emu_faults_count(f, AGW_EMU_FAULT_5XX) == 36, "5xx %llu",
           (unsigned long long)agw_emu_faults_count(f, AGW_EMU_FAULT_5XX));
    CHECKF(agw_emu_faults_count(f, AGW_EMU_FAULT_THROTTLE) == 48, "throttle %llu",
           (unsigned long long)agw_emu_faults_count(f, AGW_EMU_FAULT_THROTTLE));
    /* even, not divisible by 3, 5, 7, among 1..210: 105 - 35 - 21 - 15 + 7 + 5 + 3 - 1 = 48 */
    CHECKF(agw_emu_faults_count(f, AGW_EMU_FAULT_GARBAGE) == 48, "garbage %llu",
           (unsigned long long)agw_emu_faults_count(f, AGW_EMU_FAULT_GARBAGE));
    agw_emu_faults_free(f);
}

static void test_probability(void)
{
    char a[2001], b[2001], c[2001];
    struct agw_emu_faults *fa = parse("5xx:p0.1", 42), *fb = parse("5xx:p0.1", 42),
                          *fc = parse("5xx:p0.1", 43);
    int n = 0;
    for (int i = 0; i < 2000; i++) {
        a[i] = agw_emu_faults_next(fa) ? 'x' : '.';
        b[i] = agw_emu_faults_next(fb) ? 'x' : '.';
        c[i] = agw_emu_faults_next(fc) ? 'x' : '.';
        n += a[i] == 'x';
    }
    a[2000] = b[2000] = c[2000] = '\0';
    CHECKF(strcmp(a, b) == 0, "same seed, same faults");
    CHECKF(strcmp(a, c) != 0, "another seed, other faults");
    CHECKF(n > 140 && n < 260, "about 10%%: %d", n);
    agw_emu_faults_free(fa);
    agw_emu_faults_free(fb);
    agw_emu_faults_free(fc);
}

static void *worker(void *arg)
{
    for (int i = 0; i < 25000; i++)
        agw_emu_faults_next(arg);
    return NULL;
}

static void test_threads(void)
{
    struct agw_emu_faults *f = parse("throttle:7", 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, f);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CHECKF(agw_emu_faults_count(f, AGW_EMU_FAULT_THROTTLE) == 100000 / 7,
           "exact under threads: %llu",
           (unsigned long long)agw_emu_faults_count(f, AGW_EMU_FAULT_THROTTLE));
    agw_emu_faults_free(f);
}

int main(void)
{
    test_parse();
    test_counts();
    test_probability();
    test_threads();
    if (!failures) printf("ok\n");
    return failures ? 1 : 0;
}
