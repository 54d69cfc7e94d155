#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

extern char **environ;

static void kill_group(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

/* Reaps pid, waiting at most until deadline (monotonic ms); 1 reaped, 0 not yet. */
static int reap(pid_t pid, int64_t deadline, int *status)
{
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return 1;
        if (agw_clock_mono_ms() >= deadline) return 0;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

int agw_proc_run(char *const argv[], long timeout_ms, size_t max_out, struct agw_buf *out,
                 int *exit_status, struct agw_err *err)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed", "cannot run %s: pipe: %s", argv[0],
                    strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&at, 0);
    sigset_t none, def;
    sigemptyset(&none);
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    sigaddset(&def, SIGINT);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &def);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed", "cannot run %s: %s", argv[0],
                    strerror(rc));
        return -1;
    }
    int64_t deadline = agw_clock_mono_ms() + timeout_ms;
    int failed = 0, timed_out = 0;
    char buf[4096];
    for (;;) {
        int64_t left = deadline - agw_clock_mono_ms();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int n = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue;
        ssize_t got = read(fds[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break; /* EOF (or an error: the exit status tells) */
        if (out->len + (size_t)got > max_out) {
            failed = 1;
            break;
        }
        if (agw_buf_append(out, buf, (size_t)got) != 0) {
            failed = 2;
            break;
        }
    }
    memset(buf, 0, sizeof buf);
    close(fds[0]);
    int status = 0;
    if (timed_out || failed || !reap(pid, deadline, &status)) {
        if (!timed_out && !failed) timed_out = 1;
        kill_group(pid);
        reap(pid, agw_clock_mono_ms() + 2000, &status);
    }
    if (timed_out) {
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessTimeout",
                    "%s did not finish within %.1f s and was killed", argv[0],
                    (double)timeout_ms / 1000.0);
        return -1;
    }
    if (failed) {
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed",
                    failed == 1 ? "%s printed more than the %zu bytes accepted"
                                : "%s: out of memory reading its output (%zu bytes accepted)",
                    argv[0], max_out);
        return -1;
    }
    *exit_status = WIFEXITED(status)     ? WEXITSTATUS(status)
                   : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                         : 1;
    return 0;
}
