/* Running a helper program without blocking (runtime/core/proc.c): its stdout captured,
 * its exit status, a step that returns at once while it runs, the time limit killing its
 * whole process group, output past the limit, a program that cannot start. */
#include "check.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "proc.h"

/* Runs sh -c script to its end, stepping with wait_ms; returns what the last step did. */
static int run(const char *script, long timeout_ms, size_t max_out, int wait_ms,
               struct agw_buf *out, int *status, struct agw_err *err, int *steps)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    struct agw_proc p;
    agw_err_clear(err);
    if (agw_proc_start(&p, argv, timeout_ms, max_out, out, err) != 0) return -2;
    int rc;
    *steps = 0;
    while ((rc = agw_proc_step(&p, wait_ms, status, err)) == 0)
        ++*steps;
    return rc;
}

int main(void)
{
    struct agw_buf out;
    struct agw_err err;
    int status = -1, steps = 0;

    /* stdout captured, exit status given */
    agw_buf_init(&out, 0);
    CHECK(run("printf '{\"mode\":\"AK\"}'; exit 0", 5000, 1024, 100, &out, &status, &err, &steps) ==
          1);
    CHECK(status == 0);
    CHECK_STR(agw_buf_str(&out), "{\"mode\":\"AK\"}");
    agw_buf_free(&out);
    agw_buf_init(&out, 0);
    CHECK(run("echo partial; exit 7", 5000, 1024, 100, &out, &status, &err, &steps) == 1);
    CHECK(status == 7);
    CHECK_STR(agw_buf_str(&out), "partial\n");
    agw_buf_free(&out);
    agw_buf_init(&out, 0);
    CHECK(run("kill -TERM $$", 5000, 1024, 100, &out, &status, &err, &steps) == 1);
    CHECK(status == 128 + SIGTERM);
    agw_buf_free(&out);

    /* a step without waiting returns at once while the program runs */
    agw_buf_init(&out, 0);
    int64_t t0 = agw_clock_mono_ms();
    CHECK(run("sleep 0.3; echo late", 5000, 1024, 0, &out, &status, &err, &steps) == 1);
    CHECK(status == 0);
    CHECK_STR(agw_buf_str(&out), "late\n");
    CHECKF(steps > 10, "only %d steps while it slept: a step blocked", steps);
    CHECK(agw_clock_mono_ms() - t0 >= 250);
    agw_buf_free(&out);

    /* the time limit kills the whole group: a shell's child included */
    agw_buf_init(&out, 0);
    char script[200], pidfile[64];
    snprintf(pidfile, sizeof pidfile, "/tmp/agw-proc-%d", (int)getpid());
    snprintf(script, sizeof script, "sleep 30 & echo $! >%s; wait", pidfile);
    t0 = agw_clock_mono_ms();
    CHECK(run(script, 400, 1024, 50, &out, &status, &err, &steps) == -1);
    int64_t took = agw_clock_mono_ms() - t0;
    CHECK_STR(err.code, "ProcessTimeout");
    CHECK_HAS(err.message, "/bin/sh did not finish within 0.4 s and was killed");
    CHECKF(took >= 350 && took < 3000, "the limit took %lld ms", (long long)took);
    FILE *f = fopen(pidfile, "r");
    int child = 0;
    CHECK(f && fscanf(f, "%d", &child) == 1 && child > 0);
    if (f) fclose(f);
    remove(pidfile);
    if (child > 0) {
        char cmd[80], st[8] = "";
        snprintf(cmd, sizeof cmd, "ps -o stat= -p %d", child);
        FILE *ps = popen(cmd, "r");
        if (ps && !fgets(st, sizeof st, ps)) st[0] = '\0';
        if (ps) pclose(ps);
        CHECKF(st[0] == '\0' || st[0] == 'Z', "the shell's child %d lives on (%s)", child, st);
    }
    agw_buf_free(&out);

    /* more output than accepted: killed, refused */
    agw_buf_init(&out, 0);
    CHECK(run("head -c 10000 /dev/zero; sleep 30", 5000, 4096, 100, &out, &status, &err, &steps) ==
          -1);
    CHECK_STR(err.code, "ProcessFailed");
    CHECK_HAS(err.message, "printed more than the 4096 bytes accepted");
    agw_buf_free(&out);

    /* a program that closes stdout and goes on: still running until it exits */
    agw_buf_init(&out, 0);
    CHECK(run("echo x; exec >&-; sleep 0.2; exit 3", 5000, 1024, 20, &out, &status, &err, &steps) ==
          1);
    CHECK(status == 3);
    CHECK(steps > 2);
    agw_buf_free(&out);

    /* cannot start */
    agw_buf_init(&out, 0);
    char *bad[] = {"/nonexistent/helper", NULL};
    struct agw_proc p;
    agw_err_clear(&err);
    CHECK(agw_proc_start(&p, bad, 1000, 1024, &out, &err) == -1);
    CHECK_STR(err.code, "ProcessFailed");
    CHECK_HAS(err.message, "cannot run /nonexistent/helper");
    agw_buf_free(&out);

    /* killing one that runs; killing twice; stepping a finished one */
    agw_buf_init(&out, 0);
    char *slow[] = {"/bin/sleep", "30", NULL};
    CHECK(agw_proc_start(&p, slow, 60000, 1024, &out, &err) == 0);
    t0 = agw_clock_mono_ms();
    agw_proc_kill(&p);
    CHECK(agw_clock_mono_ms() - t0 < 2000);
    CHECK(p.pid == 0 && p.fd == -1);
    agw_proc_kill(&p);
    CHECK(agw_proc_step(&p, 0, &status, &err) == -1);
    CHECK_HAS(err.message, "is not running");
    agw_buf_free(&out);
    /* what to wait on between steps: its stdout while open, then a descriptor readable once
     * it exits (the event loop polls them instead of looking every few ms) */
    {
        char *argv[] = {"/bin/sh", "-c", "exec 1>&-; sleep 0.3", NULL};
        struct agw_proc q;
        agw_buf_init(&out, 0);
        CHECK(agw_proc_start(&q, argv, 5000, 1024, &out, &err) == 0);
        long left = -1;
        int fd = agw_proc_wait_fd(&q, &left);
        CHECK(fd == q.fd && fd >= 0);
        CHECKF(left > 4000 && left <= 5000, "%ld ms left of 5000", left);
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        CHECK(poll(&pf, 1, 2000) == 1); /* stdout closed at once: readable (EOF) */
        CHECK(agw_proc_step(&q, 0, &status, &err) == 0);
        CHECK(q.fd < 0);
        fd = agw_proc_wait_fd(&q, &left);
        CHECKF(fd >= 0 && fd == q.pidfd, "no pidfd (%d)", fd);
        t0 = agw_clock_mono_ms();
        pf = (struct pollfd){.fd = fd, .events = POLLIN};
        CHECK(poll(&pf, 1, 0) == 0);    /* still sleeping */
        CHECK(poll(&pf, 1, 3000) == 1); /* readable when it exits */
        CHECKF(agw_clock_mono_ms() - t0 >= 150, "woke after %lld ms",
               (long long)(agw_clock_mono_ms() - t0));
        CHECK(agw_proc_step(&q, 0, &status, &err) == 1);
        CHECK(status == 0);
        CHECK(agw_proc_wait_fd(&q, &left) == -1 && left == 0);
        agw_proc_kill(&q); /* a no-op once reaped */
        agw_buf_free(&out);
    }

    return check_report();
}
