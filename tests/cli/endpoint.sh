#!/bin/bash
# Endpoints: --endpoint, apigw.client{endpoint=} and APIGW_ENDPOINT go through one parser,
# which checks the port (1 to 65535, digits only, not empty) and takes the scheme in any
# case. A bad --endpoint is a usage error (exit 2, "--endpoint: ..."), nothing sent; a bad
# client option raises InvalidOption naming 'endpoint'; a bad APIGW_ENDPOINT is a
# configuration error (exit 3) naming the variable.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903
KEYS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator)
SD="print(apigw.set_domain{GroupId='$GROUP', DomainName='api.example.com'}.DomainName)"

echo "# --endpoint with a bad port: exit 2 before anything runs"
for ep in http://127.0.0.1:99999 http://127.0.0.1:65536 http://127.0.0.1:abc \
    http://127.0.0.1:-1 http://127.0.0.1:80:80 http://127.0.0.1:0 127.0.0.1:99999; do
    run_env "${KEYS[@]}" -- "$A" --retries 0 --endpoint "$ep" -e "print('ran')"
    expect_rc 2 "--endpoint $ep"
    expect_err "apigw-lua: --endpoint: endpoint '$ep': the port must be a number from 1 to 65535" \
        "--endpoint $ep: the port problem named"
    [ -z "$OUT" ] && pass "--endpoint $ep: the playbook did not run" ||
        fail "--endpoint $ep: the playbook did not run"
done
run_env "${KEYS[@]}" -- "$A" --endpoint=http://127.0.0.1: -e "print('ran')"
expect_rc 2 "--endpoint http://127.0.0.1: (empty port: not silently port 80)"
expect_err "apigw-lua: --endpoint: endpoint 'http://127.0.0.1:': no port after ':'" \
    "the empty port named"
run "$A" --endpoint "http://[::1" -e ""
expect_rc 2 "--endpoint http://[::1 (no closing bracket)"
expect_err "apigw-lua: --endpoint: " "the bracket problem named"

echo "# a bad client option endpoint= raises InvalidOption naming the option"
for ep in http://127.0.0.1:99999 http://127.0.0.1: http://127.0.0.1:80:80; do
    run "$A" -e "local ok, e = pcall(apigw.client, {endpoint = '$ep'})
print(ok, e.code, e.kind, e.message)"
    expect_rc 0 "apigw.client{endpoint='$ep'} under pcall"
    expect_out "false	InvalidOption	client	apigw.client: option 'endpoint': endpoint '$ep': " \
        "apigw.client{endpoint='$ep'}: InvalidOption naming the option and the endpoint"
done
run "$A" -e "apigw.client{endpoint = 'http://127.0.0.1:abc'}"
expect_rc 1 "an uncaught bad endpoint= stops the playbook"
expect_err "apigw-lua: InvalidOption: apigw.client: option 'endpoint': endpoint 'http://127.0.0.1:abc': the port must be" \
    "printed with the option named"
expect_err "at (command line):1" "and the playbook line"

echo "# APIGW_ENDPOINT with a bad port: a configuration error naming the variable"
run_env "${KEYS[@]}" APIGW_ENDPOINT=http://127.0.0.1:99999 -- "$A" --retries 0 -e "$SD"
expect_rc 3 "APIGW_ENDPOINT=http://127.0.0.1:99999"
expect_err "InvalidEndpoint: APIGW_ENDPOINT: endpoint 'http://127.0.0.1:99999': the port" \
    "APIGW_ENDPOINT named"

echo "# an upper-case scheme is a valid URL"
if start_emulator; then
    UP=HTTP://${EMU_URL#http://}
    run_env "${KEYS[@]}" -- "$A" --endpoint "$UP" -e "$SD"
    expect_rc 0 "--endpoint $UP reaches the emulator"
    expect_out "api.example.com" "--endpoint HTTP://: the answer"
    run_env "${KEYS[@]}" -- "$A" --dry-run --endpoint "$UP" -e "print(apigw.call('DescribeApiGroups', {}).URL)"
    expect_out "$EMU_URL/" "the URL sent uses the scheme in lower case"
    run "$A" -e "local c = apigw.client{endpoint = '$UP', access_key_id = 'LTAIdemoAccessKeyId01',
  access_key_secret = 'demoAccessKeySecretForTheEmulator'}
print(c:set_domain{GroupId='$GROUP', DomainName='api.example.com'}.DomainName)"
    expect_rc 0 "apigw.client{endpoint='$UP'} reaches the emulator"
    expect_out "api.example.com" "client endpoint HTTP://: the answer"
else
    fail "start the emulator"
fi
finish
