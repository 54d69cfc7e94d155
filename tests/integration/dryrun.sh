#!/usr/bin/env bash
# --dry-run against a separate apigw-emulator process: the playbook gets its DryRun
# tables, and the emulator's request log shows that nothing reached it.
set -u
LUA_BIN=$1 EMU_BIN=$2 SRC=$3
tmp=$(mktemp -d)
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -rf "$tmp"' EXIT
"$EMU_BIN" --listen 127.0.0.1:0 --seed "$SRC/integration/seed.json" --log "$tmp/log" > "$tmp/out" 2>&1 &
emu=$!
for _ in $(seq 100); do grep -q "^listening on" "$tmp/out" && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$tmp/out" | head -1)
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); echo "ok   $1"; else fail=$((fail+1)); echo "FAIL $1"; fi; }
check "emulator started" '[ -n "$url" ]'
ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01 \
  "$LUA_BIN" --dry-run --endpoint "$url" "$SRC/integration/test_dryrun.lua" "$SRC/lua/testlib.lua" \
  > "$tmp/stdout" 2> "$tmp/stderr"
rc=$?
cat "$tmp/stdout"
check "dry-run playbook passed" '[ $rc -eq 0 ]'
check "stderr shows the request line" 'grep -q "dry-run: POST $url/?" "$tmp/stderr"'
check "stderr shows signed headers" 'grep -q "x-acs-signature-nonce:" "$tmp/stderr"'
# a real request afterwards proves the log works, so an empty log before it means something
ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIintegrationKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=integrationSecret01 \
  "$LUA_BIN" --endpoint "$url" -e 'apigw.call("DescribeApiGroup", {GroupId = "11111111111111111111111111111111"})'
check "a real call afterwards succeeds" '[ $? -eq 0 ]'
sleep 0.2
check "the emulator logged exactly one request: the real one" '[ "$(wc -l < "$tmp/log")" -eq 1 ]'
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
