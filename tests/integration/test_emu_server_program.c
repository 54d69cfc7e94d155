/* The apigw-emulator program: its first line, exit codes, clean stops on SIGTERM/SIGINT, TLS,
 * and durability: kill -9 between writes loses no acknowledged change. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "test_emu_server_client.h"

#define GID "927d50c0f2e54b359919923d908bb015"
/* Debian's libmicrohttpd has TLS (GnuTLS); set to 1 for a build without it. */
#define MHD_TLS_MAY_BE_MISSING 0

static const char *exe;
static char dir[] = "/tmp/agw-emu-prog-XXXXXX";

struct proc {
    pid_t pid;
    int out; /* read end of its stdout */
    char first[256];
    char base[128];
};

/* Starts the program with args (NULL-terminated) and reads its first stdout line. */
static int spawn(struct proc *p, const char *const *args)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    memset(p, 0, sizeof *p);
    p->pid = fork();
    if (p->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        char errpath[600]; /* the child's stderr, shown when a start fails */
        snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
        int errfd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (errfd >= 0) dup2(errfd, 2);
        const char *argv[32] = {exe};
        int n = 1;
        for (; args[n - 1] && n < 31; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    p->out = fds[0];
    size_t len = 0;
    while (len < sizeof p->first - 1) {
        struct pollfd pf = {.fd = p->out, .events = POLLIN};
        if (poll(&pf, 1, 10000) <= 0) break;
        ssize_t got = read(p->out, p->first + len, 1);
        if (got <= 0 || p->first[len] == '\n') break;
        len++;
    }
    p->first[len] = '\0';
    const char *u = strstr(p->first, "http");
    snprintf(p->base, sizeof p->base, "%s", u ? u : "");
    return 0;
}

static int finish(struct proc *p)
{
    int st = 0;
    waitpid(p->pid, &st, 0);
    close(p->out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run_status(const char *const *args, char *out, size_t outn)
{
    struct proc p;
    spawn(&p, args);
    if (out) snprintf(out, outn, "%s", p.first);
    return finish(&p);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_usage(void)
{
    char seed[512], line[256];
    snprintf(seed, sizeof seed, "%s/bad-seed.json", dir);
    write_file(seed, "{\"access_keys\": [ nope");
    const struct {
        const char *args[6];
        int status;
    } cases[] = {
        {{"--bogus", NULL}, 2},
        {{"--listen", "nope", NULL}, 2},
        {{"--listen", NULL}, 2},
        {{"--fault", "bogus:1", NULL}, 2},
        {{"--fault", "throttle:0", NULL}, 2},
        {{"--clock", "yesterday", NULL}, 2},
        {{"--fault-seed", "x", NULL}, 2},
        {{"--tls-cert", "/nonexistent", NULL}, 2},
        {{"--seed", "/nonexistent/seed.json", NULL}, 3},
        {{"--seed", seed, NULL}, 3},
        {{"--help", NULL}, 0},
        {{"--version", NULL}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int st = run_status(cases[i].args, line, sizeof line);
        CHECK(st == cases[i].status, "%s %s: exit %d, want %d", cases[i].args[0],
              cases[i].args[1] ? cases[i].args[1] : "", st, cases[i].status);
    }
    const char *ps[] = {"--print-seed", NULL};
    struct proc p;
    spawn(&p, ps);
    char buf[16384];
    size_t n = strlen(p.first);
    memcpy(buf, p.first, n);
    ssize_t got;
    while (n < sizeof buf - 1 && (got = read(p.out, buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)got;
    buf[n] = '\0';
    CHECK(finish(&p) == 0, "--print-seed exit");
    cJSON *j = cJSON_Parse(buf);
    CHECK(j && cJSON_GetObjectItemCaseSensitive(j, "access_keys"), "--print-seed prints JSON");
    cJSON_Delete(j);

    /* a corrupt state file is refused, and left as it was */
    char state[512];
    snprintf(state, sizeof state, "%s/corrupt.state", dir);
    write_file(state, "\x01\x02 this is not a state file");
    const char *cs[] = {"--state", state, NULL};
    CHECK(run_status(cs, NULL, 0) == 3, "corrupt state: exit 3");
    struct stat sb;
    CHECK(stat(state, &sb) == 0 && sb.st_size == 27, "corrupt state file left alone");
}

static void test_signals(void)
{
    int sigs[2] = {SIGTERM, SIGINT};
    for (int i = 0; i < 2; i++) {
        const char *a[] = {"--listen", "127.0.0.1:0", NULL};
        struct proc p;
        spawn(&p, a);
        CHECK(strncmp(p.first, "listening on http://127.0.0.1:", 30) == 0 && atoi(p.first + 30) > 0,
              "first line '%s'", p.first);
        CURL *h = curl_easy_init();
        struct tc_resp r;
        tc_resp_init(&r);
        char url[256];
        snprintf(url, sizeof url, "%s/__emulator/stats", p.base);
        tc_send_raw(h, "GET", url, NULL, NULL, 0, 0, &r);
        CHECK(r.status == 200, "stats hook on the program: %ld", r.status);
        tc_resp_free(&r);
        curl_easy_cleanup(h);
        kill(p.pid, sigs[i]);
        CHECK(finish(&p) == 0, "signal %d: clean exit 0", sigs[i]);
    }
}

static void test_tls(void)
{
    char cert[512], key[512], cmd[2048];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 "
             "-keyout %s -out %s >/dev/null 2>&1",
             key, cert);
    if (system(cmd) != 0) {
        printf("skip TLS: no openssl command\n");
        return;
    }
    const char *a[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    struct proc p;
    spawn(&p, a);
    if (strncmp(p.first, "listening on https://127.0.0.1:", 31) != 0) {
        /* a libmicrohttpd without TLS must say so and exit 1 */
        int st = finish(&p);
        CHECK(st == 1 && MHD_TLS_MAY_BE_MISSING, "TLS start failed: exit %d", st);
        char errpath[600], msg[512] = "";
        snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
        FILE *ef = fopen(errpath, "r");
        if (ef) {
            if (!fgets(msg, sizeof msg, ef)) msg[0] = '\0';
            fclose(ef);
        }
        printf("TLS start failed (exit %d): %s\n", st, msg);
        return;
    }
    CURL *h = curl_easy_init();
    struct tc_resp r;
    tc_resp_init(&r);
    char url[256];
    snprintf(url, sizeof url, "%s/?Action=SetDomain", p.base);
    tc_send_raw(h, "GET", url, NULL, NULL, 0, 0, &r);
    CHECK(r.cc == CURLE_OK && r.status == 400 && strcmp(r.code, "MissingVersion") == 0,
          "https answer: %d %ld %s", (int)r.cc, r.status, r.code);
    tc_resp_free(&r);
    curl_easy_cleanup(h);
    kill(p.pid, SIGTERM);
    CHECK(finish(&p) == 0, "TLS server stops cleanly");
}

static int set_domain(CURL *h, const char *base, const char *domain, const char *action)
{
    struct agw_params op;
    agw_params_init(&op);
    agw_params_add(&op, "GroupId", GID);
    agw_params_add(&op, "DomainName", domain);
    struct tc_call c;
    memset(&c, 0, sizeof c);
    c.base = base;
    c.method = "POST";
    c.scheme = TC_V3;
    c.key_id = "testid";
    c.secret = "testsecret";
    c.action = action;
    c.op = &op;
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    int st = (int)r.status;
    if (st != 200) fprintf(stderr, "%s %s: %d %s\n", action, domain, st, agw_buf_str(&r.body));
    tc_resp_free(&r);
    agw_params_free(&op);
    return st;
}

static void test_durability(void)
{
    char seedp[512], state[512];
    snprintf(seedp, sizeof seedp, "%s/seed.json", dir);
    snprintf(state, sizeof state, "%s/emu.state", dir);
    write_file(seedp,
               "{\"access_keys\":[{\"id\":\"testid\",\"secret\":\"testsecret\",\"account\":\"a\"}],"
               "\"groups\":[{\"GroupId\":\"" GID
               "\",\"GroupName\":\"group_dur\",\"account\":\"a\"}],"
               "\"dns\":{\"*.demo.com\":{\"cname\":\"" GID "-cn-hangzhou.alicloudapi.com\"}},"
               "\"icp_filed\":[\"demo.com\"],\"behaviour\":{\"domains_per_group\":0}}");
    const char *a[] = {"--seed", seedp, "--state", state, NULL};
    CURL *h = curl_easy_init();
    int acked = 0, k = 0;
    for (int round = 0; round < 4; round++) {
        struct proc p;
        spawn(&p, a);
        CHECK(p.base[0], "round %d: started ('%s')", round, p.first);
        if (!p.base[0]) {
            finish(&p);
            break;
        }
        /* everything acknowledged before is there */
        for (int i = 0; i < acked; i++) {
            char d[64];
            snprintf(d, sizeof d, "d%d.demo.com", i);
            CHECK(set_domain(h, p.base, d, "DescribeDomain") == 200, "round %d: %s kept", round, d);
        }
        int writes = 2 + round;
        for (int i = 0; i < writes; i++, k++) {
            char d[64];
            snprintf(d, sizeof d, "d%d.demo.com", k);
            if (set_domain(h, p.base, d, "SetDomain") == 200)
                acked = k + 1;
            else
                CHECK(0, "write %s acknowledged", d);
        }
        /* kill -9 right after an acknowledged write */
        kill(p.pid, SIGKILL);
        finish(&p);
        curl_easy_reset(h);
        /* a fresh handle: the old connection died with the process */
        curl_easy_cleanup(h);
        h = curl_easy_init();
    }
    CHECK(acked == 2 + 3 + 4 + 5, "acknowledged %d", acked);
    /* last start: all there, then a clean stop */
    struct proc p;
    spawn(&p, a);
    for (int i = 0; i < acked && p.base[0]; i++) {
        char d[64];
        snprintf(d, sizeof d, "d%d.demo.com", i);
        CHECK(set_domain(h, p.base, d, "DescribeDomain") == 200, "final: %s kept", d);
    }
    kill(p.pid, SIGTERM);
    CHECK(finish(&p) == 0, "clean stop");
    curl_easy_cleanup(h);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s path/to/apigw-emulator\n", argv[0]);
        return 2;
    }
    exe = argv[1];
    signal(SIGPIPE, SIG_IGN);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    test_usage();
    test_signals();
    test_tls();
    test_durability();
    curl_global_cleanup();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    if (tc_failures)
        fprintf(stderr, "%d check(s) failed\n", tc_failures);
    else
        printf("ok\n");
    return tc_failures ? 1 : 0;
}
