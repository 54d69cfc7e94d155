#!/bin/bash
# The whole main runs under one protected call (as lua.c's pmain): when memory runs out
# while the libraries open or the arg table is built, apigw-lua says
# "apigw-lua: not enough memory" and exits 1; it never panics (abort, exit 134). Swept over
# address-space limits (prlimit --as) from where the program starts to where it runs, with
# a large arg table. Not under AddressSanitizer, which needs a huge address space.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
if ldd "$A" | grep -q 'libasan\|libclang_rt.asan'; then
    pass "skipped under AddressSanitizer"
    finish
    exit
fi
command -v prlimit >/dev/null || { fail "prlimit (util-linux) is needed"; finish; exit; }
BIG=$(head -c 100000 /dev/zero | tr '\0' a)
ARGS=()
for _ in $(seq 15); do ARGS+=("$BIG"); done

panics=0 nomem=0 ok=0 started=0 runs=0
# try LIMIT_KIB: runs apigw-lua under that address-space limit and counts the outcome
try() {
    prlimit --as=$(($1 * 1024)) "$A" - "${ARGS[@]}" </dev/null >"$T/out" 2>"$T/err"
    RC=$?
    runs=$((runs + 1))
    if [ "$RC" = 134 ] || grep -q PANIC "$T/err"; then
        panics=$((panics + 1))
        [ "$panics" = 1 ] && { echo "# at $1 KiB:"; sed 's/^/#   /' "$T/err" | head -3; }
    elif [ "$RC" = 1 ] && grep -q "not enough memory" "$T/err"; then
        nomem=$((nomem + 1))
    elif [ "$RC" = 0 ]; then
        ok=$((ok + 1))
    fi
    grep -q "^apigw-lua: \|PANIC" "$T/err" || [ "$RC" = 0 ]
}
# coarse steps up to where main is reached (below it the dynamic loader fails), then fine
# steps from a step below there until the program has run three times in a row
start=
for kb in $(seq 2048 512 131072); do
    if try "$kb"; then start=$kb; break; fi
done
[ -n "$start" ] && started=1
if [ -n "$start" ]; then
    inarow=0
    for kb in $(seq $((start - 512)) 64 $((start + 16384))); do
        try "$kb"
        [ "$RC" = 0 ] && inarow=$((inarow + 1)) || inarow=0
        [ "$inarow" -ge 3 ] && break
    done
fi
echo "# $runs limits: $nomem 'not enough memory', $ok ran, $panics panics"
[ "$started" = 1 ] && pass "some limits let the program start and run out of memory" ||
    fail "some limits let the program start and run out of memory"
[ "$ok" -ge 1 ] && pass "with enough memory it runs" || fail "with enough memory it runs"
[ "$panics" = 0 ] && pass "never a panic (unprotected error)" ||
    fail "never a panic (unprotected error): $panics of $runs limits"
finish
