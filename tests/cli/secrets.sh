#!/bin/bash
# The AccessKey secret and the security token never appear in any output: --dry-run (V3
# and RPC, GET and POST), --verbose, --trace, error messages, tostring(client), tracebacks,
# the dry-run table as JSON. Two sets of secrets: plain (as they are) and with characters
# that percent-encoding changes, checked raw, encoded once and encoded twice.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903

# pct WORD: WORD percent-encoded as the signers do (RFC 3986: all but A-Z a-z 0-9 - _ . ~),
# into the variable PCT. Pure bash: the forms are needed for every check, and a process per
# form (python3 once did it) was most of this test's time.
pct() {
    local LC_ALL=C s=$1 c i h
    PCT=
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        [A-Za-z0-9._~-]) PCT+=$c ;;
        *) printf -v h '%%%02X' "'$c"; PCT+=$h ;;
        esac
    done
}

# forms_file: a file listing the current SEC and TOK raw, percent-encoded once and twice
# (upper and lower case), and with "/" escaped as JSON may write it; made once per pair.
declare -A FORMS_OF
forms_file() {
    FORMS=${FORMS_OF["$SEC $TOK"]}
    [ -n "$FORMS" ] && return 0
    FORMS=$T/forms.${#FORMS_OF[@]}
    FORMS_OF["$SEC $TOK"]=$FORMS
    local w one two
    for w in "$SEC" "$TOK"; do
        pct "$w"; one=$PCT
        pct "$one"; two=$PCT
        printf '%s\n' "$w" "$one" "$two" "${one,,}" "${two,,}" "${w//\//\\/}"
    done | sort -u >"$FORMS"
}

SETS=("S3cr3tXYZsecret T0kenABCtoken" "S3cr3t/XYZ+secret= T0ken/ABC+tok=en==")

# no_secret WHAT: neither the current SEC nor TOK, in any form, in stdout or stderr
no_secret() {
    forms_file
    if ! grep -qF -f "$FORMS" "$T/out" "$T/err"; then
        pass "$1: no secret or token in the output"
    else
        fail "$1: output contains $(grep -ohF -f "$FORMS" "$T/out" "$T/err" | sort -u | tr '\n' ' ')"
    fi
}

# The playbook: reads SEC and TOK from the environment (so they are not in argv).
# p.lua MODE [extra]: MODE says which client and what to print.
write "$T/p.lua" '
local mode = arg[1]
local SEC, TOK = os.getenv("SEC"), os.getenv("TOK")
local params = { GroupId = "'$GROUP'", DomainName = "api.example.com" }
local function explicit(extra)
  local o = { access_key_id = os.getenv("KID") or "LTAIsecrettest", access_key_secret = SEC,
              security_token = TOK, retries = 0 }
  for k, v in pairs(extra or {}) do o[k] = v end
  return apigw.client(o)
end
if mode == "default" then
  local r = apigw.set_domain(params)
  print(apigw.json.encode(r))
  if r.DryRun then print("DRYRUN", r.DryRun == true, r.Method, r.URL) end
elseif mode == "get" then
  local r = explicit{ method = "GET" }:set_domain(params)
  print(apigw.json.encode(r))
  if r.DryRun then print("DRYRUN", r.DryRun == true, r.Method, r.URL) end
elseif mode == "post" then
  local r = explicit{ method = "POST" }:set_domain(params)
  print(apigw.json.encode(r))
  if r.DryRun then print("DRYRUN", r.DryRun == true, r.Method, r.URL) end
elseif mode == "tostring" then
  local c = explicit()
  print(tostring(c))
  print(c)
  print(apigw.client{ access_key_id = "LTAIx", access_key_secret = SEC, security_token = TOK })
  c:resolve()
  print(tostring(c))
  print(apigw.default_client())
  io.stderr:write(tostring(c), "\n")
elseif mode == "pcall" then
  local c = explicit{ method = arg[2] }
  local ok, e = pcall(c.set_domain, c, params)
  print(ok, tostring(e))
  print(apigw.json.encode(e))
  for k, v in pairs(e) do print(k, v) end
elseif mode == "raise" then
  local function deeper(secret, token) explicit{ method = arg[2] }:set_domain(params) end
  deeper(SEC, TOK)
elseif mode == "localerror" then
  local function f(secret) error("failed while holding a secret") end
  f(SEC)
end'

echo "# --dry-run"
for set in "${SETS[@]}"; do
    read -r SEC TOK <<<"$set"
    export SEC TOK
    K=(SEC="$SEC" TOK="$TOK")
    ENVK=("${K[@]}" ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIsecrettest ALIBABA_CLOUD_ACCESS_KEY_SECRET="$SEC"
        ALIBABA_CLOUD_SECURITY_TOKEN="$TOK")
    for sig in v3 rpc; do
        for mode in post get default; do
            run_env "${ENVK[@]}" -- "$A" --dry-run --region cn-hangzhou --signature $sig "$T/p.lua" $mode
            expect_rc 0 "dry-run $sig $mode [$SEC]"
            no_secret "dry-run $sig $mode [$SEC]"
            run_env "${ENVK[@]}" -- "$A" --dry-run --trace --region cn-hangzhou --signature $sig "$T/p.lua" $mode
            no_secret "dry-run --trace $sig $mode [$SEC]"
        done
    done
done
# what --dry-run prints (last set, v3 GET and rpc POST)
read -r SEC TOK <<<"${SETS[0]}"
ENVK=(SEC="$SEC" TOK="$TOK")
run_env "${ENVK[@]}" -- "$A" --dry-run --region cn-hangzhou "$T/p.lua" get
expect_out "DRYRUN	true	GET	https://apigateway.cn-hangzhou.aliyuncs.com/?" "dry-run returns DryRun = true, Method and URL"
expect_out '"DryRun":true' "dry-run table as JSON has DryRun true"
expect_err "apigw-lua: dry-run: GET https://apigateway.cn-hangzhou.aliyuncs.com/?DomainName=api.example.com&GroupId=$GROUP" \
    "dry-run prints method and URL on stderr"
expect_err "  Authorization: ACS3-HMAC-SHA256 Credential=LTAIsecrettest," "dry-run prints the Authorization header"
expect_err "  x-acs-action: SetDomain" "dry-run prints the x-acs headers"
expect_err "  x-acs-security-token: " "dry-run prints the token header (masked)"
run_env "${ENVK[@]}" -- "$A" --dry-run --signature rpc --region cn-hangzhou "$T/p.lua" post
expect_out "DRYRUN	true	POST	https://apigateway.cn-hangzhou.aliyuncs.com/" "rpc dry-run returns DryRun = true"
expect_err "apigw-lua: dry-run: POST https://apigateway.cn-hangzhou.aliyuncs.com/" "rpc dry-run prints method and URL"

echo "# tostring and print of clients"
for set in "${SETS[@]}"; do
    read -r SEC TOK <<<"$set"
    run_env SEC="$SEC" TOK="$TOK" ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIenv ALIBABA_CLOUD_ACCESS_KEY_SECRET="$SEC" \
        ALIBABA_CLOUD_SECURITY_TOKEN="$TOK" -- "$A" --region cn-hangzhou "$T/p.lua" tostring
    expect_rc 0 "tostring(client) [$SEC]"
    expect_out "apigw.client{" "tostring(client) describes the client"
    no_secret "tostring(client), print(apigw.client{...}) [$SEC]"
done

echo "# against the emulator: --verbose, --trace, failed calls, tracebacks"
if start_emulator; then
    for set in "${SETS[@]}"; do
        read -r SEC TOK <<<"$set"
        for sig in v3 rpc; do
            for mode in POST GET; do
                # a wrong secret with the emulator's STS key id: the call fails
                E=(SEC="$SEC" TOK="$TOK" KID=STS.demoStsAccessKeyId)
                run_env "${E[@]}" -- "$A" --verbose --endpoint "$EMU_URL" --signature $sig "$T/p.lua" pcall $mode
                expect_rc 0 "failed call caught ($sig $mode) [$SEC]"
                expect_out "false	SetDomain: " "the call failed with an apigw.Error"
                no_secret "failed call: tostring, JSON and fields of the error, --verbose ($sig $mode) [$SEC]"
                run_env "${E[@]}" -- "$A" --trace --endpoint "$EMU_URL" --signature $sig "$T/p.lua" raise $mode
                expect_rc 1 "failed call raised ($sig $mode) [$SEC]"
                expect_err "stack traceback:" "--trace shows a traceback"
                no_secret "failed call raised: message, --trace, traceback ($sig $mode) [$SEC]"
                run_env "${E[@]}" -- "$A" --endpoint "$EMU_URL" --signature $sig "$T/p.lua" raise $mode
                no_secret "failed call raised, no flags ($sig $mode) [$SEC]"
            done
        done
    done
    # a successful STS call with the emulator's STS triple, under --trace
    SEC=demoStsSecret TOK=demoSecurityToken
    for sig in v3 rpc; do
        for mode in post get; do
            run_env SEC=$SEC TOK=$TOK KID=STS.demoStsAccessKeyId -- "$A" --trace --endpoint "$EMU_URL" \
                --signature $sig "$T/p.lua" $mode
            expect_rc 0 "STS call succeeds ($sig $mode)"
            expect_out '"DomainName":"api.example.com"' "STS call answer ($sig $mode)"
            expect_err "SetDomain 200 RequestId " "--verbose line: action, status, RequestId ($sig $mode)"
            no_secret "successful STS call under --trace ($sig $mode)"
        done
    done
    stop_pid "$EMU_PID"
else
    fail "start the emulator"
fi

echo "# a server that echoes the string to sign with the token in it (as the real RPC service does)"
# Alibaba Cloud answers an RPC SignatureDoesNotMatch with "server string to sign is:<...>",
# and that string holds SecurityToken=<token> percent-encoded twice. apigw-lua must not pass
# it on.
cat >"$T/echo_server.py" <<'PY'
import http.server, json, sys, urllib.parse
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
PIDS+=($!)
ECHO_PID=$!
for _ in $(seq 100); do ECHO_URL=$(sed -n '1s/^listening on //p' "$T/echo.out"); [ -n "$ECHO_URL" ] && break; sleep 0.05; done
for set in "${SETS[@]}"; do
    read -r SEC TOK <<<"$set"
    for mode in POST GET; do
        run_env SEC="$SEC" TOK="$TOK" -- "$A" --verbose --endpoint "$ECHO_URL" --signature rpc "$T/p.lua" pcall $mode
        expect_out "SignatureDoesNotMatch" "echo server: SignatureDoesNotMatch ($mode) [$SEC]"
        pct "$TOK"; pct "$PCT"
        if grep -qF -- "$PCT" "$T/out" "$T/err"; then
            fail "KNOWN BUG (bindings/lua/apigw/client.lua interpret): the token echoed in the server's string to sign reaches the error message ($mode) [$SEC]"
        else
            no_secret "echo server: error message ($mode) [$SEC]"
        fi
    done
done
stop_pid "$ECHO_PID"

echo "# configuration errors"
for set in "${SETS[@]}"; do
    read -r SEC TOK <<<"$set"
    export SEC TOK
    run_env ALIBABA_CLOUD_ACCESS_KEY_SECRET="$SEC" ALIBABA_CLOUD_SECURITY_TOKEN="$TOK" -- \
        "$A" --verbose --region cn-hangzhou "$T/p.lua" default
    expect_rc 3 "half a pair in the environment [$SEC]"
    no_secret "half a pair: message and traceback [$SEC]"
    run_env ALICLOUD_SECRET_KEY="$SEC" ALICLOUD_SECURITY_TOKEN="$TOK" -- "$A" --region cn-hangzhou "$T/p.lua" default
    expect_rc 3 "half an alias pair [$SEC]"
    no_secret "half an alias pair [$SEC]"
    write "$H/.aliyun/config.json" '{"current": "default", "profiles": [{"name": "default", "mode": "StsToken",
 "access_key_id": "LTAIcfg", "access_key_secret": "'"$SEC"'", "sts_token": "'"$TOK"'" x }]}'
    run "$A" --verbose --region cn-hangzhou "$T/p.lua" default
    expect_rc 3 "malformed config.json with the secret in it [$SEC]"
    no_secret "malformed config.json [$SEC]"
    write "$H/.aliyun/config.json" '{"current": "default", "profiles": [{"name": "default", "mode": "StsToken",
 "access_key_id": "LTAIcfg", "access_key_secret": "'"$SEC"'", "sts_token": "'"$TOK"'", "region_id": "NOT VALID"}]}'
    run "$A" --verbose "$T/p.lua" default
    expect_rc 3 "invalid region in a profile with secrets [$SEC]"
    no_secret "invalid profile region [$SEC]"
    write "$H/.aliyun/config.json" '{"current": "default", "profiles": [{"name": "default", "mode": "StsToken",
 "access_key_secret": "'"$SEC"'", "sts_token": "'"$TOK"'"}]}'
    run "$A" --verbose --region cn-hangzhou "$T/p.lua" default
    expect_rc 3 "incomplete StsToken profile [$SEC]"
    no_secret "incomplete profile [$SEC]"
    rm -f "$H/.aliyun/config.json"
    write "$H/.alibabacloud/credentials" "[default]
type = access_key
access_key_id = LTAIini
access_key_secret $SEC
security_token: $TOK"
    run "$A" --verbose --region cn-hangzhou "$T/p.lua" default
    expect_rc 3 "malformed INI line holding the secret [$SEC]"
    no_secret "malformed INI [$SEC]"
    rm -rf "$H/.alibabacloud"
    run_env SEC="$SEC" TOK="$TOK" -- "$A" --verbose --region cn-hangzhou "$T/p.lua" localerror
    expect_rc 1 "an error in a function holding the secret [$SEC]"
    no_secret "traceback of a function holding the secret [$SEC]"
    run_env SEC="$SEC" TOK="$TOK" -- "$A" --region cn-hangzhou -e \
        'apigw.client{access_key_id="LTAIx", access_key_secret=os.getenv("SEC"), security_token=os.getenv("TOK"), bogus=1}'
    expect_rc 1 "an unknown client option next to secrets [$SEC]"
    expect_err "bogus" "the unknown option is named"
    no_secret "client option error [$SEC]"
done

finish
