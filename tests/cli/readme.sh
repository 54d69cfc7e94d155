#!/bin/bash
# The README's commands for a stock lua5.4, run as written so the doc cannot rot:
# - every command line in a fenced block of README.md that starts with LUA_CPATH= is run
#   by bash from a directory where build/ is this build, and must exit 0 and print;
# - every LUA_CPATH value the README mentions keeps the default path (";;"): apigw.so
#   needs lua-cjson's cjson.so, found only there.
. "$(dirname "$0")/lib.sh"
README=$(dirname "$0")/../../README.md
LUA54=$(command -v lua5.4)
[ -n "$LUA54" ] || { fail "a stock lua5.4 is needed"; finish; exit; }
[ -f "$README" ] || { fail "README.md is found"; finish; exit; }

# fenced-block lines (```...```) that start with LUA_CPATH=
mapfile -t CMDS < <(awk '/^```/ { inblock = !inblock; next } inblock && /^LUA_CPATH=/' "$README")
[ "${#CMDS[@]}" -gt 0 ] && pass "README.md shows a LUA_CPATH=... lua5.4 command (${#CMDS[@]})" ||
    fail "README.md shows a LUA_CPATH=... lua5.4 command in a fenced block"

mkdir -p "$T/root"
ln -s "$BUILD_DIR" "$T/root/build"
for c in "${CMDS[@]}"; do
    pre=()
    [ -n "${AGW_MODULE_PRELOAD:-}" ] && pre=(LD_PRELOAD="$AGW_MODULE_PRELOAD" ASAN_OPTIONS="${ASAN_OPTIONS:-}")
    (cd "$T/root" && env -i PATH=/usr/bin:/bin HOME="$H" "${pre[@]}" bash -c "$c") \
        >"$T/out" 2>"$T/err" </dev/null
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
    expect_rc 0 "as written: $c"
    [ -n "$OUT" ] && pass "it prints something" || fail "it prints something"
    expect_no_err "not found" "no module is missing"
done

# every LUA_CPATH value in the README, in code or prose
mapfile -t VALUES < <(grep -o "LUA_CPATH=[^ \`]*" "$README")
for v in "${VALUES[@]}"; do
    case $v in *";;"*) pass "$v keeps the default path" ;;
    *) fail "$v keeps the default path (';;'): without it 'cjson' is not found" ;; esac
done

# and the form without ";;" does fail, which is why the README must not show it
pre=()
[ -n "${AGW_MODULE_PRELOAD:-}" ] && pre=(LD_PRELOAD="$AGW_MODULE_PRELOAD" ASAN_OPTIONS="${ASAN_OPTIONS:-}")
(cd "$T/root" && env -i PATH=/usr/bin:/bin "${pre[@]}" LUA_CPATH='build/?.so' "$LUA54" -e 'require "apigw"') \
    >"$T/out" 2>"$T/err" </dev/null
RC=$?
ERR=$(cat "$T/err")
expect_rc 1 "LUA_CPATH=build/?.so alone fails"
expect_err "module 'cjson' not found" "because cjson.so is not found"
finish
