#!/bin/bash
# A settled provider that breaks mid-run (issue 11, left open; docs/credentials.md "When the
# provider that was working breaks"). The twins issue 60-second credentials, refreshed 30 s
# before they expire. Each playbook calls at 0 s, 31 s (the refresh is due and fails: the
# call is signed with the old credentials, with one warning) and 61 s (they have expired: the
# chain is run again, once). Four runs at once against one emulator:
#   A  ECS metadata, the role detached at 3 s, ALIBABA_CLOUD_CREDENTIALS_URI behind it: the
#      re-run finds the URI; the third call is signed with its credentials;
#   B  the same with a URI that refuses: exit 3, the message names both failures;
#   C  OIDC, the token file removed at 3 s: exit 3 naming both;
#   D  an External helper that starts failing at 3 s: exit 3 naming both.
. "$(dirname "$0")/../cli/lib.sh"
A=$LUA_BIN
ROLE=acs:ram::1234567890123456:role/deployer
PROV=acs:ram::1234567890123456:oidc-provider/ci
write "$T/seed.json" '{"access_keys":[{"id":"AKIDcreds","secret":"sekretCreds1","account":"demo"}],
 "groups":[{"GroupId":"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903","GroupName":"demo_group","region":"cn-hangzhou","account":"demo"}],
 "sts":{"roles":["'$ROLE'"],"oidc_providers":["'$PROV'"],"duration_seconds":60},
 "metadata":{"role":"apigw-deployer"}}'
start_emulator --seed "$T/seed.json" --log "$T/log" || exit 1
U=$EMU_URL
write "$T/p.lua" 'local function call(tag)
  print(tag .. " groups=" .. apigw.call("DescribeApiGroups", {}).TotalCount)
  io.stdout:flush()
end
call("t0")
apigw.sleep(31) call("t31")
apigw.sleep(30) call("t61")'
write "$T/helper.sh" '#!/bin/sh
[ -e '"$T"'/sealed ] && { echo "vault: sealed" >&2; exit 1; }
j=$(curl -s '"$U"'/__emulator/credentials)
id=$(echo "$j" | sed "s/.*\"AccessKeyId\":\"\([^\"]*\)\".*/\1/")
sk=$(echo "$j" | sed "s/.*\"AccessKeySecret\":\"\([^\"]*\)\".*/\1/")
tk=$(echo "$j" | sed "s/.*\"SecurityToken\":\"\([^\"]*\)\".*/\1/")
ex=$(echo "$j" | sed "s/.*\"Expiration\":\"\([^\"]*\)\".*/\1/")
echo "{\"mode\":\"StsToken\",\"access_key_id\":\"$id\",\"access_key_secret\":\"$sk\",\"sts_token\":\"$tk\",\"expiration\":\"$ex\"}"'
chmod +x "$T/helper.sh"
mkdir -p "$T/hd/.aliyun"
write "$T/hd/.aliyun/config.json" '{"current":"vault","profiles":[{"name":"vault","mode":"External","process_command":"'"$T"'/helper.sh"}]}'
printf 'eyJhbGciOiJSUzI1NiJ9.oidc-token-one\n' >"$T/token"
COMMON=(PATH=/usr/bin:/bin APIGW_ENDPOINT=$U ALIBABA_CLOUD_REGION_ID=cn-hangzhou)
ECS=(HOME=$H ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true APIGW_ECS_METADATA_ENDPOINT=$U)
go() { # go NAME VAR=value... : one playbook in the background, its output in $T/NAME.*
    local n=$1; shift
    env -i "${COMMON[@]}" "$@" "$A" "$T/p.lua" >"$T/$n.out" 2>"$T/$n.err" </dev/null &
    echo $! >"$T/$n.pid"
}
go A "${ECS[@]}" ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials
go B "${ECS[@]}" "ALIBABA_CLOUD_CREDENTIALS_URI=$U/__emulator/credentials?code=Forbidden.Vault"
go C HOME=$H ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true ALIBABA_CLOUD_STS_ENDPOINT=$U ALIBABA_CLOUD_ROLE_ARN=$ROLE \
   ALIBABA_CLOUD_OIDC_PROVIDER_ARN=$PROV ALIBABA_CLOUD_OIDC_TOKEN_FILE=$T/token
go D HOME=$T/hd
sleep 3
curl -s -X POST "$U/__emulator/metadata/detach" >"$T/hook.out"
rm -f "$T/token"
touch "$T/sealed"
for n in A B C D; do wait "$(cat "$T/$n.pid")"; echo $? >"$T/$n.rc"; done
grep -q detached "$T/hook.out" && pass "the metadata twin's role detached by the test hook" || fail "the hook answered: $(cat "$T/hook.out")"
res() { RC=$(cat "$T/$1.rc"); OUT=$(cat "$T/$1.out"); ERR=$(cat "$T/$1.err"); }

res A
expect_rc 0 "A: ECS broken mid-run, the URI behind it"
expect_out "t31 groups=1" "A: the call in the refresh window made with the old credentials"
expect_out "t61 groups=1" "A: the call after their expiry made with the URI's"
expect_err "warning: credentials: refreshing ECS instance metadata failed (ECS metadata $U (credentials of role apigw-deployer): HTTP 404" "A: one warning while the old ones are valid"
[ "$(grep -c 'still signing with the current ones' "$T/A.err")" = 1 ] && pass "A: warned once" || fail "A: warned $(grep -c 'still signing' "$T/A.err") times"
expect_err "warning: credentials: ECS instance metadata broke; the credential chain run again gave environment (ALIBABA_CLOUD_CREDENTIALS_URI)" "A: the switch named"
res B
expect_rc 3 "B: ECS broken mid-run, the URI refusing"
expect_out "t31 groups=1" "B: the call in the refresh window made with the old credentials"
expect_err "credentials from ECS instance metadata expired at" "B: the settled provider named"
expect_err "could not be refreshed: ECS metadata $U (credentials of role apigw-deployer): HTTP 404" "B: its failure named"
expect_err "; the credential chain run again: ECS instance metadata: ECS metadata $U (role name): HTTP 404" "B: then the re-run's (the role is gone)"
expect_err "nor from environment (ALIBABA_CLOUD_CREDENTIALS_URI), the chain's next step: credentials URI $U/__emulator/credentials: the answer's Code is 'Forbidden.Vault'" "B: the URI's failure named"
res C
expect_rc 3 "C: the OIDC token file gone mid-run"
expect_out "t31 groups=1" "C: the call in the refresh window made with the old credentials"
expect_err "warning: credentials: refreshing environment (ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE) failed (OIDC token file $T/token cannot be read: file not found); still signing with the current ones, valid until" "C: warned while valid"
expect_err "cannot be read" "C: the token file named"
expect_err "; the credential chain run again: environment (ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE): OIDC token file $T/token cannot be read" "C: the re-run's failure named too"
res D
expect_rc 3 "D: the External helper failing mid-run"
expect_out "t31 groups=1" "D: the call in the refresh window made with the old credentials"
expect_err "vault: sealed" "D: the helper's stderr passed through"
expect_err "exited with status 1 (its stderr says why); the credential chain run again: profile 'vault' (mode External) in $T/hd/.aliyun/config.json: external process $T/helper.sh exited with status 1" "D: both failures named"
# on the twin: A's three calls, two keys (the metadata's, then the URI's), none expired
grep -q 'InvalidSecurityToken' "$T/log" && fail "a call signed with an expired token" || pass "no call signed with an expired token"
[ "$FAIL" -gt 0 ] && for n in A B C D; do sed "s/^/       $n.err| /" "$T/$n.err"; done
SECRETS='sekretCreds1|EmuSecret|EmuToken|EmuImdsT|oidc-token-one|"SecurityToken":"[^*"]'
grep -qE "$SECRETS" "$T"/?.out "$T"/?.err "$T/log" && fail "a secret in some output" || pass "no secret in any output or the emulator's log"
finish
