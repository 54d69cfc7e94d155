#!/bin/bash
# Short-lived credentials under valgrind (label "valgrind"): apigw-lua fetches a RAM role's
# credentials, refreshes them while tasks are in flight, runs an External helper (the
# stepped process and its userdata), and falls back from a failing ECS step to the URI; and,
# in the background meanwhile, a settled ECS provider whose role is detached mid-run: the
# chain run again after expiry finds the URI (agw_lclient_rechain and settle).
# valgrind reports memory errors and definite or indirect leaks as exit status 99.
# Usage: valgrind.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR VALGRIND
. "$(dirname "$0")/../cli/lib.sh"
VG=(${4:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR VALGRIND} --leak-check=full
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 -q)
A=$LUA_BIN
ROLE=acs:ram::1234567890123456:role/deployer
write "$T/seed.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1","account":"demo"}],
 "groups":[{"GroupId":"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903","GroupName":"demo_group","region":"cn-hangzhou","account":"demo"}],
 "sts":{"roles":["'$ROLE'"],"duration_seconds":60}}'
start_emulator --seed "$T/seed.json" --log "$T/log" || exit 1
U=$EMU_URL
BASE=(ALIBABA_CLOUD_STS_ENDPOINT=$U APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou)

# The chain run again (62 s, in the background while the rest runs): the playbook detaches
# the metadata role after its first call.
write "$T/seed-md.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1","account":"demo"}],
 "groups":[{"GroupId":"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903","GroupName":"demo_group","region":"cn-hangzhou","account":"demo"}],
 "sts":{"duration_seconds":60},"metadata":{"role":"apigw-deployer"}}'
start_emulator --seed "$T/seed-md.json" || exit 1
UM=$EMU_URL
write "$T/rechain.lua" 'local function call() return apigw.call("DescribeApiGroups", {}).TotalCount end
call()
assert(os.execute("curl -s -X POST '"$UM"'/__emulator/metadata/detach >/dev/null"))
apigw.sleep(31) call()
apigw.sleep(30) print("rechained=" .. call())'
env -i PATH=/usr/bin:/bin HOME="$H" APIGW_ENDPOINT=$UM ALIBABA_CLOUD_REGION_ID=cn-hangzhou \
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true APIGW_ECS_METADATA_ENDPOINT=$UM \
    ALIBABA_CLOUD_CREDENTIALS_URI=$UM/__emulator/credentials \
    "${VG[@]}" "$A" "$T/rechain.lua" >"$T/rechain.out" 2>"$T/rechain.err" </dev/null &
RECHAIN=$!

# The refresh: 60-second credentials are refreshed 30 s before they expire.
write "$T/refresh.lua" '
apigw.call("DescribeApiGroups", {})
apigw.sleep(31)
local tasks = {}
for i = 1, 20 do
  tasks[i] = apigw.spawn(function() return apigw.call("DescribeApiGroups", {}).TotalCount end)
end
local ok = 0
for i = 1, 20 do if tasks[i]:wait() == 1 then ok = ok + 1 end end
print("bound=" .. ok)'
run_env "${BASE[@]}" ALIBABA_CLOUD_ACCESS_KEY_ID=AKIDcreds ALIBABA_CLOUD_ACCESS_KEY_SECRET=sekretCreds1 \
    ALIBABA_CLOUD_ROLE_ARN=$ROLE -- "${VG[@]}" "$A" --verbose "$T/refresh.lua"
expect_rc 0 "a RAM role fetched and refreshed under valgrind"
expect_out "bound=20" "every call answered"
n=$(grep -c '"action":"AssumeRole"' "$T/log")
[ "$n" = 2 ] && pass "the fetch and one refresh (2 AssumeRole)" || fail "AssumeRole count $n (want 2)"

# An External helper, stepped while the loop runs; then one killed at its limit.
ID=$(curl -s "$U/__emulator/credentials")
KID=$(sed 's/.*"AccessKeyId":"\([^"]*\)".*/\1/' <<<"$ID"); KS=$(sed 's/.*"AccessKeySecret":"\([^"]*\)".*/\1/' <<<"$ID"); KT=$(sed 's/.*"SecurityToken":"\([^"]*\)".*/\1/' <<<"$ID")
write "$T/helper.sh" '#!/bin/sh
[ -e '"$T"'/hang ] && sleep 100
sleep 0.2
echo "{\"mode\":\"StsToken\",\"access_key_id\":\"'$KID'\",\"access_key_secret\":\"'$KS'\",\"sts_token\":\"'$KT'\"}"'
chmod +x "$T/helper.sh"
write "$H/.aliyun/config.json" '{"current":"vault","profiles":[{"name":"vault","mode":"External","process_command":"'"$T"'/helper.sh"}]}'
write "$T/p.lua" 'print("groups=" .. apigw.call("DescribeApiGroups", {}).TotalCount)'
run_env "${BASE[@]}" -- "${VG[@]}" "$A" "$T/p.lua"
expect_rc 0 "an External helper under valgrind"
expect_out "groups=1" "the call made with the helper's credentials"
touch "$T/hang"
run_env "${BASE[@]}" APIGW_CREDENTIAL_PROCESS_TIMEOUT=1 -- "${VG[@]}" "$A" "$T/p.lua"
expect_rc 3 "a helper killed at its limit under valgrind (no valgrind error: 99)"
expect_err "was killed" "the limit named"
rm -f "$H/.aliyun/config.json"

# The ECS step failing, the URI behind it answering.
run_env "${BASE[@]}" ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true APIGW_ECS_METADATA_ENDPOINT=http://127.0.0.1:1 \
    ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials -- "${VG[@]}" "$A" "$T/p.lua"
expect_rc 0 "the ECS step to the URI under valgrind"
expect_out "groups=1" "the call made with the URI's credentials"

wait "$RECHAIN"
RC=$?
OUT=$(cat "$T/rechain.out")
ERR=$(cat "$T/rechain.err")
expect_rc 0 "a settled ECS provider broken mid-run, the chain run again, under valgrind"
expect_out "rechained=1" "the call after expiry made with the URI's credentials"
expect_err "the credential chain run again gave environment (ALIBABA_CLOUD_CREDENTIALS_URI)" "the switch named"
finish
