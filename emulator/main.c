/* apigw-emulator: a local twin of API Gateway's custom-domain API (see docs/emulator.md). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "faults.h"
#include "model.h"
#include "server.h"

#define EXIT_USAGE 2
#define EXIT_SEED 3

/* Generated at build time: the --help text from man/apigw-emulator.txt (man/CMakeLists.txt),
 * the git revision (cmake/revision.cmake, "" when not built from git). */
extern const char agw_emulator_usage[];
extern const char agw_git_revision[];

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "apigw-emulator: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'apigw-emulator --help'.\n");
    return EXIT_USAGE;
}

static int parse_listen(const char *s, char *host, size_t hn, uint16_t *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon[1] == '\0') return -1;
    const char *h = s;
    size_t len = (size_t)(colon - s);
    if (len >= 2 && h[0] == '[' && h[len - 1] == ']') {
        h++;
        len -= 2;
    }
    if (len == 0 || len >= hn) return -1;
    memcpy(host, h, len);
    host[len] = '\0';
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (*end || errno || p > 65535) return -1;
    *port = (uint16_t)p;
    return 0;
}

int main(int argc, char **argv)
{
    struct agw_emu_config cfg;
    memset(&cfg, 0, sizeof cfg);
    char host[256] = "127.0.0.1";
    const char *seed_path = NULL;
    int print_seed = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(agw_emulator_usage, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            if (agw_git_revision[0])
                printf("apigw-emulator %s (git %s)\n", AGW_VERSION, agw_git_revision);
            else
                printf("apigw-emulator %s\n", AGW_VERSION);
            return 0;
        }
        if (strcmp(a, "--print-seed") == 0) {
            print_seed = 1;
            continue;
        }
        static const char *const with_value[] = {
            "--listen",     "--region", "--seed",     "--state",   "--fault",
            "--fault-seed", "--log",    "--tls-cert", "--tls-key", "--clock"};
        const char *v = NULL;
        size_t k = 0;
        for (; k < sizeof with_value / sizeof with_value[0]; k++) {
            size_t n = strlen(with_value[k]);
            if (strcmp(a, with_value[k]) == 0) {
                if (i + 1 >= argc) return bad_usage("option %s needs a value", a);
                v = argv[++i];
                break;
            }
            if (strncmp(a, with_value[k], n) == 0 && a[n] == '=') {
                v = a + n + 1;
                break;
            }
        }
        if (!v) return bad_usage("unknown option '%s'", a);
        const char *name = with_value[k];
        if (strcmp(name, "--listen") == 0) {
            if (parse_listen(v, host, sizeof host, &cfg.port) != 0)
                return bad_usage("bad --listen '%s' (expected HOST:PORT)", v);
        } else if (strcmp(name, "--region") == 0) {
            if (!*v) return bad_usage("bad --region '%s'", v);
            cfg.region = v;
        } else if (strcmp(name, "--seed") == 0) {
            seed_path = v;
        } else if (strcmp(name, "--state") == 0) {
            cfg.state_path = v;
        } else if (strcmp(name, "--fault") == 0) {
            cfg.fault_spec = v;
        } else if (strcmp(name, "--fault-seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(v, &end, 10);
            if (!*v || *end || errno || *v == '-') return bad_usage("bad --fault-seed '%s'", v);
            cfg.fault_seed = n;
        } else if (strcmp(name, "--log") == 0) {
            cfg.log_path = v;
        } else if (strcmp(name, "--tls-cert") == 0) {
            cfg.tls_cert_path = v;
        } else if (strcmp(name, "--tls-key") == 0) {
            cfg.tls_key_path = v;
        } else if (strcmp(name, "--clock") == 0) {
            time_t t;
            if (agw_clock_parse_iso8601(v, &t) != 0 || t <= 0)
                return bad_usage("bad --clock '%s' (expected YYYY-MM-DDThh:mm:ssZ)", v);
            cfg.fixed_clock = (int64_t)t;
        }
    }
    if (print_seed) {
        fputs(agw_emu_default_seed(), stdout);
        return 0;
    }
    if (!cfg.tls_cert_path != !cfg.tls_key_path)
        return bad_usage("%s", "--tls-cert and --tls-key go together");
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_emu_faults *probe = NULL;
    if (agw_emu_faults_parse(cfg.fault_spec, cfg.fault_seed, &probe, &err) != 0)
        return bad_usage("--fault: %s", err.message);
    agw_emu_faults_free(probe);
    cfg.listen_host = host;

    cfg.seed_path = seed_path;

    /* Block the stop signals in every thread (the server's inherit the mask) and wait for them
     * here, so the stop runs in an ordinary context. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct agw_emu_server *srv = NULL;
    if (agw_emu_server_start(&cfg, &srv, &err) != 0) {
        int model = strncmp(err.code, "Emulator.", 9) != 0;
        fprintf(stderr, "apigw-emulator: %s%s\n", model ? "cannot load seed/state: " : "",
                err.message);
        return model ? EXIT_SEED : 1;
    }
    printf("listening on %s\n", agw_emu_server_url(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    agw_emu_server_stop(srv);
    return 0;
}
