#!/bin/bash
# TLS verification turned off is always said: apigw.client{insecure = true} prints the
# warning --insecure prints, on stderr, once per client made so; under --insecure the
# host's one warning covers every client (it is not repeated).
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
W="apigw-lua: warning: apigw.client{insecure = true}: TLS certificates are NOT verified"
HW="apigw-lua: warning: --insecure: TLS certificates are NOT verified"
count() { grep -cF -- "$1" "$T/err"; }

run "$A" -e "local c = apigw.client{insecure = true} print(tostring(c):match('^apigw.client') ~= nil)"
expect_rc 0 "apigw.client{insecure = true}"
expect_out "true" "the client is made"
[ "$(count "$W")" = 1 ] && pass "the warning is printed once" ||
    fail "the warning is printed once (got $(count "$W"))"
[ ! -s "$T/out" ] || ! grep -qF "warning" "$T/out" && pass "the warning is not on stdout" ||
    fail "the warning is not on stdout"

run "$A" -e "local a = apigw.client{insecure = true} local b = apigw.client{insecure = true}
local c = apigw.client{} local d = apigw.client{insecure = false}"
expect_rc 0 "two insecure clients, two verifying ones"
[ "$(count "$W")" = 2 ] && pass "one warning per insecure client" ||
    fail "one warning per insecure client (got $(count "$W"))"

run "$A" -e "local c = apigw.client{} local d = apigw.client{insecure = false}"
expect_rc 0 "verifying clients"
expect_no_err "warning" "no warning for verifying clients"

run "$A" --insecure -e "local a = apigw.client{insecure = true} local b = apigw.client{}"
expect_rc 0 "--insecure with clients"
[ "$(count "$HW")" = 1 ] && pass "--insecure: the host's warning, once" ||
    fail "--insecure: the host's warning, once (got $(count "$HW"))"
[ "$(count "$W")" = 0 ] && pass "--insecure: not repeated per client" ||
    fail "--insecure: not repeated per client (got $(count "$W"))"

LUA54=$(command -v lua5.4)
if [ -n "$LUA54" ] && [ -f "$BUILD_DIR/apigw.so" ]; then
    pre=()
    [ -n "${AGW_MODULE_PRELOAD:-}" ] && pre=(LD_PRELOAD="$AGW_MODULE_PRELOAD" ASAN_OPTIONS="${ASAN_OPTIONS:-}")
    run_env LUA_CPATH="$BUILD_DIR/?.so;;" "${pre[@]}" -- "$LUA54" -e "local apigw = require 'apigw'
local c = apigw.client{insecure = true}"
    expect_rc 0 "a stock lua5.4: apigw.client{insecure = true}"
    [ "$(count "$W")" = 1 ] && pass "a stock lua5.4: the warning, once" ||
        fail "a stock lua5.4: the warning, once (got $(count "$W"))"
else
    fail "lua5.4 and apigw.so are needed"
fi
finish
