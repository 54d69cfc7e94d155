#include "cli.h"

#include "lclient.h" /* AGW_TIMEOUT_MAX_S */
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* agw_cli_usage, the --help text, is generated from man/apigw-lua.txt (man/CMakeLists.txt). */

static int set_error(struct agw_cli *cli, const char *fmt, const char *a)
{
    snprintf(cli->error, sizeof cli->error, fmt, a);
    return -1;
}

static int parse_seconds(struct agw_cli *cli, const char *opt, const char *v, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d > 0) || d > AGW_TIMEOUT_MAX_S) {
        snprintf(cli->error, sizeof cli->error,
                 "%s expects a number of seconds > 0 (at most %d), got '%s'", opt,
                 AGW_TIMEOUT_MAX_S, v);
        return -1;
    }
    *out = d;
    return 0;
}

/* Options that take a value: "--name value" or "--name=value". */
static const char *const valued[] = {
    "--region",       "--endpoint",  "--profile", "--signature", "--connect-timeout",
    "--read-timeout", "--ca-bundle", "--retries", "--seed",      "--endpoint-type",
    "--hook",         NULL};

static int takes_value(const char *name, size_t len)
{
    for (int i = 0; valued[i]; i++)
        if (strlen(valued[i]) == len && strncmp(valued[i], name, len) == 0) return 1;
    return 0;
}

static int apply_valued(struct agw_cli *cli, const char *name, const char *v)
{
    if (*v == '\0') return set_error(cli, "%s needs a non-empty value", name);
    if (!strcmp(name, "--region"))
        cli->region = v;
    else if (!strcmp(name, "--endpoint")) {
        struct agw_endpoint ep;
        struct agw_err err;
        agw_err_clear(&err);
        if (agw_endpoint_parse(v, &ep, &err) != 0)
            return set_error(cli, "--endpoint: %.230s", err.message);
        cli->endpoint = v;
    } else if (!strcmp(name, "--profile"))
        cli->profile = v;
    else if (!strcmp(name, "--ca-bundle"))
        cli->ca_bundle = v;
    else if (!strcmp(name, "--seed"))
        cli->seed = v;
    else if (!strcmp(name, "--endpoint-type")) {
        if (strcmp(v, "vpc") && strcmp(v, "public"))
            return set_error(cli, "--endpoint-type expects vpc or public, got '%s'", v);
        cli->endpoint_type = v;
    } else if (!strcmp(name, "--hook")) {
        if (cli->nhooks == (int)(sizeof cli->hooks / sizeof cli->hooks[0]))
            return set_error(cli, "too many --hook options (%s)", v);
        cli->hooks[cli->nhooks++] = v;
    } else if (!strcmp(name, "--signature")) {
        if (strcmp(v, "v3") && strcmp(v, "rpc"))
            return set_error(cli, "--signature expects v3 or rpc, got '%s'", v);
        cli->signature = v;
    } else if (!strcmp(name, "--connect-timeout")) {
        return parse_seconds(cli, name, v, &cli->connect_timeout);
    } else if (!strcmp(name, "--read-timeout")) {
        return parse_seconds(cli, name, v, &cli->read_timeout);
    } else if (!strcmp(name, "--retries")) {
        char *end;
        long n = strtol(v, &end, 10);
        if (end == v || *end || n < 0 || n > 10)
            return set_error(cli, "--retries expects an integer from 0 to 10, got '%s'", v);
        cli->retries = (int)n;
    }
    return 0;
}

int agw_cli_parse(int argc, char **argv, struct agw_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    cli->retries = -1;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0) break; /* the script */
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) {
            if (i + 1 >= argc) return set_error(cli, "'%s' needs an argument", a);
            if (cli->nsteps == (int)(sizeof cli->steps / sizeof cli->steps[0]))
                return set_error(cli, "too many -e/-l options (%s)", a);
            cli->steps[cli->nsteps].kind = a[1] == 'e' ? AGW_STEP_EXEC : AGW_STEP_REQUIRE;
            cli->steps[cli->nsteps++].text = argv[++i];
            continue;
        }
        if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
            cli->show_version = 1;
            continue;
        }
        if (!strcmp(a, "--luals-path")) {
            cli->show_luals_path = 1;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            cli->show_help = 1;
            continue;
        }
        if (!strcmp(a, "--insecure")) {
            cli->insecure = 1;
            continue;
        }
        if (!strcmp(a, "--dry-run")) {
            cli->dry_run = 1;
            continue;
        }
        if (!strcmp(a, "--check")) {
            cli->check = 1;
            continue;
        }
        if (!strcmp(a, "--detailed-exitcode")) {
            cli->detailed_exitcode = 1;
            continue;
        }
        if (!strcmp(a, "--verbose")) {
            cli->verbose = 1;
            continue;
        }
        if (!strcmp(a, "--trace")) {
            cli->trace = cli->verbose = 1;
            continue;
        }
        if (!strcmp(a, "--progress")) {
            cli->progress = 1;
            continue;
        }
        if (!strcmp(a, "--emulate")) {
            cli->emulate = 1;
            continue;
        }
        if (!strcmp(a, "--no-hooks")) {
            cli->no_hooks = 1;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (a[1] == '-' && takes_value(a, nlen)) {
            char name[32];
            snprintf(name, sizeof name, "%.*s", (int)nlen, a);
            const char *v = eq ? eq + 1 : NULL;
            if (!v) {
                if (i + 1 >= argc) return set_error(cli, "'%s' needs a value", name);
                v = argv[++i];
            }
            if (apply_valued(cli, name, v) != 0) return -1;
            continue;
        }
        return set_error(cli, "unrecognized option '%s'", a);
    }
    if (i < argc) cli->script_index = i;
    if (cli->seed && !cli->emulate) return set_error(cli, "%s", "--seed needs --emulate");
    if (cli->emulate && cli->endpoint)
        return set_error(cli, "%s", "--emulate and --endpoint cannot be used together");
    /* --dry-run sends nothing, not even the reads that --check sends to find what would
     * change: together they would give a check that silently sees nothing */
    if (cli->check && cli->dry_run)
        return set_error(cli, "%s",
                         "--check and --dry-run cannot be used together (--check sends the reads, "
                         "--dry-run sends nothing)");
    return 0;
}
