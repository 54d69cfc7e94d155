/* bench/bulk: N SetDomain calls through apigw.map against apigw-emulator, started here as a
 * separate process, at concurrency 1, 8, 32 and 128. For each run it prints calls/s (the map
 * alone, timed between the client's "start" and "done" lines), client CPU microseconds per
 * call and peak RSS (getrusage of the apigw-lua child through wait4: the whole process,
 * start-up included), then the RSS at N = 10,000 and N = 100,000, then what hooks cost:
 * CPU per call at concurrency 32 without hooks and with one no-op `done` hook, runs
 * interleaved so that the machine's noise falls on both alike: the median and the minimum
 * of HOOK_ROUNDS runs each (noise only ever adds CPU time, so the minimum is the steadier
 * figure on a busy machine).
 *   bulk [N]   (default N = 10000 for the concurrency sweep)
 * With APIGW_BENCH_BASELINE=/path/to/another/apigw-lua, the hooks section also runs that
 * program without hooks, interleaved with the others (to compare two builds in one run).
 * Paths to the programs, the client script and the seed are compiled in. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emuproc.h"

#define GROUP "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"

#define HOOK_ROUNDS 7

struct run {
    const char *bin; /* the apigw-lua to run */
    int hook;        /* 1: with a no-op done hook */
    long n;
    int conc;
    double calls_per_s;
    double cpu_us_per_call;
    long maxrss_kb;
    long ok, bad;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_client(const char *url, struct run *r)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    char nbuf[32], cbuf[16];
    snprintf(nbuf, sizeof nbuf, "%ld", r->n);
    snprintf(cbuf, sizeof cbuf, "%d", r->conc);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIdemoAccessKeyId01", 1);
        setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "demoAccessKeySecretForTheEmulator", 1);
        execl(r->bin, "apigw-lua", "--endpoint", url, AGW_BENCH_SCRIPT, nbuf, cbuf, GROUP,
              r->hook ? "done-hook" : "no-hook", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[128];
    double t0 = 0, t1 = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "start", 5) == 0) t0 = now_s();
        if (strncmp(line, "done", 4) == 0) {
            t1 = now_s();
            sscanf(line + 4, "%ld %ld", &r->ok, &r->bad);
        }
    }
    if (f) fclose(f);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (wait4(pid, &status, 0, &ru) < 0) return -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || t0 == 0 || t1 == 0) return -1;
    double cpu_us = (double)ru.ru_utime.tv_sec * 1e6 + (double)ru.ru_utime.tv_usec +
                    (double)ru.ru_stime.tv_sec * 1e6 + (double)ru.ru_stime.tv_usec;
    r->calls_per_s = (double)r->n / (t1 - t0);
    r->cpu_us_per_call = cpu_us / (double)r->n;
    r->maxrss_kb = ru.ru_maxrss;
    return 0;
}

static int run_one(const char *bin, int hook, long n, int conc, struct run *r)
{
    char url[200];
    pid_t emu = agw_bench_emulator_start(AGW_BENCH_SEED, NULL, url, sizeof url);
    if (emu < 0) {
        fprintf(stderr, "bulk: cannot start %s\n", AGW_EMULATOR_BIN);
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->bin = bin;
    r->hook = hook;
    r->n = n;
    r->conc = conc;
    int rc = run_client(url, r);
    agw_bench_emulator_stop(emu);
    if (rc != 0 || r->bad != 0 || r->ok != n) {
        fprintf(stderr, "bulk: run N=%ld concurrency=%d failed (ok %ld, errors %ld)\n", n, conc,
                r->ok, r->bad);
        return -1;
    }
    return 0;
}

static int one(long n, int conc, struct run *r)
{
    if (run_one(AGW_LUA_BIN, 0, n, conc, r) != 0) return -1;
    printf("bulk: N=%-6ld concurrency=%-3d %8.0f calls/s  %6.1f us CPU/call  peak RSS %6.1f MB\n",
           n, conc, r->calls_per_s, r->cpu_us_per_call, (double)r->maxrss_kb / 1024.0);
    fflush(stdout);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Prints one row: median, minimum and every run (sorted); returns the median and the
 * minimum through med and min. */
static void row(const char *what, double *v, int n, double *med, double *min)
{
    *med = median(v, n);
    *min = v[0];
    printf("bulk:   %-34s median %6.1f  min %6.1f us CPU/call  (", what, *med, *min);
    for (int i = 0; i < n; i++)
        printf("%s%.1f", i ? " " : "", v[i]);
    printf(")\n");
}

/* The hooks' cost at concurrency 32: no hook, one no-op done hook (and a baseline program
 * without hooks, when given), interleaved rounds; prints each row and the ratios. */
static int hook_cost(long n)
{
    const char *base = getenv("APIGW_BENCH_BASELINE");
    if (base && !*base) base = NULL;
    double none[HOOK_ROUNDS], one_hook[HOOK_ROUNDS], baseline[HOOK_ROUNDS];
    struct run r;
    for (int i = 0; i < HOOK_ROUNDS; i++) {
        if (base) {
            if (run_one(base, 0, n, 32, &r) != 0) return -1;
            baseline[i] = r.cpu_us_per_call;
        }
        if (run_one(AGW_LUA_BIN, 0, n, 32, &r) != 0) return -1;
        none[i] = r.cpu_us_per_call;
        if (run_one(AGW_LUA_BIN, 1, n, 32, &r) != 0) return -1;
        one_hook[i] = r.cpu_us_per_call;
    }
    printf("bulk: hooks, concurrency 32, N=%ld, %d interleaved runs each:\n", n, HOOK_ROUNDS);
    double b_med = 0, b_min = 0, n_med, n_min, h_med, h_min;
    if (base) row("baseline program, no hook", baseline, HOOK_ROUNDS, &b_med, &b_min);
    row("no hook", none, HOOK_ROUNDS, &n_med, &n_min);
    row("one no-op done hook", one_hook, HOOK_ROUNDS, &h_med, &h_min);
    if (base)
        printf("bulk:   no hook vs baseline: median %+.1f%%, min %+.1f%%\n",
               100.0 * (n_med - b_med) / b_med, 100.0 * (n_min - b_min) / b_min);
    printf("bulk:   one done hook vs no hook: median %+.1f%%, min %+.1f%%\n",
           100.0 * (h_med - n_med) / n_med, 100.0 * (h_min - n_min) / n_min);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    if (n < 1) n = 10000;
    signal(SIGPIPE, SIG_IGN);
    static const int concs[] = {1, 8, 32, 128};
    struct run r, r10, r100;
    int fail = 0;
    printf("bulk: SetDomain through apigw.map against apigw-emulator (separate process), %ld "
           "calls per run\n",
           n);
    for (size_t i = 0; i < sizeof concs / sizeof concs[0]; i++)
        if (one(n, concs[i], &r) != 0) fail = 1;
    printf("bulk: peak RSS growth, concurrency 32:\n");
    if (one(10000, 32, &r10) != 0 || one(100000, 32, &r100) != 0) {
        fail = 1;
    } else {
        double growth =
            100.0 * ((double)r100.maxrss_kb - (double)r10.maxrss_kb) / (double)r10.maxrss_kb;
        printf("bulk: peak RSS %.1f MB at N=10000, %.1f MB at N=100000: %+.1f%%\n",
               (double)r10.maxrss_kb / 1024.0, (double)r100.maxrss_kb / 1024.0, growth);
    }
    if (hook_cost(n) != 0) fail = 1;
    return fail;
}
