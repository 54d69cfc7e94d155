#!/bin/bash
# Exit codes and messages of apigw-lua, and the lua.c-style command line
# (-e, -l, -, --, the arg table, ...), -v, -h, Ctrl-C.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
KEYS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret)
SD='apigw.set_domain{GroupId="g1", DomainName="api.example.com"}'

echo "# help and version"
run "$A" --help
expect_rc 0 "--help"
expect_out "usage: apigw-lua [options] [script [args...]]" "--help prints the usage on stdout"
expect_out "Exit codes" "--help lists the exit codes"
run "$A" -h
expect_rc 0 "-h"
expect_out "usage: apigw-lua" "-h prints the usage"
run "$A" -v
expect_rc 0 "-v"
expect_out "apigw-lua 0." "-v prints the version"
expect_out "Lua 5.4" "-v names the Lua release"
run "$A" --version
expect_rc 0 "--version"
expect_out "apigw-lua " "--version prints the version"
run "$A" -v -e 'print("after -v")'
expect_rc 0 "-v with -e still runs -e, as lua.c"
expect_out "after -v" "-v -e: the statement ran"

echo "# success"
write "$T/ok.lua" 'print("playbook ran")'
run "$A" "$T/ok.lua"
expect_rc 0 "a playbook that ends normally"
expect_out "playbook ran" "its output"
run_env "${KEYS[@]}" -- "$A" --dry-run --region cn-hangzhou -e "$SD"
expect_rc 0 "a --dry-run set_domain with credentials and region"

echo "# errors raised in the playbook: exit 1"
write "$T/boom.lua" 'local function f() error("boom here") end
f()'
run "$A" "$T/boom.lua"
expect_rc 1 "error() in a script"
expect_err "apigw-lua: $T/boom.lua:1: boom here" "printed as apigw-lua: <error>"
expect_no_err "stack traceback" "no traceback without --verbose"
run "$A" --verbose "$T/boom.lua"
expect_rc 1 "error() in a script under --verbose"
expect_err "apigw-lua: $T/boom.lua:1: boom here" "--verbose: the message"
expect_err "stack traceback:" "--verbose: a traceback"
expect_err "boom.lua:2: in main chunk" "--verbose: the traceback reaches the main chunk"
run "$A" -e 'error({code="x"})'
expect_rc 1 "error(table) in -e"
expect_err "apigw-lua: " "error(table) is still reported"
run "$A" -e 'error(setmetatable({}, {__tostring = function() error("tostring fails") end}))'
expect_rc 1 "an error value whose __tostring fails (no abort)"
expect_err "apigw-lua: (error object is a table value)" "such an error is named by its type, as lua.c"
run "$A" --verbose -e 'error(setmetatable({}, {__tostring = function() error("tostring fails") end}))'
expect_rc 1 "an error value whose __tostring fails, under --verbose"
run "$A" -e 'error(nil)'
expect_rc 1 "error(nil)"
expect_err "apigw-lua: (error object is a nil value)" "error(nil) worded as lua.c"
run "$A" -e 'apigw.set_domain{GroupId="g", DomainName="api.example.com", BindStageName="X"}'
expect_rc 1 "an apigw.Error (validation) in the playbook"
expect_err "apigw-lua: SetDomain: InvalidBindStageName: " "apigw.Error printed with tostring, one line"
[ "$(wc -l <"$T/err")" -eq 1 ] && pass "apigw.Error: one stderr line without --verbose" ||
    fail "apigw.Error: one stderr line without --verbose"
write "$T/syntax.lua" 'print("x"'
run "$A" "$T/syntax.lua"
expect_rc 1 "a syntax error in the script"
expect_err "apigw-lua: $T/syntax.lua:" "syntax error printed with the file name"
run "$A" -e 'x = = 1'
expect_rc 1 "a syntax error in -e"
expect_err "apigw-lua: (command line):1:" "-e syntax error names (command line)"
run "$A" -e 'apigw.spawn(function() error("task failed") end)'
expect_rc 1 "an uncollected failed task makes the exit code 1"

echo "# usage errors: exit 2"
run "$A" --bogus "$T/ok.lua"
expect_rc 2 "unknown option"
expect_err "unrecognized option '--bogus'" "unknown option named"
expect_no_err "playbook ran" "the script did not run"
run "$A" -x
expect_rc 2 "unknown short option"
expect_err "'-x'" "unknown short option named"
run "$A" "$T/ok.lua" --bogus
expect_rc 0 "an option after the script is the script's argument"
run "$A" --region
expect_rc 2 "--region without a value"
expect_err "'--region' needs a value" "missing value named"
run "$A" --endpoint=
expect_rc 2 "--endpoint= (empty value)"
expect_err "--endpoint" "empty value named"
run "$A" --endpoint ftp://example.com "$T/ok.lua"
expect_rc 2 "--endpoint with another scheme"
expect_err "only http:// and https://" "the scheme problem named"
run "$A" --endpoint http://127.0.0.1:1/v1 "$T/ok.lua"
expect_rc 2 "--endpoint with a path"
expect_err "a path or query is not allowed" "the path problem named"
run "$A" -e
expect_rc 2 "-e without a statement"
expect_err "'-e' needs an argument" "-e without argument named"
run "$A" -l
expect_rc 2 "-l without a name"
run "$A" --signature v4 "$T/ok.lua"
expect_rc 2 "--signature v4"
expect_err "--signature expects v3 or rpc, got 'v4'" "bad --signature named"
run "$A" --signature=RPC "$T/ok.lua"
expect_rc 2 "--signature=RPC (case matters)"
for v in abc 0 -1 1e9 5s; do
    run "$A" --read-timeout "$v" "$T/ok.lua"
    expect_rc 2 "--read-timeout $v"
    expect_err "--read-timeout expects a number of seconds" "bad --read-timeout '$v' named"
done
run "$A" --read-timeout 2.5 "$T/ok.lua"
expect_rc 0 "--read-timeout 2.5 is accepted"
run "$A" --connect-timeout x "$T/ok.lua"
expect_rc 2 "--connect-timeout x"
expect_err "--connect-timeout" "bad --connect-timeout named"
run "$A" --seed "$T/seed.json" "$T/ok.lua"
expect_rc 2 "--seed without --emulate"
expect_err "--seed needs --emulate" "--seed without --emulate named"
run "$A" "$T/does-not-exist.lua"
expect_rc 2 "missing script file"
expect_err "does-not-exist.lua" "missing script named"
expect_err "apigw-lua: " "missing script: apigw-lua: prefix"
run "$A" --emulate --endpoint http://127.0.0.1:1 "$T/ok.lua"
expect_rc 2 "--emulate with --endpoint"
run "$A" --emulate --seed "$T/no-seed.json" "$T/ok.lua"
expect_rc 3 "--emulate with an unreadable seed"
expect_err "no-seed.json" "unreadable seed named"

echo "# configuration errors: exit 3"
run "$A" --region cn-hangzhou -e "$SD"
expect_rc 3 "no credentials at all (empty HOME, empty environment)"
expect_err "apigw-lua: NoCredentials: no credentials found" "NoCredentials message"
for place in "explicit options" "ALIBABA_CLOUD_ACCESS_KEY_ID" "ALICLOUD_ACCESS_KEY" \
    "$H/.aliyun/config.json" "$H/.alibabacloud/credentials"; do
    expect_err "$place" "NoCredentials lists $place"
done
run_env "${KEYS[@]}" -- "$A" -e "$SD"
expect_rc 3 "no region and no endpoint"
expect_err "apigw-lua: NoRegion: no region set" "NoRegion message"
expect_err "ALIBABA_CLOUD_REGION_ID" "NoRegion lists the environment"
expect_err "--region" "NoRegion says how to set one"
run "$A" --verbose --region cn-hangzhou -e "$SD"
expect_rc 3 "no credentials under --verbose is still a configuration error"
expect_err "apigw-lua: NoCredentials: " "--verbose: the message"
expect_err "stack traceback:" "--verbose: with a traceback"
run_env "${KEYS[@]}" -- "$A" --dry-run --endpoint http://127.0.0.1:9 -e "$SD"
expect_rc 0 "no region is fine when an endpoint is given"
run_env "${KEYS[@]}" -- "$A" --region 'CN HANGZHOU' -e "$SD"
expect_rc 3 "an invalid region"
expect_err "InvalidRegion" "InvalidRegion code"
write "$H/.aliyun/config.json" '{"current": "default", "profiles": [ {"name": "default", '
run "$A" --region cn-hangzhou -e "$SD"
expect_rc 3 "malformed ~/.aliyun/config.json"
expect_err "$H/.aliyun/config.json is not valid JSON" "malformed config.json named"
rm -f "$H/.aliyun/config.json"
mkdir -p "$H/.aliyun/config.json"
run "$A" --region cn-hangzhou -e "$SD"
expect_rc 3 "unreadable ~/.aliyun/config.json (a directory)"
expect_err "$H/.aliyun/config.json" "unreadable config.json named"
rmdir "$H/.aliyun/config.json"
if [ "$(id -u)" != 0 ]; then
    write "$H/.aliyun/config.json" '{}'
    chmod 000 "$H/.aliyun/config.json"
    run "$A" --region cn-hangzhou -e "$SD"
    expect_rc 3 "unreadable ~/.aliyun/config.json (mode 000)"
    rm -f "$H/.aliyun/config.json"
fi
write "$H/.alibabacloud/credentials" '[default]
this is not ini'
run "$A" --region cn-hangzhou -e "$SD"
expect_rc 3 "malformed ~/.alibabacloud/credentials"
expect_err "credentials: line 2" "INI syntax error names the line"
rm -rf "$H/.alibabacloud" "$H/.aliyun"
run_env "${KEYS[@]}" -- "$A" --dry-run --profile nosuch --region cn-hangzhou -e "$SD"
expect_rc 0 "--profile naming no profile is ignored when the environment has keys"
run "$A" --profile nosuch --region cn-hangzhou -e "$SD"
expect_rc 3 "--profile naming a missing profile"
expect_err "nosuch" "the missing profile is named"
run_env ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIonly -- "$A" --region cn-hangzhou -e "$SD"
expect_rc 3 "half a key pair in the environment"
expect_err "ALIBABA_CLOUD_ACCESS_KEY_SECRET" "half a pair: the missing variable is named"
run "$A" --region cn-hangzhou -e 'local ok, e = pcall(apigw.set_domain, {GroupId="g", DomainName="api.example.com"})
print(ok, e.code, e.kind)'
expect_rc 0 "a configuration error can be caught with pcall"
expect_out "false	NoCredentials	config" "pcall sees code NoCredentials, kind config"

echo "# Ctrl-C: exit 130"
sigint_case() { # sigint_case WHAT LUA
    "$A" -e "io.stdout:setvbuf('no') print('ready') $2" >"$T/sig.out" 2>"$T/sig.err" </dev/null &
    local p=$!
    for _ in $(seq 100); do grep -q ready "$T/sig.out" && break; sleep 0.05; done
    sleep 0.2
    kill -INT "$p"
    local t0=$SECONDS
    wait "$p"
    local rc=$?
    if [ "$rc" = 130 ]; then pass "SIGINT $1 (exit 130)"; else fail "SIGINT $1: exit $rc, expected 130"; fi
    [ $((SECONDS - t0)) -lt 5 ] && pass "SIGINT $1 stops at once" || fail "SIGINT $1 stops at once"
    grep -q "apigw-lua: interrupted" "$T/sig.err" && pass "SIGINT $1 prints 'interrupted'" ||
        fail "SIGINT $1 prints 'interrupted'"
}
sigint_case "in apigw.sleep" 'apigw.sleep(30)'
sigint_case "in a busy loop" 'while true do end'
sigint_case "in a task sleeping" 'apigw.spawn(function() apigw.sleep(30) end)'
sigint_case "caught by pcall in a loop" 'while true do pcall(apigw.sleep, 0.01) end'
if start_emulator --fault slow:20000; then
    ENDP=$EMU_URL sigint_case "during a slow call" \
        "apigw.client{endpoint='$EMU_URL', access_key_id='LTAIdemoAccessKeyId01', access_key_secret='demoAccessKeySecretForTheEmulator'}:set_domain{GroupId='3f8a1c2e9b7d4f60a5e2c8d1b4f7a903', DomainName='api.example.com'}"
    stop_pid "$EMU_PID"
else
    fail "start the emulator for the slow-call SIGINT case"
fi

echo "# lua.c command line: -e, -l, -, --, arg, ..."
run "$A" -e 'x = 40' -e 'print(x + 2)'
expect_rc 0 "-e twice"
expect_out "42" "-e statements run in order in one state"
write "$T/lib/mymod.lua" 'return { answer = 42 }'
run_env LUA_PATH="$T/lib/?.lua" -- "$A" -l mymod -e 'print("mymod", mymod.answer)'
expect_rc 0 "-l name"
expect_out "mymod	42" "-l sets the global name = require(name)"
run "$A" -l no_such_module_xyz
expect_rc 1 "-l of a missing module"
expect_err "no_such_module_xyz" "the missing module is named"
run "$A" -e 'print(type(apigw), apigw == require "apigw", type(apigw.set_domain), type(apigw.version))'
expect_out "table	true	function	string" "apigw is a global and require 'apigw' gives the same table"
run_stdin 'print("from stdin", arg[0], ...)' "$A" - p q
expect_rc 0 "- runs the script from stdin"
expect_out "from stdin	-	p	q" "- : arg[0] is '-' and ... are the arguments"
run_stdin 'print("implicit stdin")' "$A"
expect_rc 0 "no script and stdin not a terminal: runs stdin"
expect_out "implicit stdin" "stdin ran"
run_stdin 'print("should not run")' "$A" -e 'print("only -e")'
expect_out "only -e" "-e without a script does not read stdin (1)"
contains "$OUT" "should not run" && fail "-e without a script does not read stdin (2)" ||
    pass "-e without a script does not read stdin (2)"
write "$T/dash/-" 'print("a file named -")'
run_env -- bash -c "cd '$T/dash' && exec '$A' -- -"
expect_rc 0 "-- - runs a file named '-'"
expect_out "a file named -" "-- - is a file, not stdin"
write "$T/-e" 'print("script named -e", ...)'
run "$A" -- "$T/-e" x
expect_out "script named -e	x" "-- stops handling options"
write "$T/args.lua" 'print(arg[0], arg[1], arg[2], arg[3], #arg, arg[-1], arg[-2], arg[-3] ~= nil, select("#", ...), ...)'
run "$A" --dry-run "$T/args.lua" a "b c" --verbose
expect_rc 0 "a script with arguments"
expect_out "$T/args.lua	a	b c	--verbose	3	--dry-run	$A	false	3	a	b c	--verbose" \
    "arg[0] is the script, arg[1..] and ... its arguments, arg[-n] the options and program"
run "$A" -e 'print(arg[0], arg[1], arg[2], #arg)'
expect_out "$A	-e	print(arg[0], arg[1], arg[2], #arg)	2" "no script: arg[0] is the program, as in lua.c"
run "$A" -e 'os.exit(7)'
expect_rc 7 "os.exit(7) from a playbook"

finish
