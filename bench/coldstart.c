/* bench/coldstart: average wall time of `apigw-lua -e ''` (fork, exec, Lua state, the apigw
 * module, exit) over 200 runs, after 10 warm-up runs.   coldstart [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int once(void)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        execl(AGW_LUA_BIN, "apigw-lua", "-e", "", (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    return 0;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 200;
    if (runs < 1) runs = 200;
    for (int i = 0; i < 10; i++)
        if (once() != 0) {
            fprintf(stderr, "coldstart: %s -e '' failed\n", AGW_LUA_BIN);
            return 1;
        }
    double t0 = now_s();
    for (int i = 0; i < runs; i++)
        if (once() != 0) return 1;
    double avg_ms = (now_s() - t0) * 1000.0 / runs;
    printf("coldstart: apigw-lua -e '' %.2f ms on average over %d runs\n", avg_ms, runs);
    return 0;
}
