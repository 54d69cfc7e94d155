#!/bin/bash
# Parameters the action table sends in the body (SetDomainCertificate's CertificateBody,
# CertificatePrivateKey, CaCertificateBody) travel in an application/x-www-form-urlencoded
# POST body, signed as such by both schemes: the emulator's verifier (our copy of the
# service's check) accepts them; the key is never in the URL nor in the emulator's log; a
# 100 KB chain goes through (the URL limit does not count body parameters); a GET client is
# refused before anything is sent; the wire carries exactly one Content-Type, the one signed.
. "$(dirname "$0")/../cli/lib.sh"
A=$LUA_BIN
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903
DOMAIN=api.example.com

# a certificate for the domain and its key, made now; and a ~100 KB chain (leaf first)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 30 \
    -subj "/CN=$DOMAIN" -addext "subjectAltName=DNS:$DOMAIN" 2>/dev/null || fail "openssl req"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ca.key" -out "$T/ca.pem" -days 30 \
    -subj "/CN=filler CA" 2>/dev/null || fail "openssl req (filler)"
cp "$T/cert.pem" "$T/chain.pem"
while [ "$(wc -c <"$T/chain.pem")" -lt 102400 ]; do cat "$T/ca.pem" >>"$T/chain.pem"; done
# lines of the key as they could leak: raw and percent-encoded (the base64 keeps its shape)
sed -n '2p;3p;10p' "$T/key.pem" >"$T/forms"
no_key_in() { # no_key_in FILE... WHAT
    local what=${!#} files=("${@:1:$#-1}")
    if grep -qF -f "$T/forms" "${files[@]}"; then fail "$what: the private key is there"
    else pass "$what: no private key"; fi
}

write "$T/p.lua" '
local sig, method, chain = arg[1], arg[2], arg[3]
local function read(p) local f = assert(io.open(p, "rb")); local s = f:read("a"); f:close(); return s end
local c = apigw.client{ signature = sig, method = method, retries = 0 }
local body = read(chain or "'"$T"'/cert.pem")
-- the filler chain is not a real one (the binding'"'"'s certificate check would refuse it):
-- apigw.call sends it, with the same body placement (the action table'"'"'s)
local fn = chain and function(cl, p) return cl:call("SetDomainCertificate", p) end or c.set_domain_certificate
local ok, r = pcall(fn, c, { GroupId = "'$GROUP'", DomainName = "'$DOMAIN'",
  CertificateName = "n-" .. sig .. "-" .. method .. "-" .. #body, CertificateBody = body,
  CertificatePrivateKey = read("'"$T"'/key.pem") })
if not ok then print("ERR", r.code, r.message) return end
local d = c:describe_domain{ GroupId = "'$GROUP'", DomainName = "'$DOMAIN'" }
print("OK", d.CertificateName, d.CertificateBody == body)'

if start_emulator --log "$T/emu.log"; then
    E=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator)
    run_env "${E[@]}" -- "$A" --endpoint "$EMU_URL" -e "apigw.set_domain{GroupId='$GROUP', DomainName='$DOMAIN'}"
    expect_rc 0 "the domain is bound"
    for sig in v3 rpc; do
        run_env "${E[@]}" -- "$A" --endpoint "$EMU_URL" --trace "$T/p.lua" $sig POST
        expect_rc 0 "set_domain_certificate ($sig)"
        expect_out "OK	n-$sig-POST-" "the emulator verified and stored it ($sig)"
        expect_out "	true" "the certificate read back is the one sent ($sig)"
        no_key_in "$T/out" "$T/err" "--trace output ($sig)"
        run_env "${E[@]}" -- "$A" --endpoint "$EMU_URL" "$T/p.lua" $sig POST "$T/chain.pem"
        expect_out "OK	n-$sig-POST-$(wc -c <"$T/chain.pem")	true" "a $(wc -c <"$T/chain.pem")-byte chain goes through ($sig)"
    done
    lines=$(wc -l <"$T/emu.log")
    for sig in v3 rpc; do
        run_env "${E[@]}" -- "$A" --endpoint "$EMU_URL" "$T/p.lua" $sig GET
        expect_rc 0 "a GET client ($sig)"
        expect_out "ERR	InvalidMethod	parameter 'Certificate" "a GET client is refused with a client error ($sig)"
        expect_out "use a POST client" "the error says what to do ($sig)"
    done
    [ "$(wc -l <"$T/emu.log")" = "$lines" ] && pass "a refused GET sends nothing" || fail "a refused GET reached the emulator"
    stop_pid "$EMU_PID"
    no_key_in "$T/emu.log" "the emulator's log"
    grep -q '"CertificatePrivateKey":"\*\*\*"' "$T/emu.log" && pass "the log shows the key masked" ||
        fail "the log does not show CertificatePrivateKey as ***: $(grep SetDomainCertificate "$T/emu.log" | head -c 400)"
else
    fail "start the emulator"
fi

echo "# on the wire (a capturing server)"
cat >"$T/capture.py" <<'PY'
import http.server, json, sys
out = open(sys.argv[1], "a")
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode()
        out.write(json.dumps({"path": self.path, "headers": list(self.headers.items()), "body": body}) + "\n")
        out.flush()
        data = b'{"RequestId":"CAPTURE"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("listening on http://127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$T/capture.py" "$T/wire.jsonl" >"$T/cap.out" 2>"$T/cap.err" &
CAP_PID=$!
PIDS+=($CAP_PID)
for _ in $(seq 100); do CAP_URL=$(sed -n '1s/^listening on //p' "$T/cap.out"); [ -n "$CAP_URL" ] && break; sleep 0.05; done
write "$T/w.lua" '
local c = apigw.client{ signature = arg[1], retries = 0 }
c:call("SetDomainCertificate", { GroupId = "g", DomainName = "a.example.com", CertificateName = "n",
  CertificateBody = "BODY x+y", CertificatePrivateKey = "KEY/1&2" })'
for sig in v3 rpc; do
    : >"$T/wire.jsonl"
    run_env ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIx ALIBABA_CLOUD_ACCESS_KEY_SECRET=sx -- "$A" --endpoint "$CAP_URL" "$T/w.lua" $sig
    expect_rc 0 "apigw.call to the capturing server ($sig)"
    python3 - "$T/wire.jsonl" $sig >"$T/check" <<'PY'
import json, sys, urllib.parse
r = json.loads(open(sys.argv[1]).readline())
sig = sys.argv[2]
h = [(k.lower(), v) for k, v in r["headers"]]
ct = [v for k, v in h if k == "content-type"]
q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(r["path"]).query, keep_blank_values=True))
b = dict(urllib.parse.parse_qsl(r["body"], keep_blank_values=True))
print("content-type", ct)
print("body", "ok" if b == {"CertificateBody": "BODY x+y", "CertificatePrivateKey": "KEY/1&2"} else r["body"])
print("url-has-key", "CertificatePrivateKey" in q or "CertificateBody" in q)
print("url-has-name", q.get("CertificateName"))
if sig == "v3":
    auth = dict(h)["authorization"]
    print("signed", "content-type" in auth.split("SignedHeaders=")[1].split(",")[0].split(";"))
PY
    grep -qx "content-type \['application/x-www-form-urlencoded'\]" "$T/check" && pass "exactly one Content-Type, the form's ($sig)" ||
        fail "Content-Type on the wire ($sig): $(cat "$T/check")"
    grep -qx "body ok" "$T/check" && pass "the body holds the body parameters, decoded exactly ($sig)" || fail "body ($sig): $(cat "$T/check")"
    grep -qx "url-has-key False" "$T/check" && pass "the URL holds neither ($sig)" || fail "URL ($sig): $(cat "$T/check")"
    grep -qx "url-has-name n" "$T/check" && pass "the other parameters stay in the URL ($sig)" || fail "URL ($sig): $(cat "$T/check")"
    [ $sig = rpc ] || { grep -qx "signed True" "$T/check" && pass "content-type is a signed header (v3)" || fail "signed headers: $(cat "$T/check")"; }
done
stop_pid "$CAP_PID"

finish
