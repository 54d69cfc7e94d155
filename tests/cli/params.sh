#!/bin/bash
# What reaches the wire is what the playbook gave, or nothing:
# - a parameter name or value holding a NUL byte is refused (InvalidParameter naming the
#   parameter; the value, which may be a secret, is never quoted), for apigw.call and
#   apigw.set_domain, under --dry-run too; an option string with a NUL is refused by name;
# - a request whose URL would exceed 16384 bytes is refused locally (RequestTooLarge, kind
#   client, naming the limit and the largest parameter), not sent and reported as network.
# The emulator's request log shows that nothing was sent.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903
KEYS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator)

start_emulator --log "$T/emu.log" || { fail "start the emulator"; finish; exit; }
sent() { [ -s "$T/emu.log" ] && wc -l <"$T/emu.log" || echo 0; }
E=(--endpoint "$EMU_URL" --retries 0)

# run_call WHAT LUA-EXPR-FOR-THE-CALL: prints ok, code, kind, message of pcall(...)
run_call() {
    run_env "${KEYS[@]}" -- "$A" "${E[@]}" -e "local ok, e = pcall($1)
print(ok, ok and 'answer' or e.code, ok and '' or e.kind, ok and '' or e.message)"
}

expect_no_out() { contains "$OUT" "$1" && fail "$2: stdout has '$1'" || pass "$2"; }

echo "# NUL in a parameter"
BEFORE=$(sent)
run_call "apigw.call, 'DescribeApiGroups', {GroupId = 'abc\\0DEF'}"
expect_rc 0 "apigw.call with GroupId = 'abc\\0DEF'"
expect_out "false	InvalidParameter	client	parameter 'GroupId' holds a NUL byte" \
    "refused as InvalidParameter naming GroupId"
expect_no_out "DEF" "the value is not quoted"
run_call "apigw.call, 'DescribeApiGroups', {['Group\\0Id'] = 'abc'}"
expect_out "false	InvalidParameter	client	parameter name 'Group\\0Id' holds a NUL byte" \
    "a name with a NUL: refused, the name shown with \\0"
run_call "apigw.call, 'DescribeApiGroups', {Tag = {{Key = 'k', Value = 'v\\0w'}}}"
expect_out "false	InvalidParameter	client	parameter 'Tag.1.Value' holds a NUL byte" \
    "a flattened parameter with a NUL: named as sent (Tag.1.Value)"
run_call "apigw.set_domain, {GroupId = '$GROUP\\0DEF', DomainName = 'api.example.com'}"
expect_out "false	Invalid" "apigw.set_domain with a NUL in GroupId is refused"
expect_out "GroupId" "the set_domain refusal names GroupId"
run_call "apigw.set_domain, {GroupId = '$GROUP', DomainName = 'api.example.com\\0evil'}"
expect_out "false	Invalid" "apigw.set_domain with a NUL in DomainName is refused"
expect_out "DomainName" "the set_domain refusal names DomainName"
run_call "apigw.set_domain, {GroupId = '$GROUP', DomainName = 'api.example.com', BindStageName = 'RELEASE\\0x'}"
expect_out "false	Invalid" "apigw.set_domain with a NUL in BindStageName is refused"
expect_out "BindStageName" "the set_domain refusal names BindStageName"
[ "$(sent)" = "$BEFORE" ] && pass "nothing was sent for any of them" ||
    fail "nothing was sent for any of them ($BEFORE -> $(sent) requests in the log)"
run_env "${KEYS[@]}" -- "$A" --dry-run "${E[@]}" -e "apigw.call('DescribeApiGroups', {GroupId = 'abc\\0DEF'})"
expect_rc 1 "--dry-run: a NUL is refused too (uncaught: exit 1)"
expect_err "apigw-lua: DescribeApiGroups: InvalidParameter: parameter 'GroupId' holds a NUL byte" \
    "--dry-run: printed with the action"
run_call "apigw.call, 'DescribeApiGroups', {GroupId = 'abc'}"
expect_out "true	answer" "a clean parameter still goes through"

echo "# NUL in an option string"
for k in endpoint region profile access_key_id; do
    run "$A" -e "local o = {access_key_id = 'LTAIx', access_key_secret = 'sec'}
o.$k = (o.$k or 'x') .. '\\0tail'
local ok, e = pcall(apigw.client, o) print(ok, e.code, e.message)"
    expect_out "false	InvalidOption	apigw.client: option '$k' holds a NUL byte" \
        "apigw.client{$k = '...\\0...'} refused by name"
done
run "$A" -e "local ok, e = pcall(apigw.client, {access_key_id = 'LTAIx', access_key_secret = 'SeCr\\0EtVaLuE'})
print(ok, e.code, e.message)"
expect_out "false	InvalidOption	apigw.client: option 'access_key_secret' holds a NUL byte" \
    "access_key_secret with a NUL refused by name"
expect_no_out "SeCr" "the secret is not quoted (before the NUL)"
expect_no_out "EtVaLuE" "the secret is not quoted (after the NUL)"

echo "# a request too large for a URL"
BEFORE=$(sent)
for sig in v3 rpc; do
    run_call "function()
  local c = apigw.client{endpoint = '$EMU_URL', signature = '$sig', retries = 0}
  return c:call('DescribeApiGroups', {GroupName = ('a'):rep(10 * 1024 * 1024)})
end"
    expect_rc 0 "$sig: a 10 MiB parameter under pcall"
    expect_out "false	RequestTooLarge	client	the request URL would be " "$sig: RequestTooLarge, kind client"
    expect_out "more than the 16384 bytes apigw-lua sends in a URL" "$sig: the limit named"
    expect_out "largest parameter 'GroupName' (10485760 bytes)" "$sig: the largest parameter named"
done
run_call "apigw.call, 'DescribeApiGroups', {GroupName = ('a'):rep(17000)}"
expect_out "false	RequestTooLarge	client" "a 17000-byte parameter is refused"
[ "$(sent)" = "$BEFORE" ] && pass "nothing was sent for them" ||
    fail "nothing was sent for them ($BEFORE -> $(sent) requests in the log)"
run_env "${KEYS[@]}" -- "$A" --dry-run "${E[@]}" -e "apigw.call('DescribeApiGroups', {GroupName = ('a'):rep(20000)})"
expect_rc 1 "--dry-run: a too large request is refused too"
expect_err "DescribeApiGroups: RequestTooLarge: " "--dry-run: printed with the action"
run_call "apigw.call, 'DescribeApiGroups', {GroupName = ('a'):rep(15000)}"
expect_out "true	answer" "a 15000-byte parameter fits and is answered"
finish
