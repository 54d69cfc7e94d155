#!/bin/bash
# TLS verification: on by default (a self-signed certificate fails with code "tls"),
# --insecure prints a warning and gets past it, --ca-bundle FILE (or ca_bundle=) with that
# certificate as CA verifies. The emulator serves https with --tls-cert/--tls-key; the
# certificates are made here with the openssl CLI.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903
KEYS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator)

if ! command -v openssl >/dev/null; then
    fail "the openssl CLI is needed to make test certificates"
    finish
    exit
fi
mkcert() { # mkcert NAME SUBJECT SAN
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/$1.key" -out "$T/$1.pem" -days 2 \
        -subj "$2" -addext "subjectAltName=$3" 2>"$T/openssl.err" ||
        { cat "$T/openssl.err"; return 1; }
}
mkcert good "/CN=127.0.0.1" "IP:127.0.0.1,DNS:localhost" || fail "make the certificate"
mkcert other "/CN=127.0.0.1" "IP:127.0.0.1" || fail "make another certificate"
mkcert wrongname "/CN=example.invalid" "DNS:example.invalid" || fail "make a wrong-name certificate"

P="local ok, r = pcall(apigw.set_domain, {GroupId='$GROUP', DomainName='api.example.com'})
if ok then print('OK', r.DomainName) else print('ERR', r.code, r.kind, tostring(r)) error(r, 0) end"

if start_emulator --tls-cert "$T/good.pem" --tls-key "$T/good.key"; then
    case $EMU_URL in https://127.0.0.1:*) pass "the emulator serves https ($EMU_URL)" ;;
    *) fail "the emulator serves https: got '$EMU_URL'" ;; esac

    run_env "${KEYS[@]}" -- "$A" --endpoint "$EMU_URL" -e "$P"
    expect_rc 1 "self-signed certificate, default settings"
    expect_out "ERR	tls	network" "the error has code tls, kind network"
    expect_err "apigw-lua: SetDomain: tls: " "printed as apigw-lua: SetDomain: tls: ..."
    expect_no_err "warning" "no warning without --insecure"

    run_env "${KEYS[@]}" -- "$A" --insecure --endpoint "$EMU_URL" -e "$P"
    expect_rc 0 "--insecure gets past TLS"
    expect_out "OK	api.example.com" "--insecure: the answer"
    expect_err "apigw-lua: warning: --insecure: TLS certificates are NOT verified" "--insecure prints a warning"

    run_env "${KEYS[@]}" -- "$A" --insecure --dry-run --endpoint "$EMU_URL" -e "$P"
    expect_err "warning: --insecure" "--insecure warns under --dry-run too"

    run_env "${KEYS[@]}" -- "$A" --ca-bundle "$T/good.pem" --endpoint "$EMU_URL" -e "$P"
    expect_rc 0 "--ca-bundle with the server's certificate verifies"
    expect_out "OK	api.example.com" "--ca-bundle: the answer"
    expect_no_err "warning" "--ca-bundle: no warning"

    run_env "${KEYS[@]}" -- "$A" --ca-bundle="$T/good.pem" --endpoint="$EMU_URL" -e "$P"
    expect_rc 0 "--ca-bundle=FILE --endpoint=URL forms"

    run_env "${KEYS[@]}" -- "$A" --ca-bundle "$T/other.pem" --endpoint "$EMU_URL" -e "$P"
    expect_rc 1 "--ca-bundle with an unrelated CA"
    expect_out "ERR	tls	network" "unrelated CA: code tls"

    run_env "${KEYS[@]}" -- "$A" --ca-bundle "$T/no-such-bundle.pem" --endpoint "$EMU_URL" -e "$P"
    expect_rc 2 "--ca-bundle naming a missing file is a usage error"
    expect_err "no-such-bundle.pem" "the missing CA bundle is named"
    expect_no_err "SetDomain" "nothing was attempted"

    E="apigw.client{endpoint='$EMU_URL', access_key_id='LTAIdemoAccessKeyId01',
      access_key_secret='demoAccessKeySecretForTheEmulator'"
    run "$A" -e "local c = $E}
local ok, e = pcall(c.set_domain, c, {GroupId='$GROUP', DomainName='api.example.com'})
print(ok, e.code)"
    expect_out "false	tls" "a client with default options verifies (code tls)"
    run "$A" -e "local c = $E, ca_bundle='$T/good.pem'}
print(c:set_domain{GroupId='$GROUP', DomainName='api.example.com'}.DomainName)"
    expect_rc 0 "client option ca_bundle= verifies"
    expect_out "api.example.com" "ca_bundle=: the answer"
    run "$A" -e "local c = $E, insecure=true}
print(c:set_domain{GroupId='$GROUP', DomainName='api.example.com'}.DomainName)"
    expect_rc 0 "client option insecure=true gets past TLS"
    run "$A" -e "local ok, e = pcall(apigw.client, {endpoint='$EMU_URL', ca_bundle='$T/no-such-bundle.pem'})
print(ok, e.code, e.message)"
    expect_out "false	InvalidOption" "client option ca_bundle= naming a missing file is refused when the client is made"
    expect_out "no-such-bundle.pem" "the missing ca_bundle is named"
    run "$A" --insecure -e "local c = $E, insecure=false}
local ok, e = pcall(c.set_domain, c, {GroupId='$GROUP', DomainName='api.example.com'})
print(ok, e and e.code)"
    expect_out "false	tls" "insecure=false in the client wins over --insecure"
    stop_pid "$EMU_PID"
else
    fail "start the emulator with TLS"
fi

if start_emulator --tls-cert "$T/wrongname.pem" --tls-key "$T/wrongname.key"; then
    run_env "${KEYS[@]}" -- "$A" --ca-bundle "$T/wrongname.pem" --endpoint "$EMU_URL" -e "$P"
    expect_rc 1 "a trusted certificate for another host name"
    expect_out "ERR	tls	network" "host name mismatch: code tls"
    stop_pid "$EMU_PID"
else
    fail "start the emulator with the wrong-name certificate"
fi

finish
