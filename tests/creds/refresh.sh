#!/bin/bash
# The refresh on the event loop (issue 11 §2): credentials that expire soon are refreshed
# once while 500 tasks are in flight; every call succeeds, no call is signed
# with an expired token (the emulator enforces expiry), and the twin's log has exactly one
# AssumeRole for the refresh. The emulator issues 60-second credentials: refreshed when 30 s
# (half their lifetime) are left.
. "$(dirname "$0")/../cli/lib.sh"
A=$LUA_BIN
ROLE=acs:ram::1234567890123456:role/deployer
write "$T/seed.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1","account":"demo"}],
 "groups":[{"GroupId":"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903","GroupName":"demo_group","region":"cn-hangzhou","account":"demo"}],
 "sts":{"roles":["'$ROLE'"],"duration_seconds":60}}'
start_emulator --seed "$T/seed.json" --log "$T/log" || exit 1
U=$EMU_URL
write "$T/p.lua" '
local first = apigw.call("DescribeApiGroups", {})
apigw.sleep(31) -- into the refresh window: 29 s of validity left
-- 500 tasks in flight at once (apigw.map caps its concurrency at 256: spawned directly)
local tasks = {}
for i = 1, 500 do
  tasks[i] = apigw.spawn(function() return apigw.call("DescribeApiGroups", {}).TotalCount end)
end
local ok = 0
for i = 1, 500 do if tasks[i]:wait() == 1 then ok = ok + 1 end end
print("bound=" .. ok)'
run_env ALIBABA_CLOUD_STS_ENDPOINT=$U APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou \
    ALIBABA_CLOUD_ACCESS_KEY_ID=AKIDcreds ALIBABA_CLOUD_ACCESS_KEY_SECRET=sekretCreds1 \
    ALIBABA_CLOUD_ROLE_ARN=$ROLE -- "$A" "$T/p.lua"
expect_rc 0 "500 calls across a refresh"
expect_out "bound=500" "every item answered"
n=$(grep -c '"action":"AssumeRole"' "$T/log")
[ "$n" = 2 ] && pass "exactly one refresh request (2 AssumeRole in all)" || fail "AssumeRole count $n (want 2)"
c=$(grep -c '"action":"DescribeApiGroups"' "$T/log")
[ "$c" = 501 ] && pass "501 API calls on the twin's log" || fail "API calls on the log: $c"
grep -q 'InvalidSecurityToken' "$T/log" && fail "a call signed with an expired or wrong token" || pass "zero calls signed with an expired token"
keys=$(grep '"action":"DescribeApiGroups"' "$T/log" | grep -o '"access_key_id":"STS[^"]*"' | sort -u | wc -l)
[ "$keys" = 2 ] && pass "calls signed with the old key, then the new one" || fail "signing keys seen: $keys"
grep -qE 'sekretCreds1|EmuSecret|EmuToken|"SecurityToken":"[^*"]' "$T/out" "$T/err" "$T/log" && fail "a secret in the output or the emulator's log" || pass "no secret (the seed's, or an issued one) in the output or the emulator's log"
finish
