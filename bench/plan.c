/* bench/plan: what a declarative plan costs. A spec of N domains over G groups (default
 * 1,000 over 10) is planned against apigw-emulator, started here as a separate process with a
 * seed bench/plan.lua writes (DNS records, no quota), after a first apigw-lua run has put part
 * of the bindings in place (some as wanted, some differing, some with a certificate to
 * compare, some in another group). The client, bench/plan.lua, prints the plan's API calls
 * (and per planned domain), DNS lookups, wall and CPU time per planned domain and peak RSS;
 * then apply's calls per entry and time; then a second plan, which must be all "=". This
 * driver adds the client's peak RSS over the whole run (getrusage through wait4).
 *   plan [N [G]]
 * Exit status: the client's (1 when the second plan is not all "=", or a count the emulator
 * saw differs from the plan's own; no time is asserted), 1 when a step cannot run. Paths to
 * the programs and the client script are compiled in. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emuproc.h"

static const char *dir_;

/* Runs apigw-lua plan.lua MODE DIR N G with the emulator at url (NULL: none); its stdout
 * goes to ours. Returns its exit status (-1: not run); its rusage in ru. */
static int run_client(const char *mode, const char *url, long n, long g, struct rusage *ru)
{
    char nbuf[32], gbuf[32];
    snprintf(nbuf, sizeof nbuf, "%ld", n);
    snprintf(gbuf, sizeof gbuf, "%ld", g);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        setenv("HOME", dir_, 1); /* no ~/.aliyun of the user's */
        setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIdemoAccessKeyId01", 1);
        setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "demoAccessKeySecretForTheEmulator", 1);
        unsetenv("APIGW_DNS_URL");
        unsetenv("APIGW_HOOKS");
        if (url) setenv("APIGW_ENDPOINT", url, 1);
        execl(AGW_LUA_BIN, "apigw-lua", AGW_BENCH_SCRIPT, mode, dir_, nbuf, gbuf, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    memset(ru, 0, sizeof *ru);
    if (wait4(pid, &status, 0, ru) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void cleanup(const char *dir)
{
    static const char *files[] = {"seed.json", "a.crt", "a.key", "b.crt", "b.key"};
    char path[4200];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    long g = argc > 2 ? strtol(argv[2], NULL, 10) : 10;
    if (n < 1 || g < 1 || g > n || g > 65535) {
        fprintf(stderr, "usage: plan [N [G]]   (1 <= G <= N, G <= 65535)\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    char dir[] = "/tmp/agw-bench-plan-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("plan: mkdtemp");
        return 1;
    }
    dir_ = dir;
    struct rusage ru;
    int rc = run_client("seed", NULL, n, g, &ru);
    if (rc != 0) {
        fprintf(stderr, "plan: writing the seed and certificates failed (exit %d)\n", rc);
        cleanup(dir);
        return 1;
    }
    char seed[4200], url[200];
    snprintf(seed, sizeof seed, "%s/seed.json", dir);
    pid_t emu = agw_bench_emulator_start(seed, NULL, url, sizeof url);
    if (emu < 0) {
        fprintf(stderr, "plan: cannot start %s\n", AGW_EMULATOR_BIN);
        cleanup(dir);
        return 1;
    }
    rc = run_client("setup", url, n, g, &ru);
    if (rc != 0) {
        fprintf(stderr, "plan: putting the live state in place failed (exit %d)\n", rc);
    } else {
        rc = run_client("run", url, n, g, &ru);
        if (rc >= 0)
            printf("plan: the client's peak RSS over plan, apply and plan: %.1f MB\n",
                   (double)ru.ru_maxrss / 1024.0);
        if (rc != 0) fprintf(stderr, "plan: the run failed (exit %d)\n", rc);
    }
    agw_bench_emulator_stop(emu);
    cleanup(dir);
    return rc == 0 ? 0 : 1;
}
