#!/bin/bash
# plan.sh APIGW_LUA TESTLIB: apigw.plan against the embedded emulator with tests/plan/seed.json
# (certificates made by tests/cert/make_certs.sh), then the command line's side: exit
# statuses and messages of a bad spec, --dry-run, APIGW_DNS_URL.
set -u
A=$1
TESTLIB=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/apigw-plan.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME=$T
unset APIGW_DNS_URL NO_COLOR
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

bash "$HERE/../cert/make_certs.sh" "$T/certs" || { echo "FAIL: make_certs.sh"; exit 1; }
FP=$(openssl x509 -noout -fingerprint -sha256 -in "$T/certs/san.crt" | sed 's/.*=//; s/://g' | tr A-F a-f)

"$A" --emulate --seed "$HERE/seed.json" "$HERE/test_plan.lua" "$TESTLIB" "$T/certs" "$FP" >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out"
if [ $rc -eq 0 ] && grep -q '^[0-9]* passed, 0 failed$' "$T/out"; then ok "test_plan.lua (exit 0)"; else
    bad "test_plan.lua exited $rc"; cat "$T/err"; fi

G1=a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1
# a bad spec, not caught: exit 1, the error on stderr naming index and field, nothing on stdout
"$A" --emulate --seed "$HERE/seed.json" -e "print(apigw.plan{ {GroupId='$G1', DomainName='a.example.com', BindStageNme='TEST'} })" \
    >"$T/o1" 2>"$T/e1"
rc=$?
if [ $rc -eq 1 ] && grep -q "^apigw-lua: InvalidSpec: apigw.plan: 1 problem in the desired state: want\[1\].BindStageNme: unknown field (did you mean BindStageName?)" "$T/e1" \
    && [ ! -s "$T/o1" ]; then ok "InvalidSpec: exit 1, named on stderr"; else bad "InvalidSpec: exit $rc: $(cat "$T/e1")"; fi

# the plan printed by a playbook: exit 0, the last line the summary, no colour into a pipe
"$A" --emulate --seed "$HERE/seed.json" -e "print(apigw.plan{ {GroupId='$G1', DomainName='x.demo.example.com'} })" >"$T/o2" 2>"$T/e2"
rc=$?
if [ $rc -eq 0 ] && [ "$(tail -n 1 "$T/o2")" = "Plan: 1 to bind, 0 to update, 0 to move, 0 to unbind, 0 unchanged; 0 blocked." ] \
    && ! grep -q $'\e' "$T/o2"; then ok "print(plan): exit 0, summary last, no colour in a pipe"; else bad "print(plan): exit $rc: $(cat "$T/o2" "$T/e2")"; fi

# on a terminal (script(1) gives one): colour; with NO_COLOR: none
if command -v script >/dev/null; then
    cmd="'$A' --emulate --seed '$HERE/seed.json' -e \"print(apigw.plan{ {GroupId='$G1', DomainName='x.demo.example.com'} })\""
    script -qec "$cmd" /dev/null >"$T/o3" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q $'\e\[32m+' "$T/o3"; then ok "colour on a terminal"; else bad "terminal: exit $rc: $(cat -v "$T/o3")"; fi
    NO_COLOR=1 script -qec "$cmd" /dev/null >"$T/o4" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && ! grep -q $'\e\[' "$T/o4" && grep -q "Plan: 1 to bind" "$T/o4"; then ok "NO_COLOR on a terminal"; else
        bad "NO_COLOR: exit $rc: $(cat -v "$T/o4")"; fi
else
    bad "script(1) is missing (package bsdutils)"
fi

# --dry-run cannot plan: exit 1, said so
"$A" --dry-run --region cn-hangzhou -e "apigw.plan{ {GroupId='$G1', DomainName='a.example.com'} }" >"$T/o5" 2>"$T/e5"
rc=$?
if [ $rc -eq 1 ] && grep -q "dry-run sends nothing, so there is no live state to plan against" "$T/e5"; then ok "--dry-run refused"; else
    bad "--dry-run: exit $rc: $(cat "$T/e5")"; fi

# APIGW_DNS_URL: a resolver that does not answer makes the proof unverifiable, not a block;
# a value that is not a URL stops the plan, naming the variable
APIGW_DNS_URL=http://127.0.0.1:1/resolve "$A" --emulate --seed "$HERE/seed.json" -e "
local p = apigw.plan{ {GroupId='$G1', DomainName='x.demo.example.com'} }
assert(p.entries[1].action == '+', p.entries[1].action)
assert(p.entries[1].unverifiable[1] == 'DNS')
print(p.entries[1].dns)" >"$T/o6" 2>"$T/e6"
rc=$?
if [ $rc -eq 0 ] && grep -q "^cannot be verified: connect" "$T/o6"; then ok "APIGW_DNS_URL unreachable: cannot be verified"; else
    bad "APIGW_DNS_URL unreachable: exit $rc: $(cat "$T/o6" "$T/e6")"; fi
APIGW_DNS_URL=ftp://x "$A" --emulate --seed "$HERE/seed.json" -e "apigw.plan{ {GroupId='$G1', DomainName='x.demo.example.com'} }" >"$T/o7" 2>"$T/e7"
rc=$?
if [ $rc -eq 1 ] && grep -q "InvalidOption: apigw.plan: APIGW_DNS_URL must be an http(s) URL" "$T/e7"; then ok "APIGW_DNS_URL not a URL: exit 1"; else
    bad "APIGW_DNS_URL bad: exit $rc: $(cat "$T/e7")"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
