/* bench/quota: N SetDomain calls (default 1,000) through apigw.map against apigw-emulator with a
 * quota of Q calls/s per key (default 50, seed behaviour.qps_per_user), at concurrency 16 and
 * 128, each without and with the client's qps option set to the quota. For each run it prints,
 * from the emulator's request log: goodput (successful calls per second after the first 5 s),
 * the throttled attempts (and their share of all attempts), and the calls that failed. The goal
 * of issue 10: goodput >= 95% of the quota, <= 3% of attempts throttled, no call failing for
 * throttling, in every case; the exit status is 1 when a case misses it.
 *   quota [N [Q [CONCURRENCY [QPS [converges]]]]]   (CONCURRENCY and QPS given: that case only;
 *   QPS 0 = none). With "converges" (what the test quota_bench runs), the figures are printed
 *   but only what timing cannot excuse fails: a call failed, a binding missing, or more than
 *   15% of attempts throttled (a limiter that does not slow down at all, at concurrency 128,
 *   sees most attempts refused). The 95%/3% goal is a target, measured here, not a test.
 * Paths to the programs and the client script are compiled in. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emuproc.h"

#define GROUP "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
#define WARMUP_S 5.0

struct figures {
    long attempts, ok_requests, throttled;
    double goodput, overall;
    long ok, bad, throttle_failed; /* the client's view */
};

static int write_seed(const char *path, double quota)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f,
            "{\"access_keys\":[{\"id\":\"LTAIdemoAccessKeyId01\","
            "\"secret\":\"demoAccessKeySecretForTheEmulator\",\"account\":\"demo\"}],"
            "\"groups\":[{\"GroupId\":\"" GROUP "\",\"GroupName\":\"quota_bench\","
            "\"account\":\"demo\"}],"
            "\"dns\":{\"*.quota.example.com\":{\"cname\":\"" GROUP
            "-cn-hangzhou.alicloudapi.com\"}},"
            "\"icp_filed\":[\"example.com\"],"
            "\"behaviour\":{\"domains_per_group\":0,\"qps_per_user\":{\"default\":%g}}}\n",
            quota);
    return fclose(f);
}

static int run_client(const char *url, long n, int conc, double qps, struct figures *fg)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    char nbuf[32], cbuf[16], qbuf[32];
    snprintf(nbuf, sizeof nbuf, "%ld", n);
    snprintf(cbuf, sizeof cbuf, "%d", conc);
    snprintf(qbuf, sizeof qbuf, "%g", qps);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIdemoAccessKeyId01", 1);
        setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "demoAccessKeySecretForTheEmulator", 1);
        execl(AGW_LUA_BIN, "apigw-lua", "--endpoint", url, AGW_BENCH_SCRIPT, nbuf, cbuf, qbuf,
              GROUP, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[128];
    int done = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "done", 4) == 0)
            done = sscanf(line + 4, "%ld %ld %ld", &fg->ok, &fg->bad, &fg->throttle_failed) == 3;
    if (f) fclose(f);
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && done ? 0 : -1;
}

/* Seconds of the day of a log line's "time":"YYYY-MM-DDThh:mm:ss.mmmZ", -1 if absent. */
static double line_time(const char *line)
{
    const char *p = strstr(line, "\"time\":\"");
    const char *t = p ? strchr(p + 8, 'T') : NULL;
    int h, m, s, ms;
    if (!t || sscanf(t + 1, "%d:%d:%d.%dZ", &h, &m, &s, &ms) != 4) return -1;
    return h * 3600.0 + m * 60.0 + s + ms / 1000.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The emulator's view: every attempt is one line of its log. */
static int read_log(const char *path, struct figures *fg)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t cap = 1024, n = 0;
    double *ok_times = malloc(cap * sizeof *ok_times);
    double t0 = -1;
    char line[8192];
    while (ok_times && fgets(line, sizeof line, f)) {
        double t = line_time(line);
        if (t < 0 || !strstr(line, "\"action\":\"SetDomain\"")) continue;
        if (t0 < 0 || t < t0) t0 = t;
        fg->attempts++;
        if (strstr(line, "\"code\":\"Throttling.User\"")) fg->throttled++;
        if (strstr(line, "\"status\":200,")) {
            if (n == cap) {
                double *g = realloc(ok_times, 2 * cap * sizeof *ok_times);
                if (!g) break;
                ok_times = g;
                cap *= 2;
            }
            ok_times[n++] = t;
        }
    }
    fclose(f);
    if (!ok_times) return -1;
    for (size_t i = 0; i < n; i++) /* a run across midnight UTC */
        if (ok_times[i] < t0 - 43200) ok_times[i] += 86400;
    qsort(ok_times, n, sizeof *ok_times, cmp_double);
    fg->ok_requests = (long)n;
    long late = 0;
    for (size_t i = 0; i < n; i++)
        late += ok_times[i] >= t0 + WARMUP_S;
    double end = n ? ok_times[n - 1] : t0;
    fg->goodput = end > t0 + WARMUP_S ? (double)late / (end - t0 - WARMUP_S) : 0;
    fg->overall = end > t0 ? (double)n / (end - t0) : 0;
    free(ok_times);
    return 0;
}

/* 1 once "converges" is given: a case fails only on what timing cannot excuse */
static int converges_only;

static int one(const char *dir, long n, double quota, int conc, double qps)
{
    char seed[4200], log[4200], url[200];
    snprintf(seed, sizeof seed, "%s/seed.json", dir);
    snprintf(log, sizeof log, "%s/requests.log", dir);
    unlink(log);
    if (write_seed(seed, quota) != 0) return -1;
    pid_t emu = agw_bench_emulator_start(seed, log, url, sizeof url);
    if (emu < 0) {
        fprintf(stderr, "quota: cannot start %s\n", AGW_EMULATOR_BIN);
        return -1;
    }
    struct figures fg;
    memset(&fg, 0, sizeof fg);
    int rc = run_client(url, n, conc, qps, &fg);
    agw_bench_emulator_stop(emu);
    if (rc != 0 || read_log(log, &fg) != 0) {
        fprintf(stderr, "quota: run concurrency=%d qps=%g failed\n", conc, qps);
        return -1;
    }
    unlink(log);
    unlink(seed);
    double share = fg.attempts ? 100.0 * (double)fg.throttled / (double)fg.attempts : 0;
    int correct = fg.throttle_failed == 0 && fg.ok == n && fg.ok_requests >= n;
    int met = correct && fg.goodput >= 0.95 * quota && share <= 3.0;
    int converged = correct && share <= 15.0;
    char qname[32];
    snprintf(qname, sizeof qname, qps > 0 ? "%g" : "none", qps);
    printf("quota: concurrency=%-3d qps=%-4s goodput %5.1f/s (%5.1f%% of %g)  overall %5.1f/s  "
           "throttled %4ld of %5ld attempts (%4.1f%%)  failed %ld (%ld for throttling)  %s\n",
           conc, qname, fg.goodput, 100.0 * fg.goodput / quota, quota, fg.overall, fg.throttled,
           fg.attempts, share, fg.bad, fg.throttle_failed, met ? "goal met" : "GOAL MISSED");
    if (converges_only)
        printf("quota: %s\n",
               converged ? "converges (no failed call, every binding done, <= 15% throttled)"
                         : "DOES NOT CONVERGE");
    fflush(stdout);
    return (converges_only ? converged : met) ? 0 : 1;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    double quota = argc > 2 ? strtod(argv[2], NULL) : 50;
    if (n < 1 || !(quota > 0)) {
        fprintf(stderr, "usage: quota [N [QUOTA [CONCURRENCY [QPS [converges]]]]]\n");
        return 2;
    }
    if (argc > 5) {
        if (strcmp(argv[5], "converges") != 0) {
            fprintf(stderr, "usage: quota [N [QUOTA [CONCURRENCY [QPS [converges]]]]]\n");
            return 2;
        }
        converges_only = 1;
    }
    signal(SIGPIPE, SIG_IGN);
    char dir[] = "/tmp/agw-bench-quota-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("quota: mkdtemp");
        return 1;
    }
    printf("quota: %ld SetDomain calls through apigw.map, emulator quota %g calls/s per key; "
           "goodput counted after the first %.0f s\n",
           n, quota, WARMUP_S);
    int fail = 0;
    if (argc > 4) {
        fail = one(dir, n, quota, atoi(argv[3]), strtod(argv[4], NULL)) != 0;
    } else {
        static const int concs[] = {16, 128};
        for (size_t i = 0; i < 2; i++) {
            fail |= one(dir, n, quota, concs[i], 0) != 0;
            fail |= one(dir, n, quota, concs[i], quota) != 0;
        }
    }
    rmdir(dir);
    return fail;
}
