#include "emuproc.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t agw_bench_emulator_start(const char *seed, const char *log, char *url, size_t n)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        if (log)
            execl(AGW_EMULATOR_BIN, "apigw-emulator", "--listen", "127.0.0.1:0", "--seed", seed,
                  "--log", log, (char *)NULL);
        else
            execl(AGW_EMULATOR_BIN, "apigw-emulator", "--listen", "127.0.0.1:0", "--seed", seed,
                  (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[256];
    int got = f && fgets(line, sizeof line, f) != NULL;
    if (f)
        fclose(f);
    else
        close(fd[0]);
    const char *p = got ? strstr(line, "http://") : NULL;
    if (!p) {
        agw_bench_emulator_stop(pid);
        return -1;
    }
    snprintf(url, n, "%s", p);
    url[strcspn(url, "\r\n")] = '\0';
    return pid;
}

void agw_bench_emulator_stop(pid_t pid)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}
