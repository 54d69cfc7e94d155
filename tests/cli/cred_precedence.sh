#!/bin/bash
# Credential and region precedence end to end, with a temporary HOME and an empty
# environment: explicit options > ALIBABA_CLOUD_* > ALICLOUD_* > ~/.aliyun/config.json
# (--profile, ALIBABA_CLOUD_PROFILE, current; AK and StsToken) > ~/.alibabacloud/credentials.
# Region: --region > client option > ALIBABA_CLOUD_REGION_ID > profile region_id.
# Everything runs under --dry-run: the key id is read from the Authorization header and the
# region from the URL host; nothing is sent.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN

# p.lua [key_id_option|""] [region_option|""] [default]: prints KEY=, HOST=, TOKEN=
write "$T/p.lua" '
local key, region, use_default = arg[1], arg[2], arg[3] == "default"
local opts = {}
if key and key ~= "" then opts.access_key_id, opts.access_key_secret = key, "explicitsecret" end
if region and region ~= "" then opts.region = region end
local r
if use_default then
  r = apigw.set_domain{GroupId = "g1", DomainName = "api.example.com"}
else
  r = apigw.client(opts):set_domain{GroupId = "g1", DomainName = "api.example.com"}
end
assert(r.DryRun == true, "not a dry run")
local auth, tok = "?", false
for _, h in ipairs(r.Headers) do
  if h:match("^Authorization:") then auth = h:match("Credential=([^,]+)") end
  if h:lower():match("^x%-acs%-security%-token:") then tok = true end
end
print(("KEY=%s HOST=%s TOKEN=%s"):format(auth, r.URL:match("^%a+://([^/?]+)"), tostring(tok)))'

write_config() { # write_config CURRENT
    write "$H/.aliyun/config.json" '{
  "current": "'"$1"'",
  "profiles": [
    {"name": "default", "mode": "AK", "access_key_id": "KEYcfgdefault",
     "access_key_secret": "cfgdefaultsecret", "region_id": "cn-shanghai"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "KEYcfgsts",
     "access_key_secret": "cfgstssecret", "sts_token": "cfgststoken", "region_id": "cn-shenzhen"},
    {"name": "other", "mode": "AK", "access_key_id": "KEYcfgother",
     "access_key_secret": "cfgothersecret", "region_id": "cn-beijing"},
    {"name": "noregion", "mode": "AK", "access_key_id": "KEYcfgnoregion",
     "access_key_secret": "cfgnoregionsecret"}
  ]
}'
}
write_ini() {
    write "$H/.alibabacloud/credentials" '# shared credentials file
[default]
type = access_key
access_key_id = KEYinidefault
access_key_secret = inidefaultsecret

[other]
type = access_key
access_key_id = KEYiniother
access_key_secret = iniothersecret

[inionly]
type = access_key
access_key_id = KEYinionly
access_key_secret = inionlysecret'
}
write_config default
write_ini

ENV_KEYS=(ALIBABA_CLOUD_ACCESS_KEY_ID=KEYenv ALIBABA_CLOUD_ACCESS_KEY_SECRET=envsecret)
ALIAS_KEYS=(ALICLOUD_ACCESS_KEY=KEYalias ALICLOUD_SECRET_KEY=aliassecret)
R=(--dry-run --verbose --region cn-hangzhou)

# case WHAT EXPECT_STDOUT_SUBSTRING VERBOSE_SUBSTRING -- env... -- args...
case_() {
    local what=$1 want=$2 src=$3
    shift 3
    run_env "$@"
    if [ "$RC" != 0 ]; then
        fail "$what: exit $RC"
        return
    fi
    expect_out "$want" "$what: $want"
    [ -n "$src" ] && expect_err "credentials from $src" "$what: --verbose says: $src"
}

echo "# credentials"
case_ "explicit options beat everything" "KEY=KEYexplicit " "explicit options (access_key_id)" \
    "${ENV_KEYS[@]}" "${ALIAS_KEYS[@]}" -- "$A" "${R[@]}" "$T/p.lua" KEYexplicit
case_ "ALIBABA_CLOUD_* beats aliases and files" "KEY=KEYenv " "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)" \
    "${ENV_KEYS[@]}" "${ALIAS_KEYS[@]}" -- "$A" "${R[@]}" "$T/p.lua"
case_ "ALIBABA_CLOUD_* for the default client too" "KEY=KEYenv " "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)" \
    "${ENV_KEYS[@]}" "${ALIAS_KEYS[@]}" -- "$A" "${R[@]}" "$T/p.lua" "" "" default
case_ "ALICLOUD_* aliases beat the files" "KEY=KEYalias " "environment (ALICLOUD_ACCESS_KEY)" \
    "${ALIAS_KEYS[@]}" -- "$A" "${R[@]}" "$T/p.lua"
case_ "ALIBABA_CLOUD_SECURITY_TOKEN goes with ALIBABA_CLOUD_*" "KEY=KEYenv HOST=apigateway.cn-hangzhou.aliyuncs.com TOKEN=true" \
    "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, with ALIBABA_CLOUD_SECURITY_TOKEN)" \
    "${ENV_KEYS[@]}" ALIBABA_CLOUD_SECURITY_TOKEN=envtoken -- "$A" "${R[@]}" "$T/p.lua"
case_ "ALICLOUD_SECURITY_TOKEN goes with the aliases" "KEY=KEYalias HOST=apigateway.cn-hangzhou.aliyuncs.com TOKEN=true" \
    "environment (ALICLOUD_ACCESS_KEY, with ALICLOUD_SECURITY_TOKEN)" \
    "${ALIAS_KEYS[@]}" ALICLOUD_SECURITY_TOKEN=aliastoken -- "$A" "${R[@]}" "$T/p.lua"
case_ "ALICLOUD_SECURITY_TOKEN is not mixed into ALIBABA_CLOUD_* keys" "KEY=KEYenv HOST=apigateway.cn-hangzhou.aliyuncs.com TOKEN=false" "" \
    "${ENV_KEYS[@]}" ALICLOUD_SECURITY_TOKEN=aliastoken -- "$A" "${R[@]}" "$T/p.lua"
case_ "an empty ALIBABA_CLOUD_ACCESS_KEY_ID counts as unset" "KEY=KEYalias " "" \
    ALIBABA_CLOUD_ACCESS_KEY_ID= ALIBABA_CLOUD_ACCESS_KEY_SECRET= "${ALIAS_KEYS[@]}" -- "$A" "${R[@]}" "$T/p.lua"
case_ "config.json current profile beats the INI file" "KEY=KEYcfgdefault " \
    "profile 'default' (mode AK) in $H/.aliyun/config.json" -- "$A" "${R[@]}" "$T/p.lua"
case_ "--profile picks a config.json profile (StsToken)" "KEY=KEYcfgsts HOST=apigateway.cn-hangzhou.aliyuncs.com TOKEN=true" \
    "profile 'sts' (mode StsToken) in $H/.aliyun/config.json" -- "$A" "${R[@]}" --profile sts "$T/p.lua"
case_ "ALIBABA_CLOUD_PROFILE picks a profile" "KEY=KEYcfgother " "profile 'other' (mode AK)" \
    ALIBABA_CLOUD_PROFILE=other -- "$A" "${R[@]}" "$T/p.lua"
case_ "--profile beats ALIBABA_CLOUD_PROFILE" "KEY=KEYcfgsts " "profile 'sts' (mode StsToken)" \
    ALIBABA_CLOUD_PROFILE=other -- "$A" "${R[@]}" --profile sts "$T/p.lua"
case_ "client option profile= picks a profile" "KEY=KEYcfgother " "" \
    -- "$A" "${R[@]}" -e 'local r = apigw.client{profile="other"}:set_domain{GroupId="g", DomainName="api.example.com"}
print("KEY=" .. r.Headers[#r.Headers]:match("Credential=([^,]+)") .. " ")'
case_ "the environment beats --profile" "KEY=KEYenv " "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)" \
    "${ENV_KEYS[@]}" -- "$A" "${R[@]}" --profile sts "$T/p.lua"
write_config other
case_ "config.json 'current' is used when no profile is named" "KEY=KEYcfgother " "profile 'other' (mode AK)" \
    -- "$A" "${R[@]}" "$T/p.lua"
write_config default
case_ "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true skips config.json" "KEY=KEYinidefault " \
    "section [default] in $H/.alibabacloud/credentials" \
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true -- "$A" "${R[@]}" "$T/p.lua"
case_ "--profile naming an INI-only section" "KEY=KEYinionly " "section [inionly] in $H/.alibabacloud/credentials" \
    -- "$A" "${R[@]}" --profile inionly "$T/p.lua"
mv "$H/.aliyun/config.json" "$T/elsewhere.json"
case_ "no config.json: the INI [default] section" "KEY=KEYinidefault " "section [default] in $H/.alibabacloud/credentials" \
    -- "$A" "${R[@]}" "$T/p.lua"
case_ "no config.json: ALIBABA_CLOUD_PROFILE names the INI section" "KEY=KEYiniother " "section [other]" \
    ALIBABA_CLOUD_PROFILE=other -- "$A" "${R[@]}" "$T/p.lua"
case_ "ALIBABA_CLOUD_CONFIG_FILE names another config.json" "KEY=KEYcfgsts " "profile 'sts' (mode StsToken) in $T/elsewhere.json" \
    ALIBABA_CLOUD_CONFIG_FILE="$T/elsewhere.json" ALIBABA_CLOUD_PROFILE=sts -- "$A" "${R[@]}" "$T/p.lua"
cp "$H/.alibabacloud/credentials" "$T/creds.ini"
rm -f "$H/.alibabacloud/credentials"
case_ "ALIBABA_CLOUD_CREDENTIALS_FILE names another INI file" "KEY=KEYinidefault " "section [default] in $T/creds.ini" \
    ALIBABA_CLOUD_CREDENTIALS_FILE="$T/creds.ini" -- "$A" "${R[@]}" "$T/p.lua"
mv "$T/elsewhere.json" "$H/.aliyun/config.json"
write_ini

echo "# region (seen in the dry-run URL host)"
RA=(--dry-run)
E=(ALIBABA_CLOUD_REGION_ID=cn-qingdao)
case_ "--region beats the client option, env and profile" "HOST=apigateway.cn-zhangjiakou.aliyuncs.com " "" \
    "${E[@]}" -- "$A" "${RA[@]}" --region cn-zhangjiakou "$T/p.lua" "" cn-huhehaote
case_ "the client option beats env and profile" "HOST=apigateway.cn-huhehaote.aliyuncs.com " "" \
    "${E[@]}" -- "$A" "${RA[@]}" "$T/p.lua" "" cn-huhehaote
case_ "ALIBABA_CLOUD_REGION_ID beats the profile" "HOST=apigateway.cn-qingdao.aliyuncs.com " "" \
    "${E[@]}" -- "$A" "${RA[@]}" "$T/p.lua"
case_ "ALIBABA_CLOUD_REGION_ID beats ALICLOUD_REGION" "HOST=apigateway.cn-qingdao.aliyuncs.com " "" \
    "${E[@]}" ALICLOUD_REGION=cn-chengdu -- "$A" "${RA[@]}" "$T/p.lua"
case_ "ALICLOUD_REGION when ALIBABA_CLOUD_REGION_ID is unset" "HOST=apigateway.cn-chengdu.aliyuncs.com " "" \
    ALICLOUD_REGION=cn-chengdu ALIBABA_CLOUD_REGION=cn-wuhan -- "$A" "${RA[@]}" "$T/p.lua"
case_ "ALIBABA_CLOUD_REGION last of the variables" "HOST=apigateway.cn-wuhan.aliyuncs.com " "" \
    ALIBABA_CLOUD_REGION=cn-wuhan -- "$A" "${RA[@]}" "$T/p.lua"
case_ "the current profile's region_id" "HOST=apigateway.cn-shanghai.aliyuncs.com " "" \
    -- "$A" "${RA[@]}" "$T/p.lua"
case_ "the --profile profile's region_id" "HOST=apigateway.cn-shenzhen.aliyuncs.com " "" \
    -- "$A" "${RA[@]}" --profile sts "$T/p.lua"
case_ "the profile's region_id even when keys come from the environment" "KEY=KEYenv HOST=apigateway.cn-shenzhen.aliyuncs.com " "" \
    "${ENV_KEYS[@]}" -- "$A" "${RA[@]}" --profile sts "$T/p.lua"
case_ "default client: --region beats env" "HOST=apigateway.cn-zhangjiakou.aliyuncs.com " "" \
    "${E[@]}" -- "$A" "${RA[@]}" --region cn-zhangjiakou "$T/p.lua" "" "" default
case_ "default client: env beats profile" "HOST=apigateway.cn-qingdao.aliyuncs.com " "" \
    "${E[@]}" -- "$A" "${RA[@]}" "$T/p.lua" "" "" default
case_ "default client: profile region_id" "HOST=apigateway.cn-beijing.aliyuncs.com " "" \
    -- "$A" "${RA[@]}" --profile other "$T/p.lua" "" "" default
run "$A" --dry-run --profile noregion "$T/p.lua"
expect_rc 3 "a profile without region_id and nothing else: no region"
expect_err "NoRegion" "NoRegion when the profile has no region_id"
case_ "ALIBABA_CLOUD_CLI_PROFILE_DISABLED skips the profile region too" "" "" \
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true "${E[@]}" -- "$A" "${RA[@]}" "$T/p.lua"
run_env ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true -- "$A" --dry-run "$T/p.lua"
expect_rc 3 "ALIBABA_CLOUD_CLI_PROFILE_DISABLED and no other region: NoRegion"

echo "# endpoint"
case_ "--endpoint URL is used as is" "HOST=127.0.0.1:9 " "" \
    APIGW_ENDPOINT=http://127.0.0.1:8 -- "$A" "${RA[@]}" --endpoint http://127.0.0.1:9 "$T/p.lua"
case_ "APIGW_ENDPOINT when no --endpoint" "HOST=127.0.0.1:8 " "" \
    APIGW_ENDPOINT=http://127.0.0.1:8 -- "$A" "${RA[@]}" "$T/p.lua"
# (a bare host means https)
case_ "client endpoint beats APIGW_ENDPOINT" "HOST=https://example.internal/" "" \
    APIGW_ENDPOINT=http://127.0.0.1:8 -- "$A" "${RA[@]}" -e 'local r = apigw.client{endpoint="example.internal"}:set_domain{GroupId="g", DomainName="api.example.com"}
print("HOST=" .. r.URL)'

finish
