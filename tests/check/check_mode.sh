#!/bin/bash
# --check against the emulator (docs/lua-api.md, "Check mode and drift"): reads reach the
# emulator, writes do not (its --log FILE is the proof: one line per request it received);
# each write answers {Check = true, Action, Params (masked), RequestId = "check"};
# apigw.check_mode says which mode runs; bad parameters still fail; hooks see e.check;
# --verbose and --trace say "check: not sent"; --check with --dry-run is a usage error.
# The same playbook without --check sends its writes (so the log would show them).
# Usage: check_mode.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR SEED
. "$(dirname "$0")/../cli/lib.sh"
SEED=${4:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR SEED}
A=$LUA_BIN
G=11111111111111111111111111111111
D=api.one.example.com # the seed has its CNAME (*.one.example.com)
E=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01
   ALIBABA_CLOUD_REGION_ID=cn-hangzhou)

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 30 \
    -subj "/CN=$D" -addext "subjectAltName=DNS:$D" 2>/dev/null || fail "openssl req"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/other.pem" 2>/dev/null ||
    fail "openssl genpkey"
sed -n '2p;3p;10p' "$T/key.pem" >"$T/forms" # lines of the key as they could leak

# lines of the emulator's log since line $1, as "ACTION status"
log_since() { tail -n +"$(($1 + 1))" "$T/emu.log" | sed -n 's/.*"action":"\([^"]*\)".*"status":\([0-9]*\).*/\1 \2/p'; }
log_lines() { [ -f "$T/emu.log" ] && wc -l <"$T/emu.log" || echo 0; }

# The playbook: a read, three typed writes, an unknown write and an unknown read through
# apigw.call; prints what each returned.
write "$T/play.lua" '
local G, D, certdir = "'$G'", "'$D'", arg[1]
local function show(tag, r)
  print(tag, r.Check, r.Action, r.RequestId, apigw.json.encode(r.Params or {}))
end
print("check_mode", apigw.check_mode, type(apigw.check_mode))
local g = apigw.describe_api_group{ GroupId = G }
print("read", g.GroupId, g.RequestId ~= "check")
show("set_domain", apigw.set_domain{ GroupId = G, DomainName = D, BindStageName = "RELEASE",
                                      IsHttpRedirectToHttps = true })
show("set_cert", apigw.set_domain_certificate{ GroupId = G, DomainName = D, CertificateName = "c1",
  CertificateBody = apigw.pem(certdir .. "/cert.pem"), CertificatePrivateKey = apigw.pem(certdir .. "/key.pem") })
show("delete_domain", apigw.delete_domain{ GroupId = G, DomainName = D })
local ok, r = pcall(apigw.call, "ModifySomethingNew", { GroupId = G, Flag = true })
if ok then show("unknown_write", r) else print("unknown_write", "sent", r.code) end
local ok, e = pcall(apigw.call, "DescribeSomethingNew", { GroupId = G })
print("unknown_read", ok, e.code)'

if ! start_emulator --seed "$SEED" --log "$T/emu.log"; then fail "start the emulator"; finish; exit; fi
U=(--endpoint "$EMU_URL" --retries 0)

echo "# --check: reads sent, writes not"
n0=$(log_lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check "$T/play.lua" "$T"
expect_rc 0 "the playbook runs through under --check"
expect_out $'check_mode\ttrue\tboolean' "apigw.check_mode is true"
expect_out $'read\t'$G$'\ttrue' "the read was answered by the service"
expect_out $'set_domain\ttrue\tSetDomain\tcheck\t' "set_domain: Check answer"
expect_out '"IsHttpRedirectToHttps":true' "Params keep the binding's shape (a boolean stays one)"
expect_out '"BindStageName":"RELEASE"' "Params hold what would have been sent"
expect_out $'set_cert\ttrue\tSetDomainCertificate\tcheck\t' "set_domain_certificate: Check answer"
expect_out '"CertificatePrivateKey":"***"' "the private key is masked in Params"
expect_out $'delete_domain\ttrue\tDeleteDomain\tcheck' "delete_domain: Check answer"
expect_out $'unknown_write\ttrue\tModifySomethingNew\tcheck' "apigw.call of an unknown non-Describe action is held back"
expect_out $'unknown_read\tfalse\tInvalidApi.NotFound' "apigw.call of an unknown Describe* action is sent (the service answered)"
got=$(log_since "$n0" | tr '\n' ',')
if [ "$got" = "DescribeApiGroup 200,DescribeSomethingNew 404," ]; then
    pass "the emulator received the two reads and nothing else"
else
    fail "the emulator's log under --check: [$got], want [DescribeApiGroup 200,DescribeSomethingNew 404,]"
fi
if grep -qF -f "$T/forms" "$T/out" "$T/err" "$T/emu.log"; then fail "the private key leaked"; else pass "no private key in output or log"; fi

echo "# the same playbook without --check writes (the log shows writes when there are)"
n0=$(log_lines)
run_env "${E[@]}" -- "$A" "${U[@]}" "$T/play.lua" "$T"
expect_rc 0 "the playbook runs through without --check"
expect_out $'check_mode\tfalse\tboolean' "apigw.check_mode is false"
expect_out $'set_domain\tnil\tnil\t' "set_domain: a real answer (no Check)"
expect_out $'unknown_write\tsent\tInvalidApi.NotFound' "the unknown write was sent (the emulator does not know it)"
got=$(log_since "$n0" | tr '\n' ',')
want="DescribeApiGroup 200,SetDomain 200,SetDomainCertificate 200,DeleteDomain 200,ModifySomethingNew 404,DescribeSomethingNew 404,"
[ "$got" = "$want" ] && pass "every write reached the emulator" || fail "the log without --check: [$got], want [$want]"

echo "# bad parameters are still refused under --check, before anything is sent"
n0=$(log_lines)
for c in "set_domain{GroupId='$G', DomainName='not a domain'}|InvalidDomainName" \
         "set_domain{GroupId='$G', DomainName='$D', GroupID='x'}|InvalidParameter" \
         "set_domain{DomainName='$D'}|MissingGroupId" \
         "set_domain{GroupId='$G', DomainName='$D', IsForce='true'}|InvalidIsForce" \
         "set_domain_certificate{GroupId='$G', DomainName='$D', CertificateName='c', CertificateBody=apigw.pem('$T/cert.pem'), CertificatePrivateKey=apigw.pem('$T/other.pem')}|CertificateKeyMismatch" \
         "set_domain_certificate{GroupId='$G', DomainName='other.example.org', CertificateName='c', CertificateBody=apigw.pem('$T/cert.pem'), CertificatePrivateKey=apigw.pem('$T/key.pem')}|CertificateDomainMismatch"; do
    stat=${c%|*} code=${c##*|}
    run_env "${E[@]}" -- "$A" "${U[@]}" --check -e "apigw.$stat"
    expect_rc 1 "$code under --check"
    expect_err "$code" "$code is the error"
done
[ "$(log_lines)" = "$n0" ] && pass "nothing of these reached the emulator" || fail "a refused call reached the emulator"

echo "# --verbose and --trace"
run_env "${E[@]}" -- "$A" "${U[@]}" --check --verbose "$T/play.lua" "$T"
expect_rc 0 "--check --verbose"
expect_err "apigw-lua: SetDomain check: not sent" "--verbose: SetDomain check: not sent"
expect_err "apigw-lua: DeleteDomain check: not sent" "--verbose: DeleteDomain check: not sent"
expect_err "apigw-lua: ModifySomethingNew check: not sent" "--verbose: the unknown write too"
expect_err "apigw-lua: DescribeApiGroup 200 RequestId" "--verbose: the read has its response line"
expect_no_err "DescribeApiGroup check: not sent" "--verbose: the read is not said to be held back"
expect_no_err "SetDomain 200" "--verbose: no response line for a held-back write"
run_env "${E[@]}" -- "$A" "${U[@]}" --check --trace "$T/play.lua" "$T"
expect_rc 0 "--check --trace"
expect_err "SetDomainCertificate check: not sent" "--trace: check: not sent"
expect_err "SetDomainCertificate check: parameters (secrets masked):" "--trace: the masked parameters"
expect_err '"CertificatePrivateKey":"***"' "--trace: the key masked"
if grep -qF -f "$T/forms" "$T/out" "$T/err"; then fail "--trace: the private key leaked"; else pass "--trace: no private key"; fi
run_env "${E[@]}" -- "$A" "${U[@]}" --check "$T/play.lua" "$T"
expect_no_err "check: not sent" "without --verbose nothing is said about held-back writes"

echo "# hooks: e.check"
write "$T/hook.lua" '
local seen = {}
local function rec(e)
  local extra = e.event == "done" and (" attempts=" .. e.attempts .. " answer.Check=" .. tostring(e.answer and e.answer.Check)) or ""
  io.stdout:write(("%s %s check=%s%s\n"):format(e.event, e.action or "-", tostring(e.check), extra))
end
return { id = "rec", start = rec, call = rec, request = rec, response = rec, retry = rec, error = rec,
         done = rec, finish = function(e) io.stdout:write(("finish check=%s status=%d\n"):format(tostring(e.check), e.status)) end }'
write "$T/hplay.lua" '
apigw.describe_api_group{ GroupId = "'$G'" }
apigw.set_domain{ GroupId = "'$G'", DomainName = "'$D'" }
apigw.call("CreateThing", { Name = "x" })'
n0=$(log_lines)
run_env "${E[@]}" -- "$A" "${U[@]}" --check --hook "$T/hook.lua" "$T/hplay.lua"
expect_rc 0 "a hooked playbook under --check"
want='start - check=true
call DescribeApiGroup check=false
request DescribeApiGroup check=false
response DescribeApiGroup check=false
done DescribeApiGroup check=false attempts=1 answer.Check=nil
call SetDomain check=true
request SetDomain check=true
done SetDomain check=true attempts=0 answer.Check=true
call CreateThing check=true
request CreateThing check=true
done CreateThing check=true attempts=0 answer.Check=true
finish check=true status=0'
[ "$OUT" = "$want" ] && pass "events: a read as usual (check=false); a write call, request, done (check=true, attempts 0)" ||
    fail "the events under --check:
$OUT
want:
$want"
[ "$(log_since "$n0" | tr '\n' ',')" = "DescribeApiGroup 200," ] && pass "only the read was sent" || fail "hooked run: $(log_since "$n0" | tr '\n' ',')"
run_env "${E[@]}" -- "$A" "${U[@]}" --hook "$T/hook.lua" -e 'apigw.call("DescribeApiGroup", {GroupId = "'$G'"})'
expect_rc 0 "a hooked run without --check"
expect_out "start - check=false" "start: check=false outside check mode"
expect_out "call DescribeApiGroup check=false" "call: check=false outside check mode"
expect_out "finish check=false status=0" "finish: check=false outside check mode"
# a call hook still refuses a held-back write, as in a real run
write "$T/guard.lua" '
apigw.on("call", function(e) if e.action ~= "DescribeApiGroup" then error(apigw.Error.new{ code = "GuardRefused", message = "no " .. e.action }, 0) end end, { id = "guard" })
apigw.on("error", function(e) print("error", e.action, e.check, e.error.code) end, { id = "seen" })'
run_env "${E[@]}" -- "$A" "${U[@]}" --check --hook "$T/guard.lua" -e 'apigw.set_domain{GroupId="'$G'", DomainName="'$D'"}'
expect_rc 1 "a refused write under --check fails the run"
expect_err "GuardRefused: no SetDomain" "the refusal is the error"
expect_out $'error\tSetDomain\ttrue\tGuardRefused' "the error event says check=true"

# audit.lua records a held-back write as such
SRC=$(cd "$(dirname "$0")/../.." && pwd)
: >"$T/audit.jsonl"
run_env "${E[@]}" APIGW_AUDIT_FILE="$T/audit.jsonl" -- "$A" "${U[@]}" --check \
    --hook "$SRC/scripts/hooks/audit.lua" "$T/hplay.lua"
expect_rc 0 "audit.lua under --check"
python3 - "$T/audit.jsonl" >"$T/audit.out" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["action"] for r in rows] == ["SetDomain", "CreateThing"], rows
for r in rows:
    assert r["check"] is True and r["request_id"] == "check" and r["attempts"] == 0, r
print("audit ok")
PY
grep -q "audit ok" "$T/audit.out" && pass "audit.lua: check = true, request_id check, attempts 0" ||
    fail "audit.lua under --check: $(cat "$T/audit.out")"

echo "# apigw.check_mode is read-only; --check with --dry-run"
run_env "${E[@]}" -- "$A" "${U[@]}" -e 'apigw.check_mode = true'
expect_rc 1 "assigning apigw.check_mode"
expect_err "apigw.check_mode is read-only: run apigw-lua with --check" "the error says how to turn it on"
run_env "${E[@]}" -- "$A" "${U[@]}" -e 'for k, v in pairs(apigw) do if k == "check_mode" then print(k, v) end end'
expect_out $'check_mode\tfalse' "pairs(apigw) lists check_mode"
n0=$(log_lines)
for order in "--check --dry-run" "--dry-run --check"; do
    # shellcheck disable=SC2086
    run_env "${E[@]}" -- "$A" "${U[@]}" $order "$T/play.lua" "$T"
    expect_rc 2 "$order is a usage error"
    expect_err "apigw-lua: --check and --dry-run cannot be used together" "$order: the message names both"
done
[ "$(log_lines)" = "$n0" ] && pass "nothing sent for a usage error" || fail "a usage error sent something"

stop_pid "$EMU_PID"
finish
