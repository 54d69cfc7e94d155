#ifndef AGW_PROC_H
#define AGW_PROC_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Runs a helper program and captures its standard output (the External credential mode).
 * argv[0] is looked up in PATH; the program gets the current environment, this process's
 * stdin and stderr (its messages reach the user), and a process group of its own, so that
 * at the time limit the whole group (a shell and its children) is killed with SIGKILL.
 * out (initialised by the caller, e.g. agw_buf_init_secret: it will hold credentials)
 * receives at most max_out bytes; more is an error. Returns 0 with *exit_status (the exit
 * code, or 128 + the signal number), or -1 with err: kind AGW_ERR_CONFIG, code
 * "ProcessFailed" (could not start, output too long) or "ProcessTimeout" (killed). */
int agw_proc_run(char *const argv[], long timeout_ms, size_t max_out, struct agw_buf *out,
                 int *exit_status, struct agw_err *err);

#endif
