#!/bin/bash
# The loadable module: a stock lua5.4 with LUA_CPATH pointing at the built apigw.so can
# require "apigw" and make calls against a running apigw-emulator.
. "$(dirname "$0")/lib.sh"
GROUP=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903
LUA54=$(command -v lua5.4 || command -v lua)
if [ -z "$LUA54" ] || ! "$LUA54" -v 2>&1 | grep -q "Lua 5.4"; then
    fail "a stock lua5.4 interpreter is needed"
    finish
    exit
fi
if [ ! -f "$BUILD_DIR/apigw.so" ]; then
    fail "$BUILD_DIR/apigw.so exists"
    finish
    exit
fi
CP="$BUILD_DIR/?.so;;"

start_emulator || { fail "start the emulator"; finish; exit; }

lua_run() { # lua_run [VAR=value...] -- code
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    # under the sanitizer build, the stock interpreter needs the ASan runtime preloaded
    local pre=()
    [ -n "${AGW_MODULE_PRELOAD:-}" ] && pre=(LD_PRELOAD="$AGW_MODULE_PRELOAD" ASAN_OPTIONS="${ASAN_OPTIONS:-}")
    run_env LUA_CPATH="$CP" "${pre[@]}" "${envs[@]}" -- "$LUA54" -e "$1"
}

lua_run -- "local apigw = require 'apigw'
print('loaded', type(apigw), type(apigw.set_domain), type(apigw.call), type(apigw.client), apigw.version)
print(package.loaded.apigw == apigw, rawget(_G, 'apigw') == nil)"
expect_rc 0 "require 'apigw' in a stock lua5.4"
expect_out "loaded	table	function	function	function	0." "the module has set_domain, call, client, version"
expect_out "true	true" "require registers package.loaded.apigw and sets no global"

C="local apigw = require 'apigw'
local c = apigw.client{endpoint='$EMU_URL', access_key_id='LTAIdemoAccessKeyId01',
  access_key_secret='demoAccessKeySecretForTheEmulator', signature=os.getenv('SIG') or 'v3',
  method=os.getenv('METHOD') or 'POST'}"
for sig in v3 rpc; do
    for method in POST GET; do
        lua_run SIG=$sig METHOD=$method -- "$C
local r = c:set_domain{GroupId='$GROUP', DomainName='api.example.com', BindStageName='RELEASE'}
print('answer', r.GroupId, r.DomainName, r.DomainBindingStatus, type(r.RequestId))"
        expect_rc 0 "module: set_domain against the emulator ($sig $method)"
        expect_out "answer	$GROUP	api.example.com	" "module: the answer's fields ($sig $method)"
        expect_out "	string" "module: the answer has a RequestId ($sig $method)"
    done
done

lua_run -- "local apigw = require 'apigw'
local c = apigw.client{endpoint='$EMU_URL', access_key_id='STS.demoStsAccessKeyId',
  access_key_secret='demoStsSecret', security_token='demoSecurityToken'}
print('sts', c:set_domain{GroupId='$GROUP', DomainName='api.example.com'}.DomainName)"
expect_rc 0 "module: an STS client"
expect_out "sts	api.example.com" "module: the STS call's answer"

lua_run -- "$C
local r = c:call('DescribeDomain', {GroupId='$GROUP', DomainName='api.example.com'})
print('describe', r.DomainName, type(r.RequestId))"
expect_rc 0 "module: client:call('DescribeDomain', ...)"
expect_out "describe	api.example.com	string" "module: the DescribeDomain answer"

lua_run ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01 \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator APIGW_ENDPOINT="$EMU_URL" -- \
    "local apigw = require 'apigw'
print('default', apigw.set_domain{GroupId='$GROUP', DomainName='api.example.com'}.DomainName)"
expect_rc 0 "module: apigw.set_domain with the environment's credentials and APIGW_ENDPOINT"
expect_out "default	api.example.com" "module: default client answer"

lua_run -- "$C
local ok, e = pcall(c.set_domain, c, {GroupId='0000000000000000000000000000dead', DomainName='api.example.com'})
print('err', ok, getmetatable(e) == apigw.Error, e.kind, math.type(e.http_status), type(e.request_id))
print('str', tostring(e))"
expect_rc 0 "module: a failed call raises"
expect_out "err	false	true	client	integer	string" "module: the failure is an apigw.Error with integer http_status"
expect_out "str	SetDomain: " "module: tostring(err) is one line starting with the action"

lua_run -- "local apigw = require 'apigw'
local ok, e = pcall(apigw.set_domain, {GroupID='x'})
print('bad', ok, e.code, e.message)"
expect_out "bad	false	" "module: an unknown parameter is refused"
expect_out "GroupId" "module: the nearest valid name is suggested"

lua_run -- "local apigw = require 'apigw'
local t = apigw.json.decode('{\"a\": 3, \"b\": 2.5}')
print('json', math.type(t.a), math.type(t.b), apigw.json.encode({n = 7}))"
expect_out 'json	integer	float	{"n":7}' "module: apigw.json keeps integers as integers"

lua_run -- "local apigw = require 'apigw'
local ok, e = pcall(apigw.set_domain, {GroupId='$GROUP', DomainName='api.example.com'})
print('nocred', ok, e.code, e.kind)"
expect_out "nocred	false	NoCredentials	config" "module: no credentials is an apigw.Error of kind config"

stop_pid "$EMU_PID"
finish
