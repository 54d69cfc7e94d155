-- Conformance of the action table (apigw.actions) with apigw-emulator, whose own table
-- (emulator/model/actions.c) is independent of it: for every entry,
--   * each required parameter left out gives locally the code the emulator answers when the
--     same request is sent without the local check (raw, through apigw.call);
--   * the required parameters alone are enough for the emulator (a real success), and
--   * every answer field the entry documents is in that real answer (list items included),
--     and the answer has no field the entry does not document.
--   apigw-lua --emulate --seed tests/actions/seed.json test_conformance.lua TESTLIB CERTDIR
local t = dofile(arg[1])
local certdir = arg[2]
local actions = require "apigw.actions"

local G1 = "aaaa1111bbbb2222cccc3333dddd4444"
local DOMAIN = "a.conf.example.com"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end
local CERT, KEY = read(certdir .. "/conf.pem"), read(certdir .. "/conf.key")

-- Actions of the table the emulator does not serve (docs/emulator.md, "Not modelled"; none
-- today). The emulator must answer InvalidApi.NotFound for them, so this list cannot go stale.
local NOT_MODELLED = {}

local checked = {}

-- Every documented field is in the answer, and nothing else is (RequestId aside). In a list,
-- a field the table calls optional ("when a certificate is attached") must be in one item at
-- least (the fixture makes one), the others in every item.
local function same_fields(where, fields, got, top, seen_optional)
  local doc = {}
  for _, x in ipairs(fields) do
    doc[x.name] = x
    if got[x.name] ~= nil and x.optional and seen_optional then seen_optional[x.name] = true end
    if not (x.optional and seen_optional) then
      t.truthy(got[x.name] ~= nil, ("%s: documented field %s is missing"):format(where, x.name))
    end
    if got[x.name] == nil then
      -- nothing to check
    elseif x.type == "list" then
      local wrap = got[x.name]
      t.eq(type(wrap), "table", where .. "." .. x.name)
      local items = wrap[x.item_key]
      t.eq(type(items), "table", ("%s.%s.%s"):format(where, x.name, x.item_key))
      t.truthy(#items > 0, ("%s.%s.%s: no item to check (the fixture should make one)"):format(where, x.name, x.item_key))
      local seen = {}
      for i, item in ipairs(items) do
        same_fields(("%s.%s.%s[%d]"):format(where, x.name, x.item_key, i), x.item, item, false, seen)
      end
      for _, y in ipairs(x.item) do
        if y.optional then
          t.truthy(seen[y.name], ("%s.%s.%s: optional field %s is in no item"):format(where, x.name, x.item_key, y.name))
        end
      end
    elseif x.type == "integer" then
      t.eq(math.type(got[x.name]), "integer", where .. "." .. x.name .. " is an integer")
    elseif x.type == "boolean" or x.type == "string" then
      t.eq(type(got[x.name]), x.type, where .. "." .. x.name)
    end
  end
  for k in pairs(got) do
    if not (top and k == "RequestId") then
      t.truthy(doc[k], ("%s: field %s is in the answer but not in the table"):format(where, k))
    end
  end
end

local function copy(p)
  local c = {}
  for k, v in pairs(p) do c[k] = v end
  return c
end

-- One entry: the missing-parameter comparison, then the real call and its answer.
-- params: the required parameters with values the emulator accepts (plus what the fixture
-- needs); returns the answer.
local function conform(action, params)
  local entry = actions.by_action[action]
  t.truthy(entry, action .. " is in the table")
  checked[action] = true
  for _, x in ipairs(entry.params) do
    if x.required then
      t.truthy(params[x.name] ~= nil, ("%s: the fixture lacks required %s"):format(action, x.name))
      local p = copy(params)
      p[x.name] = nil
      local lok, lerr = pcall(apigw[entry.lua], p)
      t.eq(lok, false, action .. " without " .. x.name .. " locally")
      local rok, rerr = pcall(apigw.call, action, p)
      t.eq(rok, false, ("%s without %s: the emulator accepted it (it does not require it)"):format(action, x.name))
      t.eq(lerr.code, rerr.code, ("%s without %s: local code vs the emulator's"):format(action, x.name))
      t.eq(rerr.http_status, 400, action .. " without " .. x.name .. ": HTTP status")
    end
  end
  -- The required parameters alone pass the emulator's presence checks: sent raw with a
  -- group that does not exist (CreateApiGroup: a name it refuses), so that nothing changes,
  -- the answer is no Missing<Name>.
  local only = {}
  for _, x in ipairs(entry.params) do if x.required then only[x.name] = params[x.name] end end
  if only.GroupId then only.GroupId = ("0"):rep(32) end
  if action == "CreateApiGroup" then only.GroupName = "x" end
  local ok, err = pcall(apigw.call, action, only)
  if not ok then
    t.truthy(not err.code:find("^Missing"), ("%s with its required parameters only: the emulator answers %s"):format(action, err.code))
  end
  local answer = apigw[entry.lua](params)
  same_fields(action, entry.answer, answer, true)
  t.match(answer.RequestId, "%x+%-", action .. " RequestId")
  return answer
end

local cert_id, new_group

t.case("SetDomain", function() conform("SetDomain", { GroupId = G1, DomainName = DOMAIN }) end)
t.case("SetDomainCertificate", function()
  conform("SetDomainCertificate", { GroupId = G1, DomainName = DOMAIN, CertificateName = "conf",
                                    CertificateBody = CERT, CertificatePrivateKey = KEY })
end)
t.case("DescribeDomain (with a certificate: every optional field)", function()
  local d = conform("DescribeDomain", { GroupId = G1, DomainName = DOMAIN })
  cert_id = d.CertificateId
  t.eq(d.CertificateName, "conf")
end)
t.case("SetDomainWebSocketStatus", function()
  conform("SetDomainWebSocketStatus", { GroupId = G1, DomainName = DOMAIN, ActionValue = "OPEN" })
  t.eq(apigw.describe_domain{ GroupId = G1, DomainName = DOMAIN }.DomainWebSocketStatus, "OPEN")
end)
t.case("ReactivateDomain", function() conform("ReactivateDomain", { GroupId = G1, DomainName = DOMAIN }) end)
t.case("SetWildcardDomainPatterns (on a bound wildcard domain)", function()
  apigw.set_domain{ GroupId = G1, DomainName = "*.conf.example.com" }
  conform("SetWildcardDomainPatterns", { GroupId = G1, DomainName = "*.conf.example.com" })
  apigw.set_wildcard_domain_patterns{ GroupId = G1, DomainName = "*.conf.example.com",
                                      WildcardDomainPatterns = { "{svc}.conf.example.com" } }
  local patterns
  for _, d in ipairs(apigw.describe_api_group{ GroupId = G1 }.CustomDomains.DomainItem) do
    if d.DomainName == "*.conf.example.com" then patterns = d.WildcardDomainPatterns end
  end
  t.eq(patterns, '["{svc}.conf.example.com"]', "the patterns as sent, in DescribeApiGroup")
end)
t.case("ModifyApiGroup (with tags, so that DescribeApiGroup has one to check)", function()
  conform("ModifyApiGroup", { GroupId = G1, Tag = { { Key = "team", Value = "edge" } } })
end)
t.case("DescribeApiGroup (a domain with a certificate, stages, tags)", function()
  local g = conform("DescribeApiGroup", { GroupId = G1 })
  t.eq(g.CustomDomains.DomainItem[1].CertificateId, cert_id)
end)
t.case("CreateApiGroup", function()
  new_group = conform("CreateApiGroup", { GroupName = "conformance_new", Tag = { { Key = "k", Value = "v" } } }).GroupId
end)
t.case("DescribeApiGroups (items with tags)", function()
  conform("DescribeApiGroups", { GroupId = new_group })
end)
t.case("DeleteDomainCertificate", function()
  conform("DeleteDomainCertificate", { GroupId = G1, DomainName = DOMAIN, CertificateId = cert_id })
  t.eq(apigw.describe_domain{ GroupId = G1, DomainName = DOMAIN }.CertificateId, nil)
end)
t.case("DeleteDomain", function()
  conform("DeleteDomain", { GroupId = G1, DomainName = DOMAIN })
  t.raises(function() return apigw.describe_domain{ GroupId = G1, DomainName = DOMAIN } end, "NotFoundDomain")
end)
t.case("DeleteApiGroup", function() conform("DeleteApiGroup", { GroupId = new_group }) end)

t.case("actions the emulator does not model still answer InvalidApi.NotFound there", function()
  for action in pairs(NOT_MODELLED) do
    t.truthy(actions.by_action[action], action .. " is in the table")
    t.raises(function() return apigw.call(action, { GroupId = G1, DomainName = DOMAIN }) end, "InvalidApi.NotFound")
    checked[action] = "not modelled by the emulator"
  end
end)

t.case("every entry of the table was checked", function()
  for _, entry in ipairs(actions.actions) do
    t.truthy(checked[entry.action], entry.action .. " has no conformance case")
  end
end)

t.done()
