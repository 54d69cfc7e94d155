#!/bin/bash
# The hooks of scripts/hooks/ against apigw-emulator, with faults (docs/hooks.md):
# audit.lua, guard.lua, dns_wait.lua, metrics.lua, junit.lua.
#   shipped.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
HK=$SRC/scripts/hooks
A=$LUA_BIN
G=11111111111111111111111111111111
SEED=$SRC/tests/integration/seed.json
KEY=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01)
r() { run_env "${KEY[@]}" "$@"; }
lines() { sleep 0.2; wc -l <"$1"; }

echo "# audit.lua"
start_emulator --seed "$SEED" --log "$T/audit_emu.log" --fault 5xx:3 || { fail "start the emulator"; finish; exit; }
write "$T/audit_play.lua" 'local audit = os.getenv("APIGW_AUDIT_FILE")
local function count() local n = 0; for _ in io.lines(audit) do n = n + 1 end; return n end
apigw.set_domain{ GroupId = "'$G'", DomainName = "a.one.example.com" }   -- request 1
print("FLUSHED", count())
apigw.call("DescribeApiGroup", { GroupId = "'$G'" })                     -- request 2: a read
pcall(apigw.call, "SetDomainCertificate", { GroupId = "'$G'", DomainName = "a.one.example.com",
  CertificateName = "c", CertificateBody = "not a cert", CertificatePrivateKey = "PRIVATEKEYBODY" }) -- 3 (503), 4
pcall(apigw.set_domain, { GroupId = "99999999999999999999999999999999", DomainName = "a.one.example.com" })
print("LINES", count())'
: >"$T/audit.jsonl"
r APIGW_AUDIT_FILE="$T/audit.jsonl" -- "$A" --endpoint "$EMU_URL" --hook "$HK/audit.lua" "$T/audit_play.lua"
expect_rc 0 "a playbook with audit.lua"
expect_out "FLUSHED	1" "the first write's line is in the file at once (flushed per line)"
expect_out "LINES	3" "one line per write, none for the read"
python3 - "$T/audit.jsonl" >"$T/audit.check" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["action"] for r in rows] == ["SetDomain", "SetDomainCertificate", "SetDomain"], rows
for r in rows:
    assert set(r) == {"time", "action", "params", "request_id", "outcome", "attempts", "dry_run", "check"}, r
    assert r["dry_run"] is False and r["check"] is False and r["request_id"], r
assert rows[0]["outcome"] == "ok" and rows[0]["attempts"] == 1, rows[0]
assert rows[0]["params"] == {"GroupId": "1" * 32, "DomainName": "a.one.example.com"}, rows[0]
assert rows[1]["params"]["CertificatePrivateKey"] == "***", rows[1]
assert rows[1]["attempts"] == 2 and rows[1]["outcome"] != "ok", rows[1]
assert rows[2]["outcome"] == "NotFoundApiGroup", rows[2]
print("audit lines ok")
PY
if grep -q "audit lines ok" "$T/audit.check"; then pass "each line: action, masked params, RequestId, outcome, attempts"
else fail "audit lines: $(cat "$T/audit.check")"; fi
if grep -q PRIVATEKEYBODY "$T/audit.jsonl"; then fail "the private key is in the audit file"
else pass "the private key is not in the audit file"; fi
r -- "$A" --endpoint "$EMU_URL" --hook "$HK/audit.lua" -e 'print(1)'
expect_rc 3 "audit.lua without APIGW_AUDIT_FILE: exit 3"
expect_err "hook file $HK/audit.lua: failed while loading: APIGW_AUDIT_FILE is not set" "the setting is named"
stop_pid "$EMU_PID"

echo "# guard.lua"
start_emulator --seed "$SEED" --log "$T/guard_emu.log" || { fail "start the emulator"; finish; exit; }
: >"$T/guard_emu.log"
guard() { # [VAR=x...] -- playbook text
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    r "${envs[@]}" -- "$A" --endpoint "$EMU_URL" --hook "$HK/guard.lua" -e "$1"
}
SUF=APIGW_ALLOWED_SUFFIXES=".one.example.com, example.org"
guard "$SUF" -- 'print(apigw.set_domain{ GroupId = "'$G'", DomainName = "x.one.example.com" }.DomainName)'
expect_rc 0 "guard: a domain inside the suffixes goes through"
before=$(lines "$T/guard_emu.log")
guard "$SUF" -- 'apigw.set_domain{ GroupId = "'$G'", DomainName = "move.example.com" }'
expect_rc 1 "guard: a domain outside the suffixes is refused"
expect_err 'SetDomain: GuardRefused: guard.lua: DomainName "move.example.com" is outside APIGW_ALLOWED_SUFFIXES (one.example.com, example.org)' \
    "with its own code and the reason"
guard "$SUF" -- 'apigw.set_domain{ GroupId = "'$G'", DomainName = "badone.example.com" }'
expect_rc 1 "guard: a name that only ends with the suffix's text is refused"
guard -- 'apigw.set_domain{ GroupId = "'$G'", DomainName = "move.example.com", IsForce = true }'
expect_rc 1 "guard: IsForce = true is refused"
expect_err "GuardRefused: guard.lua: IsForce = true moves the domain" "naming IsForce and the way to allow it"
write "$T/force_edit.lua" 'return { request = function(e) e.params.IsForce = true end }'
r -- "$A" --endpoint "$EMU_URL" --hook "$T/force_edit.lua" --hook "$HK/guard.lua" \
    -e 'apigw.set_domain{ GroupId = "'$G'", DomainName = "move.example.com" }'
expect_rc 1 "guard: IsForce set by an earlier request hook is refused too"
if [ "$(lines "$T/guard_emu.log")" = "$before" ]; then pass "guard: nothing refused was sent"
else fail "guard: a refused call reached the emulator"; fi
guard APIGW_ALLOW_FORCE=1 -- 'print(apigw.set_domain{ GroupId = "'$G'", DomainName = "move.example.com", IsForce = true }.DomainName)'
expect_rc 0 "guard: IsForce goes through with APIGW_ALLOW_FORCE=1"
guard -- 'print(apigw.call("DescribeDomain", { GroupId = "'$G'", DomainName = "move.example.com" }).DomainName)'
expect_rc 0 "guard: reads are never refused"
guard APIGW_ALLOW_FORCE=yes -- 'print(1)'
expect_rc 3 "guard: a bad APIGW_ALLOW_FORCE stops the run"
expect_err 'APIGW_ALLOW_FORCE must be 1 or 0, got "yes"' "and is named"
guard APIGW_ALLOWED_SUFFIXES=" , " -- 'print(1)'
expect_rc 3 "guard: an APIGW_ALLOWED_SUFFIXES without a suffix stops the run"
stop_pid "$EMU_PID"

echo "# dns_wait.lua"
python3 - "$SEED" "$T/seed_late.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["dns"]["late.example.com"] = {"cname": "11111111111111111111111111111111-cn-hangzhou.alicloudapi.com"}
json.dump(s, open(sys.argv[2], "w"))
PY
start_emulator --seed "$SEED" --log "$T/dns_a.log" || { fail "start emulator A"; finish; exit; }
A_PID=$EMU_PID A_URL=$EMU_URL
start_emulator --seed "$T/seed_late.json" --log "$T/dns_b.log" || { fail "start emulator B"; finish; exit; }
B_PID=$EMU_PID B_URL=$EMU_URL
echo "${A_URL##*:}" >"$T/target"
python3 "$SRC/tests/hooks/switch_proxy.py" "$T/target" 100 >"$T/proxy.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$T/proxy.out" && break; sleep 0.05; done
PROXY=http://127.0.0.1:$(sed -n 's/^listening on //p' "$T/proxy.out")
write "$T/dns_play.lua" 'local now = require("apigw.core").now
local done, other = false, { during = 0 }
local t = apigw.spawn(function()
  while not done do
    local ok = pcall(apigw.call, "DescribeApiGroup", { GroupId = "'$G'" })
    if ok then other.during = other.during + 1 end
    apigw.sleep(0.1)
  end
end)
local t0 = now()
local r = apigw.set_domain{ GroupId = "'$G'", DomainName = "late.example.com" }
done = true
t:wait()
print("BOUND", r.DomainName, ("%.1f"):format(now() - t0), other.during)'
env -i PATH=/usr/bin:/bin HOME="$H" "${KEY[@]}" APIGW_DNS_WAIT=30 "$A" --endpoint "$PROXY" --retries 5 \
    --hook "$HK/dns_wait.lua" "$T/dns_play.lua" >"$T/out" 2>"$T/err" &
play=$!
for _ in $(seq 200); do grep -q DomainNotResolved "$T/dns_a.log" && break; sleep 0.05; done
sleep 0.3
echo "${B_URL##*:}" >"$T/target" # the CNAME "propagates": new connections go to B
stop_pid "$A_PID"
wait $play
RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
expect_rc 0 "dns_wait: SetDomain binds once the record is visible"
expect_out "BOUND	late.example.com" "the answer is the binding"
expect_err "dns_wait: late.example.com not resolved yet, retrying in 1.0 s" "the wait is announced"
if grep -q '"code":"DomainNotResolved"' "$T/dns_a.log" && grep -q '"action":"SetDomain".*"status":200' "$T/dns_b.log"; then
    pass "DomainNotResolved first, then bound"
else fail "the emulators' logs do not show DomainNotResolved then a binding"; fi
during=$(sed -n 's/^BOUND.*	\([0-9]*\)$/\1/p' <<<"$OUT")
if [ "${during:-0}" -ge 3 ]; then pass "the other task kept calling while SetDomain waited ($during calls)"
else fail "the other task made ${during:-0} calls during the wait"; fi
start_emulator --seed "$SEED" --log "$T/dns_c.log" || { fail "start emulator C"; finish; exit; }
r APIGW_DNS_WAIT=1.5 -- "$A" --endpoint "$EMU_URL" --hook "$HK/dns_wait.lua" \
    -e 'local t0 = require("apigw.core").now(); local ok, e = pcall(apigw.set_domain, { GroupId = "'$G'", DomainName = "never.example.com" })
print("GAVEUP", e.code, e.attempts, require("apigw.core").now() - t0 >= 1.45)'
expect_rc 0 "dns_wait: gives up"
expect_out "GAVEUP	DomainNotResolved	3	true" "after waits of 1 and 0.5 s (APIGW_DNS_WAIT=1.5), the error stands"
r -- "$A" --endpoint "$EMU_URL" --hook "$HK/dns_wait.lua" \
    -e 'local ok, e = pcall(apigw.set_domain, { GroupId = "99999999999999999999999999999999", DomainName = "never.example.com" })
print("OTHER", e.code, e.attempts)'
expect_out "OTHER	NotFoundApiGroup	1" "dns_wait leaves other errors to the policy (one attempt)"
r APIGW_DNS_WAIT=soon -- "$A" --hook "$HK/dns_wait.lua" -e 'print(1)'
expect_rc 3 "dns_wait: a bad APIGW_DNS_WAIT stops the run"
stop_pid "$EMU_PID"

echo "# metrics.lua"
start_emulator --seed "$SEED" --log "$T/m.log" --fault 5xx:3 || { fail "start the emulator"; finish; exit; }
write "$T/m_play.lua" 'for i = 1, 6 do apigw.set_domain{ GroupId = "'$G'", DomainName = "m" .. i .. ".one.example.com" } end
for i = 1, 3 do apigw.call("DescribeApiGroup", { GroupId = "'$G'" }) end
pcall(apigw.call, "DescribeApiGroup", { GroupId = "99999999999999999999999999999999" })'
r -- "$A" --endpoint "$EMU_URL" --hook "$HK/metrics.lua" "$T/m_play.lua"
expect_rc 0 "a playbook with metrics.lua"
sleep 0.2
n503=$(grep -c '"status":503' "$T/m.log")
nreq=$(wc -l <"$T/m.log")
python3 - "$n503" "$nreq" >"$T/m.check" 2>&1 <<PY
import sys
n503, nreq = int(sys.argv[1]), int(sys.argv[2])
rows = {}
for line in open("$T/err"):
    f = line.split()
    if len(f) >= 10 and f[0] in ("SetDomain", "DescribeApiGroup"):
        rows[f[0]] = f
s, d = rows["SetDomain"], rows["DescribeApiGroup"]
assert s[1:4] == ["6", "6", "0"], s
assert d[1:4] == ["4", "3", "1"], d
attempts = int(s[4]) + int(d[4])
retries = int(s[5]) + int(d[5])
assert attempts == nreq, (attempts, nreq)
assert retries == n503, (retries, n503)
assert all(float(x) >= 0 for x in s[6:10]) and float(s[6]) <= float(s[7]) <= float(s[8]) <= float(s[9]), s
codes = " ".join(s[10:] + d[10:])
assert "ServiceUnavailable=" in codes and "NotFoundApiGroup=1" in codes, codes
print("metrics ok")
PY
if grep -q "metrics ok" "$T/m.check"; then pass "per action: calls, ok, failed, attempts and retries match the emulator's log; percentiles; codes"
else fail "metrics: $(cat "$T/m.check") | $(grep -A3 metrics "$T/err")"; fi
stop_pid "$EMU_PID"

echo "# junit.lua"
start_emulator --seed "$SEED" --fault 5xx:4 || { fail "start the emulator"; finish; exit; }
write "$T/refuse.lua" 'return { call = function(e)
  if e.action == "DeleteDomain" then error(apigw.Error.new{ code = "Refused", message = [[a <b> & "c"]] }, 0) end
end }'
r APIGW_JUNIT_FILE="$T/junit.xml" -- "$A" --endpoint "$EMU_URL" --hook "$HK/junit.lua" --hook "$T/refuse.lua" -e '
apigw.set_domain{ GroupId = "'$G'", DomainName = "j1.one.example.com" }
apigw.set_domain{ GroupId = "'$G'", DomainName = "j2.one.example.com" }
pcall(apigw.set_domain, { GroupId = "99999999999999999999999999999999", DomainName = "j3.one.example.com" })
pcall(apigw.call, "DeleteDomain", { GroupId = "'$G'", DomainName = "j1.one.example.com" })
apigw.call("DescribeApiGroup", { GroupId = "'$G'" })'
expect_rc 0 "a playbook with junit.lua"
python3 - "$T/junit.xml" >"$T/j.check" 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites" and root.get("tests") == "5" and root.get("failures") == "2", root.attrib
cases = root.findall("./testsuite/testcase")
names = [c.get("name") for c in cases]
assert names == ["SetDomain j1.one.example.com", "SetDomain j2.one.example.com", "SetDomain j3.one.example.com",
                 "DeleteDomain j1.one.example.com", "DescribeApiGroup " + "1" * 32], names
f = cases[2].find("failure")
assert f is not None and f.get("type") == "NotFoundApiGroup", cases[2]
f = cases[3].find("failure")
assert f is not None and f.get("type") == "Refused" and 'a <b> & "c"' in f.get("message"), f.attrib
assert all(cases[i].find("failure") is None for i in (0, 1, 4))
assert all(float(c.get("time")) >= 0 for c in cases)
assert cases[0].get("classname") == "apigw.SetDomain"
print("junit ok")
PY
if grep -q "junit ok" "$T/j.check"; then pass "the report: one testcase per call, failures with their code, text escaped"
else fail "junit: $(cat "$T/j.check")"; fi
stop_pid "$EMU_PID"
finish
