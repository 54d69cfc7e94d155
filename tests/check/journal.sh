#!/bin/bash
# A journaled apigw.map under --check (docs/bulk.md, "Resumable runs"): the journal is read,
# not written. Before the fix a --check run journaled its held-back writes as done, and the
# real run that followed skipped them: nothing was ever bound.
# Usage: journal.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR SEED
. "$(dirname "$0")/../cli/lib.sh"
SEED=${4:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR SEED}
A=$LUA_BIN
G=11111111111111111111111111111111
E=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01
   ALIBABA_CLOUD_REGION_ID=cn-hangzhou)
J=$T/bind.journal
write "$T/play.lua" '
local results, errors = apigw.map({ "a.one.example.com", "b.one.example.com" }, function(d)
  return apigw.set_domain{ GroupId = "'$G'", DomainName = d }
end, { journal = arg[1] })
for i = 1, 2 do
  local r = results[i]
  print(i, type(r) == "table" and (r.Check and "check" or r.DomainBindingStatus) or tostring(r), errors[i] and errors[i].code)
end'
actions_since() { tail -n +"$(($1 + 1))" "$T/emu.log" | sed -n 's/.*"action":"\([^"]*\)".*/\1/p' | tr '\n' ','; }
lines() { [ -f "$T/emu.log" ] && wc -l <"$T/emu.log" || echo 0; }
if ! start_emulator --seed "$SEED" --log "$T/emu.log"; then fail "start the emulator"; finish; exit; fi
U=(--endpoint "$EMU_URL" --retries 0)

n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check "$T/play.lua" "$J"
expect_rc 0 "a journaled map under --check"
expect_out $'1\tcheck' "item 1: held back"
expect_out $'2\tcheck' "item 2: held back"
expect_err "journal $J: --check: read, not written" "stderr says the journal is not written"
[ ! -e "$J" ] && pass "no journal was created" || fail "a journal was created under --check: $(cat "$J")"
[ "$(actions_since "$n")" = "" ] && pass "nothing sent" || fail "sent under --check: $(actions_since "$n")"

n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" "$T/play.lua" "$J"
expect_rc 0 "the real run after it"
expect_out $'1\tBINDING' "item 1 bound"
expect_out $'2\tBINDING' "item 2 bound"
expect_no_err "already done" "the real run skipped nothing"
[ "$(actions_since "$n")" = "SetDomain,SetDomain," ] && pass "both writes sent" || fail "the real run sent: $(actions_since "$n")"
[ "$(grep -c '^ok ' "$J")" = 2 ] && pass "the journal has both items done" || fail "journal: $(cat "$J")"

cp "$J" "$T/before"
n=$(lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check "$T/play.lua" "$J"
expect_rc 0 "--check again with the real run's journal"
expect_err "journal $J: 2 of 2 items already done, skipped" "the journal is read: both skipped"
cmp -s "$J" "$T/before" && pass "the journal is unchanged" || fail "the journal changed under --check"
[ "$(actions_since "$n")" = "" ] && pass "nothing sent" || fail "sent: $(actions_since "$n")"
write "$T/other.lua" 'apigw.map({ "c.one.example.com" }, function(d) return d end, { journal = arg[1] })'
run_env "${E[@]}" -- "$A" "${U[@]}" --check "$T/other.lua" "$J"
expect_rc 1 "--check with a journal of another item list"
expect_err "was written for another item list" "refused as in a real run"
stop_pid "$EMU_PID"
finish
