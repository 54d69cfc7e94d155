#ifndef AGW_BENCH_EMUPROC_H
#define AGW_BENCH_EMUPROC_H

#include <stddef.h>
#include <sys/types.h>

/* The benches run apigw-emulator as a process of its own (so the CPU figures are the
 * client's alone): started on 127.0.0.1 with an OS-chosen port, its URL read from the first
 * line it prints. */

/* Starts AGW_EMULATOR_BIN with --seed seed and, when log is not NULL, --log log; writes its
 * URL into url (size n). Returns its pid, or -1 when it could not be started. */
pid_t agw_bench_emulator_start(const char *seed, const char *log, char *url, size_t n);

/* Stops it (SIGTERM) and waits for it. */
void agw_bench_emulator_stop(pid_t pid);

#endif
