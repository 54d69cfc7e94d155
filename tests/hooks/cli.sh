#!/bin/bash
# Hooks on the command line (docs/hooks.md): each kind of hook error with its message and
# exit status; start and finish (also after an uncaught error and Ctrl-C); --hook,
# APIGW_HOOKS, --no-hooks, -l, broken hook files; --verbose's listing; a stock lua5.4.
#   cli.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
A=$LUA_BIN
G=11111111111111111111111111111111
KEY=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01)
start_emulator --seed "$SRC/tests/integration/seed.json" --log "$T/emu.log" ||
    { fail "start the emulator"; finish; exit; }
: >"$T/emu.log"
requests() { sleep 0.2; wc -l <"$T/emu.log"; }
r() { run_env "${KEY[@]}" "$@"; } # r [VAR=x...] -- cmd...

write "$T/play.lua" 'local r = apigw.set_domain{ GroupId = "'$G'", DomainName = "a.one.example.com" }
print("answer", r.DomainName)
print("after")'
write "$T/fail.lua" 'apigw.set_domain{ GroupId = "99999999999999999999999999999999", DomainName = "a.one.example.com" }'

echo "# hook errors"
hookerr() { # EVENT PLAYBOOK: a hook file whose EVENT hook raises a plain error at line 2
    write "$T/h_$1.lua" "return { id = 'x$1',
  $1 = function(e) error('boom in $1') end }"
    r -- "$A" --endpoint "$EMU_URL" --retries 0 --hook "$T/h_$1.lua" "$2"
}
for ev in call request; do
    before=$(requests)
    hookerr $ev "$T/play.lua"
    expect_rc 1 "$ev hook error: the call fails"
    expect_err "apigw-lua: SetDomain: HookError: $ev hook 'x$ev' ($T/h_$ev.lua:2) failed: $T/h_$ev.lua:2: boom in $ev" \
        "$ev: HookError names the event, the hook's id and file:line, and the message"
    if [ "$(requests)" = "$before" ]; then pass "$ev: nothing was sent"; else fail "$ev: a request was sent"; fi
done
for ev in retry error; do
    hookerr $ev "$T/fail.lua"
    expect_rc 1 "$ev hook error: the call fails"
    expect_err "SetDomain: HookError: $ev hook 'x$ev' ($T/h_$ev.lua:2) failed:" "$ev: HookError names the hook"
    expect_no_err "NotFoundApiGroup" "$ev: the HookError, not the service's error, is what the call raised"
done
for ev in response done; do
    hookerr $ev "$T/play.lua"
    expect_rc 1 "$ev hook error: exit status 1"
    expect_out "answer	a.one.example.com" "$ev: the call's outcome stands"
    expect_out "after" "$ev: the playbook ran on"
    expect_err "apigw-lua: warning: $ev hook 'x$ev' ($T/h_$ev.lua:2) failed: $T/h_$ev.lua:2: boom in $ev" \
        "$ev: a warning names the hook"
done
hookerr finish "$T/play.lua"
expect_rc 1 "finish hook error: exit status 1"
expect_out "after" "finish: the playbook ran"
expect_err "apigw-lua: warning: finish hook 'xfinish' ($T/h_finish.lua:2) failed:" "finish: a warning names the hook"
before=$(requests)
hookerr start "$T/play.lua"
expect_rc 1 "start hook error: the run stops"
expect_err "apigw-lua: HookError: start hook 'xstart' ($T/h_start.lua:2) failed: $T/h_start.lua:2: boom in start" \
    "start: the error names the hook"
expect_no_err "answer" "start: the playbook did not run"
if [ "$(requests)" = "$before" ]; then pass "start: nothing was sent"; else fail "start: a request was sent"; fi
write "$T/h_guard.lua" 'apigw.on("call", function(e)
  error(apigw.Error.new{ code = "Refused", message = "not this one", kind = "client" }, 0)
end, { id = "guard" })'
r -- "$A" --endpoint "$EMU_URL" --hook "$T/h_guard.lua" "$T/play.lua"
expect_rc 1 "an apigw.Error from a call hook fails the call"
expect_err "apigw-lua: SetDomain: Refused: not this one" "the call fails with the hook's own error"

echo "# start and finish"
write "$T/h_run.lua" 'apigw.on("start", function(e)
  io.stderr:write("START script=", tostring(e.script), " args=", table.concat(e.args, ","), " dry=", tostring(e.dry_run), "\n")
  e.ctx.started = true
end)
apigw.on("finish", function(e)
  local s = e.summary
  local codes = {}
  for k, v in pairs(s.by_code) do codes[#codes + 1] = k .. "=" .. v end
  io.stderr:write(("FINISH status=%d calls=%d ok=%d failed=%d attempts=%d retries=%d codes=%s elapsed=%s ctx=%s\n"):format(
    e.status, s.calls, s.ok, s.failed, s.attempts, s.retries, table.concat(codes, ","), tostring(s.elapsed >= 0), tostring(e.ctx.started)))
end)'
r -- "$A" --endpoint "$EMU_URL" --hook "$T/h_run.lua" "$T/play.lua" one two
expect_rc 0 "start and finish hooks"
expect_err "START script=$T/play.lua args=one,two dry=false" "start sees the script and its arguments"
expect_err "FINISH status=0 calls=1 ok=1 failed=0 attempts=1 retries=0 codes= elapsed=true ctx=true" \
    "finish sees the summary, the exit status and the run's ctx"
write "$T/mixed.lua" 'local c = apigw.client{ retries = 2 }
c:set_domain{ GroupId = "'$G'", DomainName = "a.one.example.com" }
pcall(c.set_domain, c, { GroupId = "99999999999999999999999999999999", DomainName = "a.one.example.com" })
error("the playbook fails")'
r -- "$A" --endpoint "$EMU_URL" --hook "$T/h_run.lua" "$T/mixed.lua"
expect_rc 1 "a playbook that fails"
expect_err "FINISH status=1 calls=2 ok=1 failed=1 attempts=2 retries=0 codes=NotFoundApiGroup=1" \
    "finish fires after an uncaught error, with status 1 and the failed call's code"
r -- "$A" --endpoint "$EMU_URL" --hook "$T/h_run.lua" -e 'apigw.call("DescribeApiGroup", {GroupId = "'$G'"})'
expect_rc 0 "-e with start and finish"
expect_err "START script=nil args= dry=false" "with -e only, start has no script"
write "$T/sleep.lua" 'io.stdout:write("sleeping\n"); io.stdout:flush(); apigw.sleep(30)'
env -i PATH=/usr/bin:/bin HOME="$H" "$A" --hook "$T/h_run.lua" "$T/sleep.lua" >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 100); do grep -q sleeping "$T/out" && break; sleep 0.05; done
kill -INT $pid
wait $pid
RC=$?
ERR=$(cat "$T/err")
expect_rc 130 "Ctrl-C"
expect_err "FINISH status=130 calls=0" "finish fires after Ctrl-C, with status 130"

echo "# loading"
write "$T/l1.lua" 'apigw.on("done", function() io.stderr:write("L1\n") end, { id = "l1" })'
write "$T/l2.lua" 'return { done = function() io.stderr:write("L2\n") end }'
write "$T/l3.lua" 'return { id = "third", action = "DescribeApiGroup", done = function() io.stderr:write("L3\n") end }'
write "$T/list.lua" 'for _, h in ipairs(apigw.hooks("done")) do io.stderr:write("HOOK ", h.id, " ", h.scope, "\n") end
apigw.set_domain{ GroupId = "'$G'", DomainName = "a.one.example.com" }'
r APIGW_HOOKS="$T/l2.lua::$T/l3.lua" -- "$A" --endpoint "$EMU_URL" --hook "$T/l1.lua" "$T/list.lua"
expect_rc 0 "APIGW_HOOKS and --hook"
if [ "$(grep '^HOOK' "$T/err" | tr '\n' ' ')" = "HOOK l2 global HOOK third global HOOK l1 global " ]; then
    pass "APIGW_HOOKS files load first, in order, then --hook; a table's id defaults to the file's name"
else fail "hook order: $(grep '^HOOK' "$T/err" | tr '\n' ' ')"; fi
if [ "$(grep '^L[0-9]' "$T/err" | tr '\n' ' ')" = "L2 L1 " ]; then
    pass "the hooks run in that order; an action filter skips the others"
else fail "done hooks ran: $(grep '^L[0-9]' "$T/err" | tr '\n' ' ')"; fi
r APIGW_HOOKS="$T/l2.lua" -- "$A" --endpoint "$EMU_URL" --no-hooks --hook "$T/l1.lua" "$T/list.lua"
expect_rc 0 "--no-hooks"
if [ "$(grep '^HOOK' "$T/err" | tr '\n' ' ')" = "HOOK l1 global " ]; then
    pass "--no-hooks ignores APIGW_HOOKS; --hook still loads"
else fail "with --no-hooks: $(grep '^HOOK' "$T/err" | tr '\n' ' ')"; fi
r APIGW_HOOKS="$T/l2.lua" -- "$A" --endpoint "$EMU_URL" --verbose --hook "$T/l1.lua" \
    -e 'apigw.on("call", function() end, {id = "late"})' "$T/play.lua"
expect_rc 0 "--verbose with hooks"
expect_err "apigw-lua: hooks, in the order they run:
apigw-lua:   done     'l2'             global $T/l2.lua:1
apigw-lua:   done     'l1'             global $T/l1.lua:1" "--verbose lists the hooks in order"
expect_err "apigw-lua: hook added: call     'late'" "--verbose names a hook the playbook adds"
mkdir -p "$T/lib"
write "$T/lib/myhooks.lua" 'apigw.on("done", function(e) io.stderr:write("MODULE ", e.action, "\n") end, { id = "mod" })
return {}'
r LUA_PATH="$T/lib/?.lua;;" -- "$A" --endpoint "$EMU_URL" -l myhooks "$T/play.lua"
expect_rc 0 "-l with a hook module"
expect_err "MODULE SetDomain" "a hook module loaded with -l works"

bad() { # WHAT FILE-TEXT EXPECTED-MESSAGE
    write "$T/bad.lua" "$2"
    before=$(requests)
    r -- "$A" --endpoint "$EMU_URL" --hook "$T/bad.lua" "$T/play.lua"
    expect_rc 3 "$1: exit 3"
    expect_err "apigw-lua: InvalidHookFile: hook file $T/bad.lua: $3" "$1: named, with the reason"
    expect_no_err "answer" "$1: the playbook did not run"
    if [ "$(requests)" = "$before" ]; then pass "$1: nothing was sent"; else fail "$1: a request was sent"; fi
}
bad "a syntax error" 'x = = 1' "$T/bad.lua:1: unexpected symbol"
bad "a file that raises" 'error("nope")' "failed while loading: $T/bad.lua:1: nope"
bad "an unknown key" 'return { don = function() end }' "unknown key 'don' (did you mean 'done'?)"
bad "a key that is not a function" 'return { done = 5 }' "key 'done': the hook must be a function, got number"
bad "a bad return value" 'return 42' "returned a number"
bad "a bad apigw.on call" 'apigw.on("dne", print)' "failed while loading: InvalidHook: apigw.on: unknown event 'dne' (did you mean 'done'?)"
r -- "$A" --endpoint "$EMU_URL" --hook "$T/nope.lua" "$T/play.lua"
expect_rc 3 "a missing hook file: exit 3"
expect_err "hook file $T/nope.lua: cannot open $T/nope.lua" "a missing hook file is named"
r APIGW_HOOKS="$T/nope.lua" -- "$A" --endpoint "$EMU_URL" "$T/play.lua"
expect_rc 3 "a missing file in APIGW_HOOKS: exit 3"
r -- "$A" --hook
expect_rc 2 "--hook without a file is a usage error"

echo "# a stock lua5.4"
LUA54=$(command -v lua5.4 || command -v lua)
if [ -n "$LUA54" ] && [ -f "$BUILD_DIR/apigw.so" ]; then
    pre=()
    [ -n "${AGW_MODULE_PRELOAD:-}" ] && pre=(LD_PRELOAD="$AGW_MODULE_PRELOAD" ASAN_OPTIONS="${ASAN_OPTIONS:-}")
    r LUA_CPATH="$BUILD_DIR/?.so;;" "${pre[@]}" -- "$LUA54" -e "
local apigw = require 'apigw'
local seen = {}
for _, ev in ipairs{'start', 'call', 'request', 'response', 'done', 'finish'} do
  apigw.on(ev, function(e) seen[#seen + 1] = e.event end)
end
local c = apigw.client{ endpoint = '$EMU_URL' }
local r = c:set_domain{ GroupId = '$G', DomainName = 'a.one.example.com' }
print('events', table.concat(seen, ','), r.DomainName)"
    expect_rc 0 "hooks in a stock lua5.4"
    expect_out "events	call,request,response,done	a.one.example.com" \
        "the call events fire; start and finish belong to the host"
else
    fail "a stock lua5.4 and $BUILD_DIR/apigw.so are needed"
fi
finish
