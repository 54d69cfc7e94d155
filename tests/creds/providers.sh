#!/bin/bash
# Short-lived credentials end to end against the emulator's twins (docs/credentials.md):
# RAM role from the environment, config.json (RamRoleArn, ChainableRamRoleArn with an STS
# source, a cycle), INI ram_role_arn, client options; OIDC with a rotated token file; ECS
# metadata (IMDSv2, a tokenless ask refused, IMDSv1 disabled or used as the fallback; the
# URI behind a failing ECS step); credentials URI (and an error code); external process
# (garbage, a hang killed at its limit); a provider that is down (exit 3); no secret in any
# output. The refresh under load: tests/creds/refresh.sh.
. "$(dirname "$0")/../cli/lib.sh"
A=$LUA_BIN
ROLE=acs:ram::1234567890123456:role/deployer
PROV=acs:ram::1234567890123456:oidc-provider/ci
write "$T/seed.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1","account":"demo"}],
 "groups":[{"GroupId":"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903","GroupName":"demo_group","region":"cn-hangzhou","account":"demo"}],
 "sts":{"roles":["'$ROLE'"],"oidc_providers":["'$PROV'"],"duration_seconds":3600},
 "metadata":{"role":"apigw-deployer","imdsv1":false}}'
start_emulator --seed "$T/seed.json" --log "$T/log" --state "$T/state.json" || exit 1
U=$EMU_URL
write "$T/p.lua" 'local a = apigw.call("DescribeApiGroups", {}) print("groups=" .. a.TotalCount)'
BASE=(ALIBABA_CLOUD_STS_ENDPOINT=$U APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou)
AK=(ALIBABA_CLOUD_ACCESS_KEY_ID=AKIDcreds ALIBABA_CLOUD_ACCESS_KEY_SECRET=sekretCreds1)
nlog() { grep -c "\"action\":\"$1\"" "$T/log"; }
# Secrets: the seed's, every one the twins issue (they carry the markers EmuSecret, EmuToken
# and EmuImdsT: emulator/model/issued.c), the OIDC token. Every run's stdout and stderr is
# checked (run_env is wrapped), the main run of each provider with --verbose --trace; the
# emulators' logs, state file and output are checked at the end.
SECRETS='sekretCreds1|EmuSecret|EmuToken|EmuImdsT|oidc-token-one|"AccessKeySecret"|"SecurityToken":"[^*"]'
NRUNS=0
LEAKS=()
eval "plain_$(declare -f run_env)"
run_env() {
    plain_run_env "$@"
    NRUNS=$((NRUNS + 1))
    if grep -qE "$SECRETS" "$T/out" "$T/err"; then
        LEAKS+=("run $NRUNS ($*): $(grep -ohE "$SECRETS" "$T/out" "$T/err" | sort -u | tr '\n' ' ')")
    fi
}
no_secret() { # WHAT: the last run's output (checked by run_env too; named here)
    if grep -qE "$SECRETS" "$T/out" "$T/err" "$T/log"; then
        fail "$1: a secret or token in the output or the emulator's log"
    else pass "$1: no secret in stdout, stderr or the emulator's log"; fi
}
: >"$T/log"
run_env "${BASE[@]}" "${AK[@]}" ALIBABA_CLOUD_ROLE_ARN=$ROLE ALIBABA_CLOUD_ROLE_SESSION_NAME=ci-run-1 -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "ALIBABA_CLOUD_ROLE_ARN over the environment's AccessKey"
expect_out "groups=1" "the call made with the assumed role's credentials"
expect_err "role $ROLE as session ci-run-1" "--verbose names the role and the session"
expect_err "string to sign (source token masked)" "--trace shows the AssumeRole string to sign"
[ "$(nlog AssumeRole)" = 1 ] && pass "one AssumeRole" || fail "one AssumeRole: $(nlog AssumeRole)"
grep '"action":"DescribeApiGroups"' "$T/log" | grep -q '"access_key_id":"STS\.' && pass "the API call signed with an issued STS key" || fail "API call not signed with the STS key"
no_secret "env role"

# config.json: a chain prod -> mid (RamRoleArn over an AK): the second AssumeRole is signed
# with the first one's STS credentials (and their token).
write "$H/.aliyun/config.json" '{"current":"prod","profiles":[
 {"name":"mid","mode":"RamRoleArn","access_key_id":"AKIDcreds","access_key_secret":"sekretCreds1","ram_role_arn":"'$ROLE'","ram_session_name":"mid-s"},
 {"name":"prod","mode":"ChainableRamRoleArn","source_profile":"mid","ram_role_arn":"'$ROLE'","ram_session_name":"prod-s","region_id":"cn-hangzhou"},
 {"name":"loop1","mode":"ChainableRamRoleArn","source_profile":"loop2","ram_role_arn":"'$ROLE'"},
 {"name":"loop2","mode":"ChainableRamRoleArn","source_profile":"loop1","ram_role_arn":"'$ROLE'"},
 {"name":"vault","mode":"External","process_command":"'"$T"'/helper.sh \"two words\""},
 {"name":"uri","mode":"CredentialsURI","credentials_uri":"'$U'/__emulator/credentials"},
 {"name":"urifail","mode":"CredentialsURI","credentials_uri":"'$U'/__emulator/credentials?code=Forbidden.Token"},
 {"name":"ecs","mode":"EcsRamRole"}]}'
: >"$T/log"
run_env "${BASE[@]}" -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "ChainableRamRoleArn prod -> mid"
[ "$(nlog AssumeRole)" = 2 ] && pass "two AssumeRole for a chain of two" || fail "chain: $(nlog AssumeRole) AssumeRole"
grep '"action":"AssumeRole"' "$T/log" | tail -1 | grep -q '"access_key_id":"STS\.' && pass "the outer role assumed with the inner role's STS key" || fail "outer AssumeRole not signed with STS"
grep '"RoleSessionName":"prod-s"' "$T/log" | grep -q '"SecurityToken":"\*\*\*"' && pass "with the source's token (masked in the log)" || fail "no SecurityToken on the chained AssumeRole"
no_secret "chain"

run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=loop1 -- "$A" "$T/p.lua"
expect_rc 3 "a source_profile cycle"
expect_err "source_profile makes a cycle: 'loop1' -> 'loop2' -> 'loop1'" "the cycle named"

# The client option on top of another credential.
write "$T/opt.lua" 'local c = apigw.client{role_arn = "'$ROLE'", role_session_name = "pb-1"}
print("groups=" .. c:call("DescribeApiGroups", {}).TotalCount)'
: >"$T/log"
run_env "${BASE[@]}" "${AK[@]}" -- "$A" --verbose --trace "$T/opt.lua"
expect_rc 0 "apigw.client{role_arn=} over the environment"
no_secret "client role_arn"
grep -q '"RoleSessionName":"pb-1"' "$T/log" && pass "role_session_name sent" || fail "role_session_name not sent"

run_env "${BASE[@]}" "${AK[@]}" ALIBABA_CLOUD_ROLE_ARN=acs:ram::1234567890123456:role/nobody -- "$A" "$T/p.lua"
expect_rc 3 "an unknown role"
expect_err "EntityNotExist.Role" "the STS code named"
expect_err "STS AssumeRole of acs:ram::1234567890123456:role/nobody" "the provider named"

# INI ram_role_arn
write "$H/.alibabacloud/credentials" '[default]
type = ram_role_arn
access_key_id = AKIDcreds
access_key_secret = sekretCreds1
role_arn = '$ROLE'
role_session_name = ini-s'
: >"$T/log"
run_env "${BASE[@]}" ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "INI type = ram_role_arn"
no_secret "INI ram_role_arn"
grep -q '"RoleSessionName":"ini-s"' "$T/log" && pass "INI session name sent" || fail "INI session name"
rm -f "$H/.alibabacloud/credentials"

# OIDC: the token file is read at each fetch; a rotated (bad) token shows it was re-read.
printf 'eyJhbGciOiJSUzI1NiJ9.oidc-token-one\n' >"$T/token"
OIDC=(ALIBABA_CLOUD_ROLE_ARN=$ROLE ALIBABA_CLOUD_OIDC_PROVIDER_ARN=$PROV ALIBABA_CLOUD_OIDC_TOKEN_FILE=$T/token ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)
: >"$T/log"
run_env "${BASE[@]}" "${OIDC[@]}" -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "OIDC from the environment"
no_secret "OIDC"
grep '"action":"AssumeRoleWithOIDC"' "$T/log" | grep -q '"OIDCToken":"\*\*\*"' && pass "AssumeRoleWithOIDC, token masked in the log" || fail "no AssumeRoleWithOIDC"
grep '"action":"AssumeRoleWithOIDC"' "$T/log" | grep -q '"access_key_id":null' && pass "AssumeRoleWithOIDC unsigned" || fail "AssumeRoleWithOIDC carried a key"
grep -q 'oidc-token-one' "$T/log" "$T/out" "$T/err" && fail "the OIDC token in some output" || pass "the OIDC token in no output"
printf 'x\n' >"$T/token"
run_env "${BASE[@]}" "${OIDC[@]}" -- "$A" "$T/p.lua"
expect_rc 3 "a rotated token file that holds no token"
expect_err "does not hold a token" "the token file re-read and refused"
run_env "${BASE[@]}" ALIBABA_CLOUD_ROLE_ARN=$ROLE ALIBABA_CLOUD_OIDC_PROVIDER_ARN=$PROV -- "$A" "$T/p.lua"
expect_rc 3 "a partial OIDC trio"
expect_err "ALIBABA_CLOUD_OIDC_TOKEN_FILE is not set" "the missing variable named"

# ECS metadata: IMDSv2 token, role discovered; a seed without IMDSv1 refuses tokenless asks.
: >"$T/log"
run_env "${BASE[@]}" APIGW_ECS_METADATA_ENDPOINT=$U ALIBABA_CLOUD_PROFILE=ecs -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "config.json EcsRamRole"
no_secret "ECS (IMDSv2)"
grep -q '"action":"metadata /latest/api/token"' "$T/log" && pass "IMDSv2 token asked first" || fail "no IMDSv2 token request"
run_env "${BASE[@]}" APIGW_ECS_METADATA_ENDPOINT=$U ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true -- "$A" "$T/p.lua"
expect_rc 0 "the chain's ECS step (APIGW_ECS_METADATA_ENDPOINT set)"
run_env "${BASE[@]}" APIGW_ECS_METADATA_ENDPOINT=$U ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true ALIBABA_CLOUD_ECS_METADATA_DISABLED=true -- "$A" "$T/p.lua"
expect_rc 3 "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"
expect_err "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true" "the skipped step named"

# IMDSv1 refused: a metadata service without the token endpoint (seed imdsv2 false). With
# ALIBABA_CLOUD_IMDSV1_DISABLED=true the chain refuses to ask without a token and says so;
# without it, it falls back to asking without one.
write "$T/seed-v1.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1","account":"demo"}],
 "groups":[{"GroupId":"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903","GroupName":"demo_group","region":"cn-hangzhou","account":"demo"}],
 "metadata":{"role":"apigw-deployer","imdsv1":true,"imdsv2":false}}'
start_emulator --seed "$T/seed-v1.json" --log "$T/log1" || exit 1
U1=$EMU_URL
ECS1=(APIGW_ENDPOINT=$U1 APIGW_ECS_METADATA_ENDPOINT=$U1 ALIBABA_CLOUD_REGION_ID=cn-hangzhou ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)
run_env "${ECS1[@]}" ALIBABA_CLOUD_IMDSV1_DISABLED=true -- "$A" "$T/p.lua"
expect_rc 3 "no IMDSv2 token and ALIBABA_CLOUD_IMDSV1_DISABLED=true"
expect_err "could not get credentials from ECS instance metadata" "the provider named"
expect_err "(IMDSv2 token): HTTP 404" "the token request's failure named"
expect_err "ALIBABA_CLOUD_IMDSV1_DISABLED=true forbids asking without a token" "the refusal says why"
grep -q '"action":"metadata /latest/meta-data/ram/security-credentials' "$T/log1" && fail "asked for credentials without a token although IMDSv1 is disabled" || pass "nothing asked without a token"
: >"$T/log1"
run_env "${ECS1[@]}" -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "no IMDSv2 token: the IMDSv1 fallback"
expect_out "groups=1" "the call made with the instance role's credentials"
expect_err "asking without one (IMDSv1)" "--verbose names the fallback"
[ "$(grep -c '"action":"metadata /latest/api/token"' "$T/log1")" = 1 ] && pass "the token asked for once, first" || fail "token requests: $(grep -c 'api/token' "$T/log1")"
grep -q '"action":"metadata /latest/meta-data/ram/security-credentials/apigw-d' "$T/log1" && pass "the role's credentials asked for without a token (the log cuts the path at 50 bytes)" || fail "no tokenless credentials request"
grep '"action":"DescribeApiGroups"' "$T/log1" | grep -q '"access_key_id":"STS\.' && pass "the API call signed with the instance role's STS key" || fail "the API call not signed with an STS key"
stop_pid "$EMU_PID"
write "$T/seed-none.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1"}],"metadata":{"role":"r","imdsv1":false,"imdsv2":false}}'
run "$EMU_BIN" --listen 127.0.0.1:0 --seed "$T/seed-none.json"
expect_rc 3 "a seed with neither IMDSv1 nor IMDSv2"
expect_err "metadata.imdsv1 and metadata.imdsv2 are both false" "the seed's contradiction named"
write "$T/seed-bad.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1"}],"metadata":{"role":"r","imdsv2":"no"}}'
run "$EMU_BIN" --listen 127.0.0.1:0 --seed "$T/seed-bad.json"
expect_rc 3 "metadata.imdsv2 not a boolean"
expect_err "metadata.imdsv2 must be true or false" "the key named"

# The ECS step applies but gives nothing: the credentials URI behind it is tried (spec
# credentials.md §1.1, each provider in turn); when both fail, the error names both. When
# the metadata service answers, the URI is never asked.
FB=(APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)
: >"$T/log"
run_env "${FB[@]}" APIGW_ECS_METADATA_ENDPOINT=http://127.0.0.1:1 ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "ECS down: the credentials URI, the chain's next step"
expect_out "groups=1" "the call made with the URI's credentials"
expect_err "credentials provider: ECS instance metadata (then environment (ALIBABA_CLOUD_CREDENTIALS_URI) if it gives nothing)" "--verbose shows the fallback"
expect_err "ECS instance metadata gave nothing" "--verbose says the ECS step gave nothing"
expect_err "trying environment (ALIBABA_CLOUD_CREDENTIALS_URI), the chain's next step" "--verbose names the next step"
expect_err "environment (ALIBABA_CLOUD_CREDENTIALS_URI) gave STS." "the URI gave the credentials"
run_env "${FB[@]}" APIGW_ECS_METADATA_ENDPOINT=http://127.0.0.1:1 "ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials?code=Forbidden.Vault" -- "$A" "$T/p.lua"
expect_rc 3 "ECS down and the URI refusing"
expect_err "could not get credentials from ECS instance metadata: ECS metadata http://127.0.0.1:1" "the ECS step and its cause named"
expect_err "; nor from environment (ALIBABA_CLOUD_CREDENTIALS_URI), the chain's next step: credentials URI $U/__emulator/credentials: the answer's Code is 'Forbidden.Vault'" "the URI and its cause named"
run_env "${FB[@]}" APIGW_ECS_METADATA_ENDPOINT=$U ALIBABA_CLOUD_CREDENTIALS_URI=http://127.0.0.1:1/never -- "$A" --verbose "$T/p.lua"
expect_rc 0 "ECS answering: the URI behind it not needed"
expect_err "credentials: ECS instance metadata gave STS." "the ECS step gave the credentials"
expect_no_err "the chain's next step" "the URI not tried"

# Credentials URI
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=uri -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "config.json CredentialsURI"
no_secret "credentials URI"
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=urifail -- "$A" "$T/p.lua"
expect_rc 3 "a URI answering an error code"
expect_err "Code is 'Forbidden.Token'" "the code named"
run_env "${BASE[@]}" ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "ALIBABA_CLOUD_CREDENTIALS_URI"
run_env "${BASE[@]}" ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=1 -- "$A" "$T/p.lua"
expect_rc 3 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=1 blocks the URI"

# External process: POSIX words, stderr passed through, garbage refused, a hang killed.
ID=$(curl -s "$U/__emulator/credentials")
KID=$(sed 's/.*"AccessKeyId":"\([^"]*\)".*/\1/' <<<"$ID"); KS=$(sed 's/.*"AccessKeySecret":"\([^"]*\)".*/\1/' <<<"$ID"); KT=$(sed 's/.*"SecurityToken":"\([^"]*\)".*/\1/' <<<"$ID")
write "$T/helper.sh" '#!/bin/sh
[ "$1" = "two words" ] || { echo "helper: bad argument [$1]" >&2; exit 2; }
echo "helper: handing out keys" >&2
case "$(cat '"$T"'/mode)" in
garbage) echo "not json at all" ;;
slow) sleep 1; echo "{\"mode\":\"StsToken\",\"access_key_id\":\"'$KID'\",\"access_key_secret\":\"'$KS'\",\"sts_token\":\"'$KT'\"}" ;;
hang) sleep 100 & echo $! >'"$T"'/child; wait ;;
*) echo "{\"mode\":\"StsToken\",\"access_key_id\":\"'$KID'\",\"access_key_secret\":\"'$KS'\",\"sts_token\":\"'$KT'\"}" ;;
esac'
chmod +x "$T/helper.sh"
echo ok >"$T/mode"
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=vault -- "$A" --verbose --trace "$T/p.lua"
expect_rc 0 "mode External"
no_secret "External process"
expect_err "helper: handing out keys" "the helper's stderr passed through"
grep -q "$KS" "$T/out" "$T/err" && fail "a process's secret printed" || pass "the process's secret in no output"
# The event loop runs while the helper does: a task ticking every 20 ms goes on during the
# helper's 1 s (a blocking run would give it no tick before the call returns).
echo slow >"$T/mode"
write "$T/tick.lua" 'local ticks = 0
local t = apigw.spawn(function() for _ = 1, 100 do apigw.sleep(0.02) ticks = ticks + 1 end end)
local a = apigw.call("DescribeApiGroups", {})
print("groups=" .. a.TotalCount .. " ticks=" .. ticks)'
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=vault -- "$A" "$T/tick.lua"
expect_rc 0 "a slow helper"
ticks=$(sed -n 's/.*ticks=\([0-9]*\).*/\1/p' "$T/out")
[ "${ticks:-0}" -ge 20 ] && pass "the loop ran while the helper did ($ticks ticks of 20 ms)" || fail "the loop was blocked by the helper (${ticks:-no} ticks)"
echo garbage >"$T/mode"
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=vault -- "$A" "$T/p.lua"
expect_rc 3 "a process printing garbage"
expect_err "its output is not a JSON object" "garbage named, not shown"
expect_no_err "not json at all" "the output not echoed"
echo hang >"$T/mode"
t0=$(date +%s)
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=vault APIGW_CREDENTIAL_PROCESS_TIMEOUT=2 -- "$A" "$T/p.lua"
t1=$(date +%s)
expect_rc 3 "a process that hangs"
expect_err "did not finish within 2.0 s and was killed" "killed at its limit"
[ $((t1 - t0)) -lt 10 ] && pass "the hang cost about the limit ($((t1 - t0)) s)" || fail "the hang took $((t1 - t0)) s"
# (its own child by pid: another test's "sleep 100" may be running meanwhile)
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null); [ -n "$s" ] && [ "${s#Z}" = "$s" ]; } # a zombie is dead
[ -s "$T/child" ] && ! alive "$(cat "$T/child")" && pass "the helper's process group killed" || fail "the helper's child survived (or never started)"
run_env "${BASE[@]}" ALIBABA_CLOUD_PROFILE=vault ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=true -- "$A" "$T/p.lua"
expect_rc 3 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=true blocks External"

# The provider down: no call can be made, exit 3 with the provider and the cause.
run_env ALIBABA_CLOUD_STS_ENDPOINT=http://127.0.0.1:1 APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou "${AK[@]}" ALIBABA_CLOUD_ROLE_ARN=$ROLE -- "$A" "$T/p.lua"
expect_rc 3 "STS down"
expect_err "could not get credentials from environment (ALIBABA_CLOUD_ROLE_ARN" "the provider named"
expect_err "connect" "the cause named"

# Plain http only for loopback STS endpoints.
run_env ALIBABA_CLOUD_STS_ENDPOINT=http://sts.example.com APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou "${AK[@]}" ALIBABA_CLOUD_ROLE_ARN=$ROLE -- "$A" "$T/p.lua"
expect_rc 3 "plain http STS off loopback"
expect_err "plain http is accepted only for a loopback address" "refused with the reason"
# Every run's output, and the emulators' files: no secret anywhere.
if [ ${#LEAKS[@]} -eq 0 ]; then pass "no secret in the stdout or stderr of any of the $NRUNS runs"
else for l in "${LEAKS[@]}"; do fail "a secret in the output of $l"; done; fi
files=("$T"/log "$T"/log1 "$T"/state.json "$T"/emu.*)
found=$(grep -lE "$SECRETS" "${files[@]}" 2>/dev/null)
[ -z "$found" ] && pass "no secret in the emulators' logs, state file or output (${#files[@]} files)" || fail "a secret in $found"
finish
