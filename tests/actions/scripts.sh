#!/bin/bash
# The example playbooks of issue 9 (scripts/certificates.lua, inventory.lua, cleanup.lua):
# each against one apigw-emulator process holding a fixture (domains with certificates near
# and far from expiry, one without, one ABNORMAL), and each with --emulate on the built-in seed.
# Usage: scripts.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
G1=aaaa1111bbbb2222cccc3333dddd4444
DEMO=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903
CREDS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIactionsKey0001 ALIBABA_CLOUD_ACCESS_KEY_SECRET=actionsSecret0001
       ALIBABA_CLOUD_REGION_ID=cn-hangzhou)

mk() { bash "$SRC/tests/actions/mkcert.sh" "$T" "$@" || { fail "mkcert $1"; finish; exit 1; }; }
mk old 5 '*.conf.example.com'
mk fresh 400 '*.conf.example.com'
mk new 365 '*.conf.example.com'
mk noicp 3 x.noicp.example.net

start_emulator --seed "$SRC/tests/actions/seed.json" || { fail "emulator"; finish; exit 1; }
lua() { run_env "${CREDS[@]}" -- "$LUA_BIN" --endpoint "$EMU_URL" "$@"; }

# the fixture
lua -e "
local G, T = '$G1', '$T'
local function read(p) local f = assert(io.open(p)); local s = f:read('a'); f:close(); return s end
local function cert(d, n) apigw.set_domain_certificate{ GroupId = G, DomainName = d, CertificateName = n,
  CertificateBody = read(T .. '/' .. n .. '.pem'), CertificatePrivateKey = read(T .. '/' .. n .. '.key') } end
for _, d in ipairs{ 'a.conf.example.com', 'b.conf.example.com', 'c.conf.example.com', 'd.conf.example.com',
                    'x.noicp.example.net' } do apigw.set_domain{ GroupId = G, DomainName = d } end
cert('a.conf.example.com', 'old'); cert('b.conf.example.com', 'old'); cert('c.conf.example.com', 'fresh')
cert('x.noicp.example.net', 'noicp')
apigw.set_domain_websocket_status{ GroupId = G, DomainName = 'c.conf.example.com', ActionValue = 'OPEN' }"
expect_rc 0 "the fixture is set up"

# certificates.lua
lua "$SRC/scripts/certificates.lua" $G1 30 "$T/new.pem" "$T/new.key" renewed
expect_rc 1 "certificates.lua: one renewal fails (the new certificate does not cover x.noicp.example.net)"
expect_out "renewed         a.conf.example.com (old until" "a is renewed"
expect_out "renewed         b.conf.example.com (old until" "b is renewed"
expect_out "still valid     c.conf.example.com (fresh until" "c keeps its certificate"
expect_out "no certificate  d.conf.example.com" "d has none and is left alone"
expect_out "FAILED          x.noicp.example.net: SetDomainCertificate: CertificateDomainMismatch" "x fails, found before sending (the certificate check)"
expect_out "5 domains, 3 due within 30 days, 2 renewed, 1 failed" "the summary"
expect_err "1 of 3 renewals failed" "the error says how many"
lua -e "
for d, want in pairs{ a = 'renewed', b = 'renewed', c = 'fresh', x = 'noicp' } do
  local name = d == 'x' and 'x.noicp.example.net' or d .. '.conf.example.com'
  local got = apigw.describe_domain{ GroupId = '$G1', DomainName = name }
  assert(got.CertificateName == want, name .. ' has ' .. tostring(got.CertificateName))
  if want == 'renewed' then
    local days = (got.CertificateValidEnd // 1000 - os.time()) // 86400
    assert(days >= 360, name .. ' is valid for ' .. days .. ' days only')
  end
end
assert(apigw.describe_domain{ GroupId = '$G1', DomainName = 'd.conf.example.com' }.CertificateName == nil)"
expect_rc 0 "the service holds the renewed certificates, and only those"
lua "$SRC/scripts/certificates.lua" $G1 30 "$T/new.pem" "$T/new.key" renewed
expect_out "still valid     a.conf.example.com (renewed until" "a second run leaves the renewed ones alone"
expect_out "5 domains, 1 due within 30 days, 0 renewed, 1 failed" "only x is still due"
lua "$SRC/scripts/certificates.lua" $G1 30 "$T/missing.pem" "$T/new.key"
expect_rc 1 "certificates.lua with a missing file"
expect_err "the certificate: apigw.pem: cannot read $T/missing.pem: file not found" "names the file and why (apigw.pem)"
# a file that is no PEM is refused before anything is sent,
# not once per due domain by the certificate check
printf 'not a key\n' >"$T/notpem.txt"
lua "$SRC/scripts/certificates.lua" $G1 0 "$T/new.pem" "$T/notpem.txt"
expect_rc 1 "certificates.lua with a private key file that is no PEM"
expect_err "the private key: apigw.pem: $T/notpem.txt is not a PEM file (no -----BEGIN line)" "names the file and why"
if [ -z "$OUT" ]; then pass "nothing is listed or sent"; else fail "it went on: $OUT"; fi
lua "$SRC/scripts/certificates.lua" $G1
expect_rc 1 "certificates.lua without its arguments"
expect_err "usage: certificates.lua GROUP DAYS CERT.pem KEY.pem" "prints its usage"

# inventory.lua, as a table and as JSON
lua "$SRC/scripts/inventory.lua"
expect_rc 0 "inventory.lua"
expect_out "conformance_one  $G1  (cn-hangzhou)" "a group's line"
expect_out "  status normal (NORMAL), billing paid up (NORMAL), legal normal (NORMAL)" "the group's statuses in words"
expect_out "    binding    active                     (BINDING)" "binding in words beside the value"
expect_out "    traffic    blocked                    (ABNORMAL): The domain name does not have an ICP filing." "ABNORMAL with its remark"
expect_out "    websocket  WebSocket on               (OPEN)" "WebSocket in words"
expect_out "    certificate renewed, valid until" "the certificate and its expiry"
expect_out "conformance_two  eeee5555ffff6666aaaa7777bbbb8888  (cn-hangzhou)" "the second group"
expect_out "  no custom domains" "a group without domains"
expect_out "2 groups, 5 custom domains" "the totals"
lua "$SRC/scripts/inventory.lua" json
expect_rc 0 "inventory.lua json"
printf '%s' "$OUT" >"$T/inventory.json"
run "$LUA_BIN" -e "
local f = assert(io.open('$T/inventory.json')); local j = apigw.json.decode(f:read('a')); f:close()
assert(#j.groups == 2, 'two groups')
local g = j.groups[1]
assert(g.GroupId == '$G1' and g.billing == 'paid up' and g.BillingStatus == 'NORMAL', 'group fields')
assert(#g.domains == 5, 'five domains')
local by = {}
for _, d in ipairs(g.domains) do by[d.DomainName] = d end
local x = by['x.noicp.example.net']
assert(x.legal == 'blocked' and x.DomainLegalStatus == 'ABNORMAL' and x.DomainRemark ~= '', 'ABNORMAL in words and raw')
assert(by['c.conf.example.com'].websocket == 'WebSocket on', 'websocket')
assert(by['a.conf.example.com'].certificate.days_left >= 360, 'days left')
assert(by['d.conf.example.com'].certificate.words == 'no certificate', 'no certificate')
print('json ok')"
expect_out "json ok" "the JSON has every group and domain, words beside raw values"
lua "$SRC/scripts/inventory.lua" yaml
expect_rc 1 "inventory.lua with an unknown format"

# cleanup.lua, twice: the second run finds everything gone
printf 'domain,group\n%s\n' "a.conf.example.com,$G1" "b.conf.example.com,$G1" "c.conf.example.com,$G1" \
    "d.conf.example.com,$G1" "x.noicp.example.net,$G1" "never.conf.example.com,$G1" \
    "a.conf.example.com,00000000000000000000000000000000" "# a comment" "" >"$T/list.csv"
lua "$SRC/scripts/cleanup.lua" "$T/list.csv"
expect_rc 0 "cleanup.lua"
expect_out "deleted       a.conf.example.com                       group $G1 (had certificate renewed)" "a deleted"
expect_out "already gone  never.conf.example.com                   group $G1 (not bound)" "an unbound domain is already gone"
expect_out "already gone  a.conf.example.com                       group 00000000000000000000000000000000 (group not found)" "so is one of a missing group"
expect_out "7 domains: 5 deleted, 2 already gone, 0 failed" "the summary"
lua "$SRC/scripts/cleanup.lua" "$T/list.csv"
expect_rc 0 "cleanup.lua again"
expect_out "7 domains: 0 deleted, 7 already gone, 0 failed" "the second run changes nothing"
lua "$SRC/scripts/inventory.lua"
expect_out "2 groups, 0 custom domains" "the domains are gone"
printf '%s\n' "bad..name,$G1" "e.conf.example.com,$G1" >"$T/bad.csv"
lua "$SRC/scripts/cleanup.lua" "$T/bad.csv"
expect_rc 1 "cleanup.lua with a bad name in the list"
expect_out "FAILED        bad..name" "the bad line fails, by name"
expect_out "already gone  e.conf.example.com" "the other lines still run"
lua --dry-run "$SRC/scripts/cleanup.lua" "$T/list.csv"
expect_rc 0 "cleanup.lua --dry-run"
expect_out "7 domains: 0 deleted, 0 already gone, 0 failed, 7 dry-run" "a dry run deletes nothing"

# --emulate, on the built-in seed
run "$LUA_BIN" --emulate "$SRC/scripts/inventory.lua"
expect_rc 0 "inventory.lua --emulate"
expect_out "demo_group  $DEMO  (cn-hangzhou)" "the demo group"
run "$LUA_BIN" --emulate "$SRC/scripts/cleanup.lua" "$SRC/scripts/domains.csv"
expect_rc 0 "cleanup.lua --emulate scripts/domains.csv"
expect_out "0 deleted, 4 already gone, 0 failed" "nothing was bound"
run "$LUA_BIN" --emulate -e "
apigw.set_domain{ GroupId = '$DEMO', DomainName = 'api.example.com' }
arg = { '$DEMO', '30', '$T/new.pem', '$T/new.key' }
dofile('$SRC/scripts/certificates.lua')"
expect_rc 0 "certificates.lua --emulate"
expect_out "no certificate  api.example.com" "a domain without a certificate is listed"
expect_out "1 domains, 0 due within 30 days, 0 renewed, 0 failed" "nothing due"
finish
