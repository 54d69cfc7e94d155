#ifndef AGW_PROC_H
#define AGW_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"

/* Runs a helper program and captures its standard output (the External credential mode),
 * without blocking the caller: agw_proc_start starts it, agw_proc_step reads what it has
 * written so far (waiting at most the time given), until it has ended; the event loop runs
 * other work between steps. argv[0] is looked up in PATH; the program gets the current
 * environment, this process's stdin and stderr (its messages reach the user), and a process
 * group of its own, so that at the time limit the whole group (a shell and its children) is
 * killed with SIGKILL. */
struct agw_proc {
    pid_t pid;        /* 0 once reaped */
    int fd;           /* its stdout's read end; -1 once at EOF */
    int pidfd;        /* readable once it has exited (pidfd_open); -1 without; only while pid */
    int64_t deadline; /* monotonic ms */
    long timeout_ms;
    size_t max_out;
    struct agw_buf *out; /* the caller's */
    char name[256];      /* argv[0], for messages */
};

/* Starts argv. out (initialised by the caller, e.g. agw_buf_init_secret: it will hold
 * credentials) receives at most max_out bytes of its stdout; more is an error. Returns 0
 * with p running (call agw_proc_step until it is not, or agw_proc_kill), or -1 with err
 * (kind AGW_ERR_CONFIG, code "ProcessFailed") and nothing to clean up. */
int agw_proc_start(struct agw_proc *p, char *const argv[], long timeout_ms, size_t max_out,
                   struct agw_buf *out, struct agw_err *err);

/* Reads what the program has written, waiting at most wait_ms (0: not at all) for it.
 * Returns 0 while it runs; 1 once it has ended and been reaped, with *exit_status (the
 * exit code, or 128 + the signal number); or -1 with err, the program killed and reaped:
 * code "ProcessTimeout" (past its time limit) or "ProcessFailed" (output too long, out of
 * memory). After 1 or -1, p holds nothing. */
int agw_proc_step(struct agw_proc *p, int wait_ms, int *exit_status, struct agw_err *err);

/* What to wait on before the next agw_proc_step (an event loop's poll): its stdout while
 * open, then a descriptor that becomes readable when it exits; -1 when there is none (a
 * kernel without pidfd_open: step again after a short sleep). *left_ms: the time to its
 * limit (0 once past it). */
int agw_proc_wait_fd(const struct agw_proc *p, long *left_ms);

/* Kills a program still running (its whole group) and reaps it; a no-op once it has ended
 * (and on a zeroed struct). Waits at most 2 s for the reaping. */
void agw_proc_kill(struct agw_proc *p);

#endif
