#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

extern char **environ;

/* Reaps p's program, waiting at most until deadline (monotonic ms); 1 reaped, 0 not yet. */
static int reap(struct agw_proc *p, int64_t deadline, int *status)
{
    for (;;) {
        pid_t r = waitpid(p->pid, status, WNOHANG);
        if (r == p->pid || (r < 0 && errno != EINTR)) {
            p->pid = 0;
            if (p->pidfd >= 0) close(p->pidfd);
            p->pidfd = -1;
            return 1;
        }
        if (agw_clock_mono_ms() >= deadline) return 0;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

static void close_fd(struct agw_proc *p)
{
    if (p->fd >= 0) close(p->fd);
    p->fd = -1;
}

void agw_proc_kill(struct agw_proc *p)
{
    close_fd(p);
    if (p->pid <= 0) return;
    kill(-p->pid, SIGKILL);
    kill(p->pid, SIGKILL);
    int status;
    reap(p, agw_clock_mono_ms() + 2000, &status);
    p->pid = 0;
    if (p->pidfd >= 0) close(p->pidfd); /* not reaped within 2 s */
    p->pidfd = -1;
}

int agw_proc_wait_fd(const struct agw_proc *p, long *left_ms)
{
    int64_t left = p->pid > 0 ? p->deadline - agw_clock_mono_ms() : 0;
    *left_ms = left > 0 ? (long)left : 0;
    if (p->pid <= 0) return -1;
    return p->fd >= 0 ? p->fd : p->pidfd;
}

int agw_proc_start(struct agw_proc *p, char *const argv[], long timeout_ms, size_t max_out,
                   struct agw_buf *out, struct agw_err *err)
{
    memset(p, 0, sizeof *p);
    p->fd = p->pidfd = -1;
    snprintf(p->name, sizeof p->name, "%s", argv[0]);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed", "cannot run %s: pipe: %s", p->name,
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
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed", "cannot run %s: %s", p->name,
                    strerror(rc));
        return -1;
    }
    p->pid = pid;
    p->fd = fds[0];
    /* our child, not reaped yet: the pid cannot name another process meanwhile */
    p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    p->timeout_ms = timeout_ms;
    p->deadline = agw_clock_mono_ms() + timeout_ms;
    p->max_out = max_out;
    p->out = out;
    return 0;
}

/* Reads what is there now (after waiting at most wait_ms for something): 0, or 1 too
 * long, 2 out of memory. */
static int drain(struct agw_proc *p, int wait_ms)
{
    char buf[4096];
    int failed = 0;
    while (p->fd >= 0 && !failed) {
        struct pollfd pf = {.fd = p->fd, .events = POLLIN};
        int n = poll(&pf, 1, wait_ms);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        wait_ms = 0; /* the rest of what is there, without waiting again */
        ssize_t got = read(p->fd, buf, sizeof buf);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got <= 0) { /* EOF (or an error: the exit status tells) */
            close_fd(p);
            break;
        }
        if (p->out->len + (size_t)got > p->max_out)
            failed = 1;
        else if (agw_buf_append(p->out, buf, (size_t)got) != 0)
            failed = 2;
    }
    memset(buf, 0, sizeof buf);
    return failed;
}

int agw_proc_step(struct agw_proc *p, int wait_ms, int *exit_status, struct agw_err *err)
{
    if (p->pid <= 0) { /* waitpid(0) would reap any child of the group */
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed", "%s is not running", p->name);
        return -1;
    }
    int64_t left = p->deadline - agw_clock_mono_ms();
    if (wait_ms > left) wait_ms = left > 0 ? (int)left : 0;
    int failed = drain(p, wait_ms);
    int status = 0;
    if (!failed && p->fd < 0 && reap(p, 0, &status)) {
        *exit_status = WIFEXITED(status)     ? WEXITSTATUS(status)
                       : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                             : 1;
        return 1;
    }
    if (!failed && p->fd < 0 && wait_ms > 0) { /* at EOF, not exited yet: no fd to wait on */
        struct timespec ts = {0, (long)(wait_ms < 5 ? wait_ms : 5) * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (!failed && agw_clock_mono_ms() < p->deadline) return 0;
    agw_proc_kill(p);
    if (failed)
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessFailed",
                    failed == 1 ? "%s printed more than the %zu bytes accepted"
                                : "%s: out of memory reading its output (%zu bytes accepted)",
                    p->name, p->max_out);
    else
        agw_err_set(err, AGW_ERR_CONFIG, "ProcessTimeout",
                    "%s did not finish within %.1f s and was killed", p->name,
                    (double)p->timeout_ms / 1000.0);
    return -1;
}
