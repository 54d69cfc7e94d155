#!/bin/bash
# plan:apply against apigw-emulator (tests/apply.cmake): a mixed state converged, stale plans,
# read-back mismatches made by a request hook, faults, apigw.ensure and scripts/ensure.lua.
# Usage: apply.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR CASE
. "$(dirname "$0")/../cli/lib.sh"
CASE=${4:?usage: apply.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR CASE}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
D=$SRC/tests/apply
TESTLIB=$SRC/tests/lua/testlib.lua
G1=a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4
G2=e5e5e5e5f6f6f6f6a7a7a7a7b8b8b8b8
CREDS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIapplyKey00001 ALIBABA_CLOUD_ACCESS_KEY_SECRET=applySecret00001
       ALIBABA_CLOUD_REGION_ID=cn-hangzhou)
# the plan's DNS proofs come from the emulator's DNS-over-HTTPS twin
lua() { run_env "${CREDS[@]}" APIGW_DNS_URL="$EMU_URL/resolve" -- "$LUA_BIN" --endpoint "$EMU_URL" "$@"; }
mk() { bash "$SRC/tests/actions/mkcert.sh" "$T" "$@" || { fail "mkcert $1"; finish; exit 1; }; }
show() { printf '%s\n' "$OUT" | sed 's/^/       | /'; [ -n "$ERR" ] && printf '%s\n' "$ERR" | sed 's/^/     2>| /'; }

case $CASE in
converge)
  mk old 30 '*.a.example.com'
  mk new 365 '*.a.example.com'
  start_emulator --seed "$D/seed.json" --state "$T/state.json" || { fail "emulator"; finish; exit 1; }
  # the mixed state: fix.example.org and nofix.example.net bind ABNORMAL (no ICP filing yet)
  lua -e "
  local G1, G2 = '$G1', '$G2'
  for _, d in ipairs{ 'upd.a.example.com', 'old.a.example.com', 'cert.a.example.com', 'ws.a.example.com',
                      'fix.example.org', 'nofix.example.net' } do apigw.set_domain{ GroupId = G1, DomainName = d, BindStageName = 'TEST' } end
  apigw.set_domain{ GroupId = G1, DomainName = 'same.a.example.com', BindStageName = 'TEST' }
  apigw.set_domain{ GroupId = G2, DomainName = 'mv.a.example.com' }
  apigw.set_domain_certificate{ GroupId = G1, DomainName = 'cert.a.example.com', CertificateName = 'old',
    CertificateBody = apigw.pem('$T/old.pem'), CertificatePrivateKey = apigw.pem('$T/old.key') }
  assert(apigw.describe_domain{ GroupId = G1, DomainName = 'fix.example.org' }.DomainLegalStatus == 'ABNORMAL')"
  expect_rc 0 "the mixed state is set up"
  stop_pid "$EMU_PID"
  # the ICP filing of example.org is now in the seed: fix.example.org can be reactivated
  start_emulator --seed "$D/seed_filed.json" --state "$T/state.json" --log "$T/emu.log" ||
    { fail "emulator"; finish; exit 1; }
  lua "$D/test_converge.lua" "$TESTLIB" "$D/lib.lua" $G1 $G2 "$T"
  show
  expect_rc 0 "test_converge.lua"
  if grep -q 'new.key\|BEGIN EC PRIVATE\|BEGIN PRIVATE' <<<"$OUT$ERR"; then fail "a private key in the output"; else pass "no private key in the output"; fi
  ;;
stale)
  start_emulator --seed "$D/seed.json" || { fail "emulator"; finish; exit 1; }
  lua "$D/test_stale.lua" "$TESTLIB" "$D/lib.lua" $G1 $G2
  show
  expect_rc 0 "test_stale.lua"
  ;;
verify)
  mk old 30 '*.a.example.com'
  mk new 365 '*.a.example.com'
  start_emulator --seed "$D/seed.json" || { fail "emulator"; finish; exit 1; }
  lua "$D/test_verify.lua" "$TESTLIB" "$D/lib.lua" $G1 $G2 "$T"
  show
  expect_rc 0 "test_verify.lua"
  ;;
faults)
  start_emulator --seed "$D/seed.json" --fault 5xx:p0.25,reset:p0.1 --fault-seed 7 --log "$T/emu.log" ||
    { fail "emulator"; finish; exit 1; }
  lua "$D/test_faults.lua" "$TESTLIB" "$D/lib.lua" $G1 $G2 40
  show
  expect_rc 0 "test_faults.lua"
  n503=$(grep -c '"status":503' "$T/emu.log")
  [ "$n503" -gt 0 ] && pass "the emulator answered 503 $n503 times" || fail "no fault was injected"
  ;;
ensure)
  # scripts/ensure.lua with a JSON file (PEM fields as @FILE) and a Lua file, against the
  # emulator: converge, run again (nothing to do), --plan-only, prune, a failed entry
  E=$SRC/scripts/ensure.lua
  mkdir -p "$T/conf"
  bash "$SRC/tests/actions/mkcert.sh" "$T/conf" api 365 '*.a.example.com' || fail "mkcert"
  start_emulator --seed "$D/seed.json" --log "$T/emu.log" || { fail "emulator"; finish; exit 1; }
  lua -e "apigw.set_domain{ GroupId = '$G1', DomainName = 'junk.a.example.com' }"
  expect_rc 0 "a domain to prune"
  cat >"$T/conf/state.json" <<JSON
[
  { "GroupId": "$G1", "DomainName": "e1.a.example.com", "BindStageName": "RELEASE",
    "Certificate": "@api.pem", "CertificateKey": "@api.key", "CertificateName": "api", "WebSocket": "OPEN" },
  { "GroupId": "$G1", "DomainName": "e2.a.example.com", "BindStageName": "TEST" },
  { "GroupId": "$G2", "DomainName": "e3.b.example.com" }
]
JSON
  lua "$E" --prune $G1 "$T/conf/state.json"
  show
  expect_rc 0 "ensure.lua STATE.json"
  expect_out "3 to bind" "the plan is printed"
  expect_out "1 to unbind" "with the pruned domain"
  expect_out "Apply: 4 changed, 0 ok, 0 failed, 0 skipped (0 blocked, 0 stale)." "the recap"
  if grep -q 'PRIVATE KEY' <<<"$OUT$ERR"; then fail "a private key in the output"; else pass "no private key in the output"; fi
  if grep -q 'PRIVATE KEY' "$T/emu.log"; then fail "a private key in the emulator's log"; else pass "no private key in the emulator's log"; fi
  lua -e "
  local by = {}
  for _, it in ipairs(apigw.describe_api_group{ GroupId = '$G1' }.CustomDomains.DomainItem) do by[it.DomainName] = it end
  assert(by['e1.a.example.com'].BindStageName == 'RELEASE' and by['e1.a.example.com'].CertificateName == 'api'
         and by['e1.a.example.com'].DomainWebSocketStatus == 'OPEN', 'e1')
  assert(by['e2.a.example.com'].BindStageName == 'TEST', 'e2')
  assert(by['junk.a.example.com'] == nil, 'junk pruned')
  assert(apigw.describe_domain{ GroupId = '$G2', DomainName = 'e3.b.example.com' }.DomainBindingStatus == 'BINDING', 'e3')
  print('state ok')"
  expect_out "state ok" "the service holds the file's state"
  lua "$E" --prune $G1 "$T/conf/state.json"
  expect_rc 0 "ensure.lua again"
  expect_out "Apply: 0 changed, 3 ok, 0 failed, 0 skipped (0 blocked, 0 stale)." "nothing to do the second time"
  sed 's/"TEST"/"PRE"/' "$T/conf/state.json" >"$T/conf/state2.json"
  lua "$E" --plan-only "$T/conf/state2.json"
  expect_rc 0 "ensure.lua --plan-only"
  expect_out "1 to update" "the plan shows the update"
  if contains "$OUT" "Apply:"; then fail "--plan-only applied"; else pass "--plan-only does not apply"; fi
  lua -e "assert(apigw.describe_api_group{ GroupId = '$G1' }.CustomDomains.DomainItem[1] ~= nil)
  for _, it in ipairs(apigw.describe_api_group{ GroupId = '$G1' }.CustomDomains.DomainItem) do
    if it.DomainName == 'e2.a.example.com' then assert(it.BindStageName == 'TEST', 'changed by --plan-only') end
  end"
  expect_rc 0 "--plan-only changed nothing"
  cat >"$T/conf/state.lua" <<LUA
-- the same domains, e2 on PRE, and G2 pruned (e3 goes)
return {
  domains = {
    { GroupId = "$G1", DomainName = "e1.a.example.com", BindStageName = "RELEASE",
      Certificate = "@api.pem", CertificateKey = "@api.key", CertificateName = "api", WebSocket = "OPEN" },
    { GroupId = "$G1", DomainName = "e2.a.example.com", BindStageName = "PRE" },
  },
  prune = { "$G2" },
}
LUA
  lua "$E" "$T/conf/state.lua"
  show
  expect_rc 0 "ensure.lua STATE.lua"
  expect_out "Apply: 2 changed, 1 ok, 0 failed, 0 skipped (0 blocked, 0 stale)." "e2 updated, e3 pruned, e1 kept"
  write "$T/conf/other.json" '[{"GroupId": "'$G2'", "DomainName": "e4.b.example.com"}, {"GroupId": "'$G1'", "DomainName": "e5.a.example.com"}]'
  run_env "${CREDS[@]}" APIGW_DNS_URL="$EMU_URL/resolve" APIGW_ALLOWED_SUFFIXES=a.example.com -- \
      "$LUA_BIN" --endpoint "$EMU_URL" --hook "$SRC/scripts/hooks/guard.lua" "$E" "$T/conf/other.json"
  show
  expect_rc 1 "ensure.lua with an entry the guard hook refuses"
  expect_out "GuardRefused" "the failed entry's error"
  expect_out "Apply: 1 changed, 0 ok, 1 failed, 0 skipped (0 blocked, 0 stale)." "the other entry is applied"
  expect_err "1 of 2 entries failed" "the exit's reason"
  # apigw.ensure from a playbook: its options checked, a client of its own
  lua -e "
  local want = { { GroupId = '$G1', DomainName = 'e6.a.example.com' } }
  local ok, e = pcall(apigw.ensure, want, { concurency = 2 })
  assert(not ok and e.code == 'InvalidOption', tostring(e))
  assert(e.message:find(\"unknown apigw.ensure option 'concurency' (did you mean 'concurrency'?)\", 1, true), e.message)
  ok, e = pcall(apigw.ensure, want, { client = 'c' })
  assert(not ok and e.code == 'InvalidOption' and e.message:find('client must be an apigw.client', 1, true), tostring(e))
  local r = apigw.ensure(want, { client = apigw.client{ retries = 1 }, concurrency = 2, domains_per_group = 0 })
  assert(r.ok and r.counts.changed == 1 and r.entries[1].status == 'changed', tostring(r))"
  show
  expect_rc 0 "apigw.ensure: options checked, a client given"
  expect_out "Plan: 1 to bind" "the plan is printed"
  expect_out "Apply: 1 changed, 0 ok, 0 failed, 0 skipped (0 blocked, 0 stale)." "and the recap"
  ;;
check)
  # apigw-lua --check: the plan's and apply's reads are sent, no write is; the entries that
  # would change say so; --detailed-exitcode exits 4 on drift
  E=$SRC/scripts/ensure.lua
  start_emulator --seed "$D/seed.json" --log "$T/emu.log" || { fail "emulator"; finish; exit 1; }
  lua -e "apigw.set_domain{ GroupId = '$G1', DomainName = 'c1.a.example.com', BindStageName = 'TEST' }"
  expect_rc 0 "the fixture"
  : >"$T/emu.log"
  write "$T/check.json" '[{"GroupId": "'$G1'", "DomainName": "c1.a.example.com", "BindStageName": "RELEASE", "WebSocket": "OPEN"},
   {"GroupId": "'$G1'", "DomainName": "c2.a.example.com"}]'
  lua --check "$E" "$T/check.json"
  show
  expect_rc 0 "ensure.lua under --check"
  expect_out "changed (check)  ~   c1.a.example.com" "the update would be made"
  expect_out "changed (check)  +   c2.a.example.com" "the bind would be made"
  expect_out "Apply: 2 changed, 0 ok, 0 failed, 0 skipped (0 blocked, 0 stale)." "the recap"
  writes=$(grep -c '"action":"\(Set\|Delete\|Reactivate\)' "$T/emu.log")
  [ "$writes" = 0 ] && pass "no write reached the emulator" || fail "$writes writes reached the emulator"
  reads=$(grep -c '"action":"DescribeApiGroup"' "$T/emu.log")
  [ "$reads" = 2 ] && pass "2 DescribeApiGroup: the plan's and apply's stale check, no read-back" ||
    fail "expected 2 DescribeApiGroup, got $reads"
  lua -e "
  local it = apigw.describe_api_group{ GroupId = '$G1' }.CustomDomains.DomainItem
  assert(#it == 1 and it[1].BindStageName == 'TEST' and it[1].DomainWebSocketStatus == 'CLOSE', 'changed under --check')
  print('unchanged')"
  expect_out "unchanged" "the service is unchanged"
  lua --check --detailed-exitcode "$E" "$T/check.json"
  expect_rc 4 "--check --detailed-exitcode: drift"
  lua "$E" "$T/check.json"
  expect_rc 0 "applied for real"
  expect_out "Apply: 2 changed, 0 ok" "changed"
  lua --check --detailed-exitcode "$E" "$T/check.json"
  expect_rc 0 "--check --detailed-exitcode: no drift left"
  expect_out "Apply: 0 changed, 2 ok" "nothing to change"
  ;;
quota)
  sed 's/"domains_per_group": 0/"domains_per_group": 2/' "$D/seed.json" >"$T/seed_quota.json"
  start_emulator --seed "$T/seed_quota.json" || { fail "emulator"; finish; exit 1; }
  lua "$D/test_quota.lua" "$TESTLIB" "$D/lib.lua" $G1 $G2
  show
  expect_rc 0 "test_quota.lua"
  ;;
journal)
  start_emulator --seed "$D/seed.json" || { fail "emulator"; finish; exit 1; }
  lua "$D/test_journal.lua" "$TESTLIB" "$D/lib.lua" $G1 $G2 "$T"
  show
  expect_rc 0 "test_journal.lua"
  ;;
ensure_usage)
  # the script's own checks, before any plan is made
  E=$SRC/scripts/ensure.lua
  EMU_URL=http://127.0.0.1:1
  lua "$E"
  expect_rc 1 "ensure.lua without a file"
  expect_err "usage: ensure.lua [--prune GROUP]... [--plan-only]" "prints its usage"
  lua "$E" --help
  expect_rc 0 "ensure.lua --help"
  expect_out "usage: ensure.lua" "usage on stdout"
  lua "$E" --prunee x.json
  expect_rc 1 "an unknown option"
  expect_err "unknown option --prunee" "names it"
  lua "$E" --prune
  expect_rc 1 "--prune without its value"
  expect_err "--prune needs a value" "says so"
  lua "$E" --concurrency many x.json
  expect_rc 1 "a bad --concurrency"
  expect_err "--concurrency must be an integer, got many" "names the value"
  write "$T/s.txt" "[]"
  lua "$E" "$T/s.txt"
  expect_rc 1 "a state file that is neither .json nor .lua"
  expect_err "must be a .json or a .lua file" "says so"
  lua "$E" "$T/none.json"
  expect_rc 1 "a missing state file"
  expect_err "cannot read the state file: $T/none.json" "names the file"
  write "$T/bad.json" '[{"GroupId": "'$G1'", "DomainName": "x.a.example.com",'
  lua "$E" "$T/bad.json"
  expect_rc 1 "a file that is not JSON"
  expect_err "$T/bad.json: not valid JSON" "names the file"
  write "$T/null.json" '[{"GroupId": "'$G1'", "DomainName": "x.a.example.com", "BindStageName": null}]'
  lua "$E" "$T/null.json"
  expect_rc 1 "a JSON null"
  expect_err "entry 1: BindStageName is null; leave the field out instead" "names the entry and the field"
  write "$T/pem.json" '[{"GroupId": "'$G1'", "DomainName": "x.a.example.com", "Certificate": "@nowhere.pem", "CertificateKey": "@nowhere.key"}]'
  lua "$E" "$T/pem.json"
  expect_rc 1 "an @FILE that does not exist"
  expect_err "apigw.pem: cannot read $T/nowhere.pem" "names the file, from the state file's directory"
  # a configuration error is every entry's: it stops the apply, printed once (exit 3)
  run "$LUA_BIN" --region cn-hangzhou --endpoint http://127.0.0.1:1 -e "
  local entries = {}
  for i = 1, 20 do entries[i] = { index = i, group = '$G1', domain = 'n' .. i .. '.a.example.com', action = '+',
                                  steps = { 'SetDomain' }, want = {} } end
  require('apigw.apply').run({ entries = entries, client = apigw.client{} })"
  expect_rc 3 "apply without credentials"
  n=$(grep -c NoCredentials <<<"$ERR")
  [ "$n" = 1 ] && pass "the configuration error is printed once" || fail "NoCredentials printed $n times"
  write "$T/keys.json" '{"domains": [], "prunes": []}'
  lua "$E" "$T/keys.json"
  expect_rc 1 "an object with an unknown key"
  expect_err "unknown key 'prunes' (the keys are domains and prune)" "names the key"
  ;;
*)
  echo "unknown case $CASE"; exit 2 ;;
esac
finish
