/* apigw-lua: runs a Lua 5.4 playbook with the apigw module, after Lua's own lua.c. */
#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "emulate.h"
#include "lapigw.h"
#include "lclient.h"
#include "luals.h"
#include "version.h"

#define EXIT_PLAYBOOK 1
#define EXIT_USAGE 2
#define EXIT_CONFIG 3
#define EXIT_DRIFT 4 /* --detailed-exitcode: the playbook succeeded and its plans found drift */

/* The signals that stop a playbook cleanly: the word said on stderr and the exit status
 * (128 + the signal, what a shell reports for a process the signal killed). */
static const struct stop_signal {
    int sig;
    const char *word;
    int exit_code;
} stop_signals[] = {
    {SIGINT, "interrupted", 130},
    {SIGTERM, "terminated", 143},
};
#define NSTOP (sizeof stop_signals / sizeof stop_signals[0])

/* The state a signal stops (as lua.c does: a signal handler can only reach it through a
 * global), and which signal came: 1 + its index in stop_signals, 0 for none. */
static lua_State *volatile g_L;
static volatile sig_atomic_t g_stop;
/* The thread that runs Lua: a signal the kernel hands to another thread (the embedded
 * emulator's, libcurl's resolver) is passed on to it, so that its sleep or poll is cut
 * short there. */
static pthread_t g_main_thread;

/* As in lua.c, the hook is set on the main thread: a task that computes without ever
 * yielding (no binding call, no apigw.sleep) is not stopped by it; a second signal kills
 * the process. Unlike lua.c, the hook stays set after it fires: a playbook that calls through pcall
 * in a loop (as rebind.lua does) would otherwise swallow the one "interrupted" error and run on.
 * The next instruction outside that pcall raises again, so the error reaches the top, where
 * msghandler removes the hook. */
static void stop_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    int i = g_stop;
    luaL_error(L, "%s", i ? stop_signals[i - 1].word : "interrupted");
}

static void on_stop_signal(int sig)
{
    if (!pthread_equal(pthread_self(), g_main_thread)) {
        pthread_kill(g_main_thread, sig);
        return;
    }
    for (size_t i = 0; i < NSTOP; i++) {
        signal(stop_signals[i].sig, SIG_DFL); /* a second signal kills the process */
        if (stop_signals[i].sig == sig && !g_stop) g_stop = (sig_atomic_t)(i + 1);
    }
    if (g_L) lua_sethook(g_L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static void catch_stop_signals(void (*handler)(int))
{
    for (size_t i = 0; i < NSTOP; i++)
        signal(stop_signals[i].sig, handler);
}

static int tostring_call(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/* Pushes the text of the error value at idx and returns it, as lua.c words it, without
 * raising: a __tostring that fails gives "(error object is a table value)". */
static const char *error_text(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    int t = lua_type(L, idx);
    if (t != LUA_TSTRING && t != LUA_TNUMBER) {
        if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
            lua_pop(L, 1);
            lua_pushcfunction(L, tostring_call);
            lua_pushvalue(L, idx);
            if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
                return lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        return lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, idx));
    }
    lua_pushvalue(L, idx);
    return lua_tostring(L, -1);
}

/* Registry key of the error value msghandler puts aside under --verbose. */
static const char g_errkey = 0;

/* Message handler. Without --verbose it keeps the error value as it is (the exit code
 * depends on an apigw.Error's kind). With --verbose it returns the message with a
 * traceback; since a handler can return only one value, the error value itself is put
 * aside in the registry for report(). */
static int msghandler(lua_State *L)
{
    if (g_stop) lua_sethook(L, NULL, 0, 0);
    int verbose = (int)lua_tointeger(L, lua_upvalueindex(1));
    if (!verbose) return 1;
    lua_pushvalue(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &g_errkey);
    const char *msg = error_text(L, 1);
    luaL_traceback(L, L, msg, 1);
    return 1;
}

struct run {
    lua_State *L;
    int verbose;
    int exit_code;
    /* hooks (docs/hooks.md): the start event fires once, before the first -e statement or
     * the script; script and its arguments are what it is told */
    int started;
    int argc;
    char **argv;
    int script;
    const struct agw_cli *cli;
    const struct agw_emulate *emu; /* NULL without --emulate */
};

/* Prints the error on the stack top (apigw-lua: <message>, then the traceback under
 * --verbose), picks the exit code and pops the error. */
static void report(struct run *r, int status)
{
    lua_State *L = r->L;
    int top = lua_gettop(L);
    int errobj = top, text = 0;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &g_errkey) != LUA_TNIL) {
        errobj = lua_gettop(L); /* the value msghandler put aside; top is its traceback */
        text = top;
        lua_pushnil(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &g_errkey);
    }
    int code = EXIT_PLAYBOOK;
    if (lua_type(L, errobj) == LUA_TTABLE) {
        lua_getfield(L, errobj, "kind");
        if (lua_isstring(L, -1) && strcmp(lua_tostring(L, -1), "config") == 0) code = EXIT_CONFIG;
        lua_pop(L, 1);
    }
    const char *msg = "not enough memory";
    if (g_stop) {
        code = stop_signals[g_stop - 1].exit_code;
        msg = stop_signals[g_stop - 1].word;
    } else if (status != LUA_ERRMEM)
        msg = error_text(L, errobj);
    fprintf(stderr, "apigw-lua: %s\n", msg);
    if (text && lua_type(L, text) == LUA_TSTRING) {
        const char *tb = strstr(lua_tostring(L, text), "\nstack traceback:");
        if (tb) fprintf(stderr, "%s\n", tb + 1);
    }
    fflush(stderr);
    lua_settop(L, top - 1);
    r->exit_code = code;
}

/* Calls the function below nargs arguments in protected mode. Returns the Lua status;
 * on error the stack is left as it was before the function. */
static int docall(struct run *r, int nargs, int nres)
{
    lua_State *L = r->L;
    int base = lua_gettop(L) - nargs;
    lua_pushinteger(L, r->verbose);
    lua_pushcclosure(L, msghandler, 1);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nres, base);
    if (g_stop) lua_sethook(L, NULL, 0, 0);
    if (status != LUA_OK) {
        /* stack: msghandler, [traceback], err */
        report(r, status);
        lua_settop(L, base - 1);
        return status;
    }
    lua_remove(L, base);
    return status;
}

/* arg[0] is the script, as in lua.c; with no script (script == 0) arg[0] is the program
 * and the options follow it at 1, 2, ... */
static void build_arg_table(lua_State *L, int argc, char **argv, int script)
{
    lua_createtable(L, argc - script - 1, script + 1);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - script);
    }
    lua_setglobal(L, "arg");
}

static void set_opt_string(lua_State *L, const char *k, const char *v)
{
    if (!v) return;
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
}

/* apigw._configure{...} with the command line's settings. */
static int configure(struct run *r, const struct agw_cli *cli, const struct agw_emulate *emu)
{
    lua_State *L = r->L;
    lua_getglobal(L, "apigw");
    lua_getfield(L, -1, "_configure");
    lua_remove(L, -2);
    lua_newtable(L);
    set_opt_string(L, "region", cli->region);
    set_opt_string(L, "endpoint", emu ? emu->url : cli->endpoint);
    set_opt_string(L, "profile", cli->profile);
    set_opt_string(L, "signature", cli->signature);
    set_opt_string(L, "ca_bundle", cli->ca_bundle);
    set_opt_string(L, "endpoint_type", cli->endpoint_type);
    if (emu) {
        set_opt_string(L, "emulator_url", emu->url); /* the plan's DNS twin */
        set_opt_string(L, "access_key_id", emu->key_id);
        set_opt_string(L, "access_key_secret", emu->key_secret);
    }
    if (cli->connect_timeout > 0) {
        lua_pushnumber(L, cli->connect_timeout);
        lua_setfield(L, -2, "connect_timeout");
    }
    if (cli->read_timeout > 0) {
        lua_pushnumber(L, cli->read_timeout);
        lua_setfield(L, -2, "read_timeout");
    }
    if (cli->retries >= 0) {
        lua_pushinteger(L, cli->retries);
        lua_setfield(L, -2, "retries");
    }
    static const char *const flags[] = {"insecure", "dry_run",  "verbose",
                                        "trace",    "progress", "check"};
    int values[] = {cli->insecure, cli->dry_run,  cli->verbose,
                    cli->trace,    cli->progress, cli->check};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        lua_pushboolean(L, values[i]);
        lua_setfield(L, -2, flags[i]);
    }
    if (cli->detailed_exitcode) { /* the status apigw._finish_run gives a run with drift */
        lua_pushinteger(L, EXIT_DRIFT);
        lua_setfield(L, -2, "detailed_exitcode");
    }
    return docall(r, 1, 0);
}

/* Pushes apigw.<name> (a host-only function), or returns 0 when the module lacks it. */
static int push_apigw_fn(lua_State *L, const char *name)
{
    lua_getglobal(L, "apigw");
    if (lua_type(L, -1) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    if (lua_type(L, -1) != LUA_TFUNCTION) {
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}

/* apigw._load_hooks({--hook files}, no_hooks): APIGW_HOOKS, then each --hook FILE. A file
 * that fails raises a configuration error (exit 3) before anything runs. */
static int load_hooks(struct run *r, const struct agw_cli *cli)
{
    lua_State *L = r->L;
    if (!push_apigw_fn(L, "_load_hooks")) return LUA_OK;
    lua_createtable(L, cli->nhooks, 0);
    for (int i = 0; i < cli->nhooks; i++) {
        lua_pushstring(L, cli->hooks[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushboolean(L, cli->no_hooks);
    return docall(r, 2, 0);
}

/* apigw._start(script, {args}): the start event, once, before the playbook's first
 * statement. A hook that raises stops the run (exit 1). */
static int start_run(struct run *r)
{
    if (r->started) return LUA_OK;
    r->started = 1;
    lua_State *L = r->L;
    if (!push_apigw_fn(L, "_start")) return LUA_OK;
    if (r->script)
        lua_pushstring(L, r->argv[r->script]);
    else
        lua_pushnil(L);
    int from = r->script ? r->script + 1 : r->argc;
    lua_createtable(L, r->argc - from > 0 ? r->argc - from : 0, 0);
    for (int i = from; i < r->argc; i++) {
        lua_pushstring(L, r->argv[i]);
        lua_rawseti(L, -2, i - from + 1);
    }
    int status = docall(r, 2, 0);
    if (status != LUA_OK && r->exit_code == EXIT_CONFIG) r->exit_code = EXIT_PLAYBOOK;
    return status;
}

/* apigw._finish_run(status) -> status: the finish event, whatever ended the run (also an
 * uncaught error or Ctrl-C; it fires only when start did); a hook that failed in response,
 * done or finish makes a 0 a 1; under --detailed-exitcode a 0 with drift becomes EXIT_DRIFT.
 * Called also when start never fired (a run of -l steps only), for the drift status. */
static void finish_run(struct run *r)
{
    lua_State *L = r->L;
    if (!push_apigw_fn(L, "_finish_run")) return;
    lua_pushinteger(L, r->exit_code);
    int code = r->exit_code;
    if (docall(r, 1, 1) == LUA_OK) {
        if (lua_isinteger(L, -1)) code = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        r->exit_code = code;
    } else if (code != 0) {
        r->exit_code = code; /* a failure in finish itself does not hide the first one */
    }
}

static int run_steps(struct run *r, const struct agw_cli *cli)
{
    lua_State *L = r->L;
    for (int i = 0; i < cli->nsteps; i++) {
        const char *t = cli->steps[i].text;
        int status;
        if (cli->steps[i].kind == AGW_STEP_EXEC) {
            if ((status = start_run(r)) != LUA_OK) return status;
            status = luaL_loadbuffer(L, t, strlen(t), "=(command line)");
            if (status == LUA_OK)
                status = docall(r, 0, 0);
            else
                report(r, status);
        } else {
            /* -l name: global name = require(name) */
            lua_getglobal(L, "require");
            lua_pushstring(L, t);
            status = docall(r, 1, 1);
            if (status == LUA_OK) lua_setglobal(L, t);
        }
        if (status != LUA_OK) return status;
    }
    return LUA_OK;
}

static int run_script(struct run *r, int argc, char **argv, int script)
{
    lua_State *L = r->L;
    const char *fname = argv[script];
    if (strcmp(fname, "-") == 0 && strcmp(argv[script - 1], "--") != 0) fname = NULL;
    int status = luaL_loadfile(L, fname);
    if (status != LUA_OK) {
        if (status == LUA_ERRFILE) {
            fprintf(stderr, "apigw-lua: %s\n", lua_tostring(L, -1));
            lua_pop(L, 1);
            r->exit_code = EXIT_USAGE;
            return status;
        }
        report(r, status);
        return status;
    }
    int n = argc - script - 1;
    luaL_checkstack(L, n + 3, "too many arguments to script");
    for (int i = script + 1; i < argc; i++)
        lua_pushstring(L, argv[i]);
    return docall(r, n, 0);
}

/* apigw._finish(): waits for tasks still running. */
static void finish_tasks(struct run *r)
{
    lua_State *L = r->L;
    lua_getglobal(L, "apigw");
    if (lua_type(L, -1) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_getfield(L, -1, "_finish");
    lua_remove(L, -2);
    if (docall(r, 0, 1) == LUA_OK) {
        if (lua_tointeger(L, -1) > 0 && r->exit_code == 0) r->exit_code = EXIT_PLAYBOOK;
        lua_pop(L, 1);
    }
}

/* Everything that runs Lua, in protected mode (as lua.c's pmain): opening the libraries
 * and building the arg table can fail for want of memory, which then is reported like any
 * error instead of a panic. Argument 1 is the struct run. */
static int pmain(lua_State *L)
{
    struct run *r = lua_touserdata(L, 1);
    const struct agw_cli *cli = r->cli;
    lua_settop(L, 0);
    luaL_checkversion(L);
    luaL_openlibs(L);
    /* Collect when the heap reaches 1.25x (not 2x) the live data: a bulk map that holds
     * 100,000 results then grows the process by less than a fifth (docs/bulk.md). */
    lua_gc(L, LUA_GCINC, 125, 0, 0);
    build_arg_table(L, r->argc, r->argv, cli->script_index);
    if (cli->insecure) { /* warned in main, once for every client */
        lua_pushboolean(L, 1);
        lua_setfield(L, LUA_REGISTRYINDEX, AGW_REG_INSECURE_WARNED);
    }
    lua_pushcfunction(L, luaopen_apigw);
    int status = docall(r, 0, 1);
    if (status == LUA_OK) {
        lua_pushvalue(L, -1);
        lua_setglobal(L, "apigw");
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
        lua_insert(L, -2);
        lua_setfield(L, -2, "apigw");
        lua_pop(L, 1);
        status = configure(r, cli, r->emu);
        if (status == LUA_OK) status = load_hooks(r, cli);
    }
    g_main_thread = pthread_self();
    g_L = L;
    catch_stop_signals(on_stop_signal);
    if (status == LUA_OK) status = run_steps(r, cli);
    if (status == LUA_OK && (cli->script_index || cli->nsteps == 0)) status = start_run(r);
    if (status == LUA_OK && (cli->script_index || cli->nsteps == 0)) {
        if (cli->script_index)
            status = run_script(r, r->argc, r->argv, cli->script_index);
        else { /* stdin is not a terminal: run it */
            status = luaL_loadfile(L, NULL);
            if (status == LUA_OK)
                status = docall(r, 0, 0);
            else
                report(r, status);
        }
    }
    if (status == LUA_OK) finish_tasks(r);
    finish_run(r);
    return 0;
}

int main(int argc, char **argv)
{
    struct agw_cli cli;
    if (agw_cli_parse(argc, argv, &cli) != 0) {
        fprintf(stderr, "apigw-lua: %s\nTry 'apigw-lua --help'.\n", cli.error);
        return EXIT_USAGE;
    }
    if (cli.show_help) {
        fputs(agw_cli_usage, stdout);
        return 0;
    }
    if (cli.show_luals_path) return agw_luals_print(stdout, stderr);
    if (cli.show_version) {
        agw_version_print(stdout);
        if (!cli.script_index && cli.nsteps == 0) return 0;
    }
    if (!cli.script_index && cli.nsteps == 0) {
        if (isatty(STDIN_FILENO)) {
            fprintf(stderr, "apigw-lua: no script given\n%s", agw_cli_usage);
            return EXIT_USAGE;
        }
    }
    if (cli.ca_bundle && access(cli.ca_bundle, R_OK) != 0) {
        /* checked here: libcurl would only say "Problem with the SSL CA cert" at the first call */
        fprintf(stderr, "apigw-lua: --ca-bundle: cannot read %s: %s\nTry 'apigw-lua --help'.\n",
                cli.ca_bundle, strerror(errno));
        return EXIT_USAGE;
    }
    if (cli.insecure)
        fprintf(stderr, "apigw-lua: warning: --insecure: TLS certificates are NOT verified\n");

    struct agw_err err;
    agw_err_clear(&err);
    struct agw_emulate emu;
    int have_emu = 0;
    if (cli.emulate) {
        if (agw_emulate_start(&emu, cli.seed, &err) != 0) {
            fprintf(stderr, "apigw-lua: --emulate: %s\n", err.message);
            return err.kind == AGW_ERR_CONFIG ? EXIT_CONFIG : EXIT_PLAYBOOK;
        }
        have_emu = 1;
        if (cli.verbose) fprintf(stderr, "apigw-lua: emulator listening on %s\n", emu.url);
    }

    struct run r = {.L = luaL_newstate(),
                    .verbose = cli.verbose,
                    .exit_code = 0,
                    .argc = argc,
                    .argv = argv,
                    .script = cli.script_index,
                    .cli = &cli,
                    .emu = have_emu ? &emu : NULL};
    if (!r.L) {
        fprintf(stderr, "apigw-lua: cannot create the Lua state: not enough memory\n");
        if (have_emu) agw_emulate_stop(&emu);
        return EXIT_PLAYBOOK;
    }
    lua_pushcfunction(r.L, pmain);
    lua_pushlightuserdata(r.L, &r);
    int status = lua_pcall(r.L, 1, 0, 0);
    if (status != LUA_OK) report(&r, status); /* raised outside docall: pmain's own steps */
    catch_stop_signals(SIG_DFL);
    g_L = NULL;
    if (g_stop && r.exit_code == 0) { /* came after the last Lua instruction */
        fprintf(stderr, "apigw-lua: %s\n", stop_signals[g_stop - 1].word);
        r.exit_code = stop_signals[g_stop - 1].exit_code;
    }
    lua_close(r.L);
    if (have_emu) agw_emulate_stop(&emu);
    return r.exit_code;
}
