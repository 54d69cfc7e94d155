-- The one redactor (core.redact, runtime/request/redact.c) and what a dry run shows through
-- it: run with --dry-run (nothing is sent) and the test key of tests/lua.cmake.
local t = dofile(arg[1])
local core = require "apigw.core"

-- A private key as a playbook would read it: several lines, characters pe() changes.
local KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC/+x=\n-----END PRIVATE KEY-----\n"
local KEY_LINE = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"

-- every string reachable from v, concatenated (to look for the key anywhere in an answer)
local function all_text(v, out)
  out = out or {}
  if type(v) == "string" then out[#out + 1] = v
  elseif type(v) == "table" then
    for k, x in pairs(v) do all_text(k, out); all_text(x, out) end
  end
  return table.concat(out, "\n")
end

t.case("text: secret names masked in each encoding, other names kept", function()
  t.eq(core.redact(nil, "a=1&CertificatePrivateKey=xyz%2F&SignatureNonce=n&Signature=s"),
       "a=1&CertificatePrivateKey=***&SignatureNonce=n&Signature=***")
  t.eq(core.redact(nil, "POST&%2F&A%3D1%26SecurityToken%3DT%2525%26B%3D2"),
       "POST&%2F&A%3D1%26SecurityToken%3D***%26B%3D2")
  t.eq(core.redact(nil, "x-acs-security-token: T\nhost: h"), "x-acs-security-token: ***\nhost: h")
end)

t.case("the caller's names are added, never replace the defaults", function()
  t.eq(core.redact(nil, "MyPassword=p&CertificatePrivateKey=k", { MyPassword = true }),
       "MyPassword=***&CertificatePrivateKey=***")
  t.eq(core.redact(nil, "MyPassword=p"), "MyPassword=p")
end)

t.case("tables: secret keys (also flattened) masked, nested tables copied, the original kept", function()
  local p = { GroupId = "g", CertificatePrivateKey = KEY, ["Certs.1.CertificatePrivateKey"] = KEY,
              Nested = { { CertificatePrivateKey = KEY, Name = "n" } }, Count = 3 }
  local m = core.redact(nil, p)
  t.eq(m.GroupId, "g"); t.eq(m.CertificatePrivateKey, "***"); t.eq(m["Certs.1.CertificatePrivateKey"], "***")
  t.eq(m.Nested[1].CertificatePrivateKey, "***"); t.eq(m.Nested[1].Name, "n"); t.eq(m.Count, 3)
  t.eq(p.CertificatePrivateKey, KEY, "the original is untouched")
  t.truthy(m.Nested ~= p.Nested, "a copy")
end)

t.case("a client's secret and token are masked by value, raw or encoded", function()
  local c = apigw.client{ access_key_id = "LTAIx", access_key_secret = "sec/ret", security_token = "to+ken" }
  t.eq(core.redact(c._c, "a sec/ret b sec%2Fret c to%2Bken d to%252Bken"), "a *** b *** c *** d ***")
end)

t.case("bad arguments raise, naming the problem", function()
  local ok, e = pcall(core.redact, nil, "x", { "CertificatePrivateKey" })
  t.truthy(not ok and tostring(e):find("set of names", 1, true), tostring(e))
  local cyc = {}; cyc.self = cyc
  ok, e = pcall(core.redact, nil, cyc)
  t.truthy(not ok and tostring(e):find("nested more than 32", 1, true), tostring(e))
end)

for _, sig in ipairs{ "v3", "rpc" } do
  for _, method in ipairs{ "POST" } do -- a GET client is refused: tests/integration/body_params.sh
    t.case(("dry run (%s %s): the private key is nowhere in the answer"):format(sig, method), function()
      local c = apigw.client{ signature = sig, method = method }
      local r = c:call("SetDomainCertificate", { GroupId = "g", DomainName = "a.example.com",
        CertificateName = "c", CertificateBody = "BODY", CertificatePrivateKey = KEY })
      t.eq(r.DryRun, true)
      t.eq(r.Params.CertificatePrivateKey, "***"); t.eq(r.Params.CertificateBody, "BODY")
      local text = all_text(r)
      t.eq(text:find(KEY_LINE, 1, true), nil, "key material in the dry run's answer")
      t.eq(text:find("BEGIN%20PRIVATE", 1, true), nil, "encoded key in the dry run's answer")
    end)
  end
end

t.case("the signature is masked the same way in the URL (rpc) and the Authorization header (v3)", function()
  local r = apigw.client{ signature = "rpc" }:call("DescribeApiGroups", {})
  t.match(r.URL, "[?&]Signature=%*%*%*&")
  r = apigw.client{ signature = "v3" }:call("DescribeApiGroups", {})
  local auth
  for _, h in ipairs(r.Headers) do auth = auth or h:match("^Authorization: (.*)$") end
  t.match(auth, ",Signature=%*%*%*$")
end)

t.case("core.sign masks the names of marks.secret in what it describes, and only there", function()
  local c = apigw.client{ signature = "rpc" }
  c:resolve()
  local info = {}
  local req, sts = core.sign(c._c, "MadeUpAction", "2016-07-14", { MyPassword = "hunter2", Other = "x" },
                             info, { secret = { MyPassword = true } })
  t.truthy(req, "signed")
  t.match(info.url, "MyPassword=%*%*%*&"); t.match(info.url, "Other=x")
  t.match(info.canonical, "MyPassword=%*%*%*&"); t.match(sts, "MyPassword%%3D%*%*%*%%26")
  t.eq(all_text(info):find("hunter2", 1, true), nil, "the marked parameter is nowhere")
  info = {}
  core.sign(c._c, "MadeUpAction", "2016-07-14", { MyPassword = "hunter2" }, info)
  t.match(info.url, "MyPassword=hunter2", "without the mark it is an ordinary parameter")
end)

t.done()
