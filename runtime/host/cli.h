#ifndef AGW_CLI_H
#define AGW_CLI_H

#include <stddef.h>

/* The command line of apigw-lua, parsed. Strings point into argv. */

enum agw_cli_step_kind { AGW_STEP_EXEC, AGW_STEP_REQUIRE };

struct agw_cli_step { /* -e and -l, run in the order given */
    enum agw_cli_step_kind kind;
    const char *text;
};

struct agw_cli {
    const char *region, *endpoint, *profile, *signature, *ca_bundle, *seed;
    const char *endpoint_type;            /* --endpoint-type: "vpc" or "public" */
    double connect_timeout, read_timeout; /* 0: not given */
    int retries;                          /* -1: not given */
    int insecure, dry_run, verbose, trace, progress, emulate;
    int check;             /* --check: reads are sent, writes are not */
    int detailed_exitcode; /* --detailed-exitcode: exit 4 when the run found drift */
    int show_version, show_help, show_luals_path;
    struct agw_cli_step steps[64];
    int nsteps;
    int script_index;      /* argv index of the script ("-" = stdin), or 0 when none */
    const char *hooks[64]; /* --hook FILE, in the order given */
    int nhooks;
    int no_hooks;    /* --no-hooks: APIGW_HOOKS is ignored */
    char error[256]; /* a usage error, "" when none */
};

/* Parses argv. Returns 0, or -1 with cli->error set (a usage error: exit 2). */
int agw_cli_parse(int argc, char **argv, struct agw_cli *cli);

/* The --help text. */
extern const char agw_cli_usage[];

#endif
