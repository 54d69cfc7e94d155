#!/bin/bash
# apigw.plan under --check and --detailed-exitcode (docs/declarative.md, "Check mode and drift"):
# a plan that finds changes exits 4 under --check (reads only: the emulator's log shows no
# write) and under a real run that applies them; once converged, 0; without the option, 0;
# scripts/ensure.lua under --check holds its writes back and exits 4. Emulator with --log, its
# DNS twin as the plan's resolver.
# Usage: plan.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR SEED
. "$(dirname "$0")/../cli/lib.sh"
SEED=${4:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR SEED}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
A=$LUA_BIN
G=11111111111111111111111111111111
write "$T/desired.lua" '
local plan = apigw.plan{
  { GroupId = "'$G'", DomainName = "a.one.example.com", BindStageName = "RELEASE" },
  { GroupId = "'$G'", DomainName = "b.one.example.com", IsHttpRedirectToHttps = true },
}
print("changes", plan.changes, "drift", require("apigw.drift").count())
local r = plan:apply()
print("apply", r.counts.changed, r.entries[1].check, r.ok)'
writes_since() { tail -n +"$(($1 + 1))" "$T/emu.log" | sed -n 's/.*"action":"\([^"]*\)".*/\1/p' | grep -v -e '^Describe' -e '^DNS ' | tr '\n' ','; }
reads_since() { tail -n +"$(($1 + 1))" "$T/emu.log" | sed -n 's/.*"action":"\(Describe[^"]*\)".*/\1/p' | tr '\n' ','; }
lines() { [ -f "$T/emu.log" ] && wc -l <"$T/emu.log" || echo 0; }
if ! start_emulator --seed "$SEED" --log "$T/emu.log"; then fail "start the emulator"; finish; exit; fi
E=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01
   ALIBABA_CLOUD_REGION_ID=cn-hangzhou APIGW_DNS_URL="$EMU_URL/resolve")
U=(--endpoint "$EMU_URL" --retries 0)

n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check --detailed-exitcode "$T/desired.lua"
expect_rc 4 "--check --detailed-exitcode with changes to make"
expect_out $'changes\t2\tdrift\t2' "the plan noted its 2 changes"
expect_out $'apply\t2\ttrue\ttrue' "apply under --check: 2 changed (check)"
[ -z "$(writes_since "$n")" ] && pass "no write reached the emulator" || fail "writes under --check: $(writes_since "$n")"
[ -n "$(reads_since "$n")" ] && pass "the plan's reads did ($(reads_since "$n"))" || fail "no read was sent"

run_env "${E[@]}" -- "$A" "${U[@]}" --check "$T/desired.lua"
expect_rc 0 "--check without --detailed-exitcode: 0"

n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --detailed-exitcode "$T/desired.lua"
expect_rc 4 "a real run that applied 2 changes: 4 (its plan found them)"
expect_out $'apply\t2\tnil\ttrue' "the real apply changed 2"
[ "$(writes_since "$n")" = "SetDomain,SetDomain," ] && pass "the writes were sent" || fail "writes: $(writes_since "$n")"

n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check --detailed-exitcode "$T/desired.lua"
expect_rc 0 "converged: --check --detailed-exitcode exits 0"
expect_out $'changes\t0\tdrift\t0' "no change left"

echo "# scripts/ensure.lua"
printf '%s\n' '[{"GroupId": "'$G'", "DomainName": "c.one.example.com"}]' >"$T/state.json"
n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check --detailed-exitcode "$SRC/scripts/ensure.lua" "$T/state.json"
expect_rc 4 "ensure.lua under --check with a change to make"
[ -z "$(writes_since "$n")" ] && pass "ensure.lua under --check wrote nothing" || fail "writes: $(writes_since "$n")"
run_env "${E[@]}" -- "$A" "${U[@]}" --detailed-exitcode "$SRC/scripts/ensure.lua" "$T/state.json"
expect_rc 4 "ensure.lua applying it"
run_env "${E[@]}" -- "$A" "${U[@]}" --check --detailed-exitcode "$SRC/scripts/ensure.lua" "$T/state.json"
expect_rc 0 "ensure.lua once converged"
stop_pid "$EMU_PID"
finish
