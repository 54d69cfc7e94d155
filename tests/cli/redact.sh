#!/bin/bash
# A private key given to SetDomainCertificate never appears in what apigw-lua prints or
# returns: --dry-run (stderr and the answer as JSON), --trace, --verbose, error messages
# (also when a server echoes its string to sign with the key in it), for V3 and RPC, GET
# and POST. Also the signature, which is shown as *** on every path.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903

# the key's material as it would leak: a line of it raw, percent-encoded once and twice
LINE=MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
write "$T/forms" "$LINE
-----BEGIN PRIVATE KEY-----
BEGIN%20PRIVATE%20KEY
BEGIN%2520PRIVATE%2520KEY"
no_key() { # no_key WHAT
    if grep -qF -f "$T/forms" "$T/out" "$T/err"; then
        fail "$1: the private key is in the output: $(grep -ohF -f "$T/forms" "$T/out" "$T/err" | sort -u | tr '\n' ' ')"
    else
        pass "$1: no private key in the output"
    fi
}

write "$T/p.lua" '
local sig, method, endpoint, action = arg[1], arg[2], arg[3], arg[4] or "SetDomainCertificate"
local KEY = "-----BEGIN PRIVATE KEY-----\n'$LINE'\n-----END PRIVATE KEY-----\n"
local c = apigw.client{ signature = sig, method = method, endpoint = endpoint ~= "" and endpoint or nil, retries = 0 }
local ok, r = pcall(c.call, c, action, { GroupId = "'$GROUP'",
  DomainName = "api.example.com", CertificateName = "c", CertificateBody = "BODY",
  CertificatePrivateKey = KEY })
print(ok, tostring(r))
print(apigw.json.encode(r))'

# SetDomainCertificate sends the key in its body (POST only: a GET client is refused); an
# action outside the action table sends it in the URL, where it is masked just the same.
for sig in v3 rpc; do
    for method in POST GET; do
        action=SetDomainCertificate
        [ $method = GET ] && action=MadeUpAction
        run_env ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIx ALIBABA_CLOUD_ACCESS_KEY_SECRET=sx -- \
            "$A" --dry-run --trace --region cn-hangzhou "$T/p.lua" $sig $method "" $action
        expect_rc 0 "dry run ($sig $method $action)"
        expect_out '"DryRun":true' "the dry run's answer ($sig $method)"
        expect_err "CertificatePrivateKey" "the key's parameter is shown, masked ($sig $method)"
        no_key "--dry-run --trace ($sig $method)"
        if grep -qE 'Signature=[^*&[:space:]]' "$T/out" "$T/err"; then
            fail "the signature is shown in clear ($sig $method): $(grep -ohE 'Signature=[^*&[:space:]]+' "$T/out" "$T/err" | head -2)"
        else
            pass "the signature is shown as *** everywhere ($sig $method)"
        fi
    done
done

echo "# a server that echoes its string to sign (as the RPC service does), key included"
cat >"$T/echo_server.py" <<'PY'
import http.server, json, urllib.parse
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode()
        q = urllib.parse.urlsplit(self.path).query
        pairs = urllib.parse.parse_qsl(q + "&" + body, keep_blank_values=True)
        pairs = sorted((k, v) for k, v in pairs if k != "Signature")
        enc = lambda s: urllib.parse.quote(s, safe="-_.~")
        canon = "&".join(enc(k) + "=" + enc(v) for k, v in pairs)
        sts = self.command + "&%2F&" + enc(canon)
        out = json.dumps({"RequestId": "ECHO-1", "HostId": "127.0.0.1", "Code": "SignatureDoesNotMatch",
            "Message": "Specified signature is not matched with our calculation. server string to sign is:" + sts}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    do_GET = do_POST = do_any
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("listening on http://127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$T/echo_server.py" >"$T/echo.out" 2>"$T/echo.err" &
ECHO_PID=$!
PIDS+=($ECHO_PID)
for _ in $(seq 100); do ECHO_URL=$(sed -n '1s/^listening on //p' "$T/echo.out"); [ -n "$ECHO_URL" ] && break; sleep 0.05; done
for method in POST GET; do
    action=SetDomainCertificate
    [ $method = GET ] && action=MadeUpAction
    run_env ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIx ALIBABA_CLOUD_ACCESS_KEY_SECRET=sx -- \
        "$A" --verbose --trace "$T/p.lua" rpc $method "$ECHO_URL" $action
    expect_rc 0 "echo server: the failure is caught ($method)"
    expect_out "SignatureDoesNotMatch" "echo server: SignatureDoesNotMatch ($method)"
    expect_out "CertificatePrivateKey%3D***" "echo server: the key's value masked in the message ($method)"
    no_key "echo server: error message, --verbose, --trace ($method)"
done
stop_pid "$ECHO_PID"

finish
