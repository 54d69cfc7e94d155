#!/bin/bash
# SIGINT and SIGTERM stop a playbook the same way: the playbook unwinds (to-be-closed
# variables close, finalizers run when the state closes, an embedded emulator stops), the
# host says so on stderr ("apigw-lua: interrupted" / "apigw-lua: terminated") and exits
# 130 / 143 (128 + the signal, as a shell reports it). Also inside a task, and while a
# playbook catches errors in a loop with pcall.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN

PB='local x <close> = setmetatable({}, {__close = function() io.stderr:write("closed\n") end})
G = setmetatable({}, {__gc = function() io.stderr:write("finalized\n") end})
print("ready") io.stdout:flush()
'
# signal_run SIG CODE WORD WHAT args... : starts apigw-lua args..., waits for "ready",
# sends SIG, checks the exit status, the word, and the clean unwinding.
signal_run() {
    local sig=$1 code=$2 word=$3 what=$4
    shift 4
    env -i PATH=/usr/bin:/bin HOME="$H" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$A" "$@" >"$T/out" 2>"$T/err" </dev/null &
    local p=$! i
    for i in $(seq 600); do # up to 30 s: a loaded machine starts slowly
        grep -q ready "$T/out" 2>/dev/null && break
        sleep 0.05
    done
    grep -q ready "$T/out" || fail "$what: the playbook started"
    local t0=$(date +%s%N)
    kill -"$sig" "$p"
    wait "$p"
    RC=$?
    local ms=$((($(date +%s%N) - t0) / 1000000))
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
    expect_rc "$code" "$what: SIG$sig"
    expect_err "apigw-lua: $word" "$what: says '$word' on stderr"
    expect_err "closed" "$what: to-be-closed variables closed"
    expect_err "finalized" "$what: the state was closed (finalizers ran)"
    # at once, next to the 30 s the playbook would wait (slack for a loaded machine)
    [ "$ms" -lt 6000 ] && pass "$what: stopped at once ($ms ms)" || fail "$what: stopped at once ($ms ms)"
    expect_no_err "runtime error" "$what: no sanitizer report"
}

for s in "INT 130 interrupted" "TERM 143 terminated"; do
    set -- $s
    signal_run "$1" "$2" "$3" "sleeping" -e "${PB}apigw.sleep(30)"
    signal_run "$1" "$2" "$3" "in a task" -e "${PB}local t = apigw.spawn(function() apigw.sleep(30) end) t:wait()"
    signal_run "$1" "$2" "$3" "computing" -e "${PB}local n = 0 while true do n = n + 1 end"
    signal_run "$1" "$2" "$3" "pcall in a loop" -e "${PB}while true do pcall(apigw.sleep, 0.01) end"
    signal_run "$1" "$2" "$3" "--emulate" --emulate -e "${PB}apigw.sleep(30)"
    # a task that computes is stopped at its next binding call or sleep (the hook is on
    # the main thread, as in lua.c)
    signal_run "$1" "$2" "$3" "a computing task" -e "${PB}local t = apigw.spawn(function()
  local t0 = os.clock() while os.clock() - t0 < 0.2 do end apigw.sleep(30) end) t:wait()"
done

# the documentation says it
README=$(dirname "$0")/../../README.md
grep -q '`143` terminated (SIGTERM)' "$README" && pass "README documents exit 143" ||
    fail "README documents exit 143"
run "$A" --help
expect_rc 0 "--help"
printf '%s\n' "$OUT" | grep -Eq '^ *143 +Terminated \(SIGTERM\)' && pass "--help documents exit 143" ||
    fail "--help documents exit 143"
finish
