-- Integration: apigw-lua against the embedded apigw-emulator (see tests/integration.cmake).
local t = dofile(arg[1])
local G1 = "11111111111111111111111111111111"
local G2 = "22222222222222222222222222222222"
local endpoint = apigw.default_client():resolve().endpoint

local FIELDS = { "RequestId", "DomainLegalStatus", "GroupId", "SubDomain", "DomainName",
                 "DomainBindingStatus", "DomainRemark", "DomainWebSocketStatus" }

local function client(o)
  o.endpoint = endpoint
  o.access_key_id = o.access_key_id or "LTAIintegrationKey01"
  o.access_key_secret = o.access_key_secret or "integrationSecret01"
  return apigw.client(o)
end

t.case("set_domain binds and answers with the exact field names", function()
  local r = apigw.set_domain{ GroupId = G1, DomainName = "a.one.example.com", BindStageName = "RELEASE",
                              CustomDomainType = "INTERNET", IsForce = false, IsHttpRedirectToHttps = true }
  for _, f in ipairs(FIELDS) do t.truthy(r[f] ~= nil, "field " .. f) end
  local n = 0
  for _ in pairs(r) do n = n + 1 end
  t.eq(n, #FIELDS, "no other fields")
  t.eq(r.GroupId, G1); t.eq(r.DomainName, "a.one.example.com")
  t.eq(r.SubDomain, G1 .. "-cn-hangzhou.alicloudapi.com")
  t.eq(r.DomainBindingStatus, "BINDING"); t.eq(r.DomainLegalStatus, "NORMAL")
  t.match(r.RequestId, "^%x+%-%x+%-%x+%-%x+%-%x+$")
end)

t.case("the binding is visible through apigw.call (DescribeApiGroup)", function()
  local g = apigw.call("DescribeApiGroup", { GroupId = G1 })
  local found
  for _, d in ipairs(g.CustomDomains.DomainItem) do
    if d.DomainName == "a.one.example.com" then found = d end
  end
  t.truthy(found, "domain listed")
  t.eq(found.BindStageName, "RELEASE")
  t.eq(found.IsHttpRedirectToHttps, true)
end)

t.case("binding again to the same group is an update", function()
  local r = apigw.set_domain{ GroupId = G1, DomainName = "a.one.example.com", BindStageName = "TEST" }
  t.eq(r.GroupId, G1)
end)

t.case("conflict: DomainAlreadyBind, then IsForce moves the domain", function()
  apigw.set_domain{ GroupId = G1, DomainName = "move.example.com" }
  local ok, e = pcall(apigw.set_domain, { GroupId = G2, DomainName = "move.example.com" })
  t.eq(ok, false)
  t.truthy(apigw.Error.is(e), "an apigw.Error")
  t.eq(e.code, "DomainAlreadyBind"); t.eq(e.http_status, 400); t.eq(e.kind, "client")
  t.eq(e.retryable, false); t.eq(e.action, "SetDomain")
  t.match(e.message, G1, "names the group holding it")
  t.match(e.request_id or "", "%x+%-"); t.truthy(e.host_id, "host_id"); t.match(e.recommend or "", "^https://")
  t.match(tostring(e), "^SetDomain: DomainAlreadyBind: .*%(HTTP 400, RequestId ")
  local r = apigw.set_domain{ GroupId = G2, DomainName = "move.example.com", IsForce = true }
  t.eq(r.GroupId, G2)
  local gone = t.raises(function()
    return apigw.call("DescribeDomain", { GroupId = G1, DomainName = "move.example.com" })
  end, "NotFoundDomain")
  t.eq(gone.http_status, 404)
  local d = apigw.call("DescribeDomain", { GroupId = G2, DomainName = "move.example.com" })
  t.eq(d.GroupId, G2)
end)

t.case("service-side checks come back as structured errors", function()
  local e = t.raises(function() return apigw.set_domain{ GroupId = G1, DomainName = "elsewhere.example.net" } end,
    "DomainNotResolved")
  t.eq(e.http_status, 400)
  t.raises(function() return apigw.set_domain{ GroupId = ("f"):rep(32), DomainName = "x.one.example.com" } end,
    "NotFoundApiGroup")
  t.raises(function() return apigw.call("NoSuchAction", {}) end, "InvalidApi.NotFound")
end)

for _, sig in ipairs{ "v3", "rpc" } do
  for _, method in ipairs{ "POST", "GET" } do
    t.case(("signature %s over %s is accepted"):format(sig, method), function()
      local c = client{ signature = sig, method = method }
      local name = ("%s-%s.one.example.com"):format(sig, method:lower())
      local r = c:set_domain{ GroupId = G1, DomainName = name, BindStageName = "" }
      t.eq(r.DomainName, name)
      local d = c:call("DescribeDomain", { GroupId = G1, DomainName = name })
      t.eq(d.DomainName, name)
    end)
    t.case(("STS token with %s over %s"):format(sig, method), function()
      local c = client{ signature = sig, method = method, access_key_id = "STS.integrationSts01",
        access_key_secret = "integrationStsSecret", security_token = "integration+sts/token=" }
      local r = c:set_domain{ GroupId = G1, DomainName = ("sts-%s-%s.one.example.com"):format(sig, method:lower()) }
      t.eq(r.GroupId, G1)
      local bad = client{ signature = sig, method = method, access_key_id = "STS.integrationSts01",
        access_key_secret = "integrationStsSecret", security_token = "wrong-token" }
      local e = t.raises(function() return bad:set_domain{ GroupId = G1, DomainName = "nope.one.example.com" } end)
      t.eq(e.kind, "client"); t.truthy(e.code:find("SecurityToken"), "a security-token code, got " .. e.code)
    end)
  end
end

t.case("a wrong secret: SignatureDoesNotMatch, diagnosed for the RPC scheme", function()
  local c = client{ signature = "rpc", access_key_secret = "not-the-secret" }
  local e = t.raises(function() return c:set_domain{ GroupId = G1, DomainName = "w.one.example.com" } end,
    "SignatureDoesNotMatch")
  t.match(e.message, "AccessKey secret is wrong")
  t.eq(e.message:find("not%-the%-secret"), nil, "secret not echoed")
  local v3 = client{ access_key_secret = "not-the-secret" }
  t.raises(function() return v3:set_domain{ GroupId = G1, DomainName = "w.one.example.com" } end,
    "SignatureDoesNotMatch")
end)

t.case("an unknown AccessKey", function()
  local c = client{ access_key_id = "LTAIunknown", access_key_secret = "whatever" }
  local e = t.raises(function() return c:call("DescribeApiGroup", { GroupId = G1 }) end, "InvalidAccessKeyId.NotFound")
  t.eq(e.http_status, 404)
end)

t.case("list parameters are flattened (Tag.1.Key) and reach the service", function()
  local r = apigw.call("CreateApiGroup", { GroupName = "tagged_group", Tag = { { Key = "env", Value = "test" } } })
  t.match(r.GroupId, "^%x+$")
  local g = apigw.call("DescribeApiGroup", { GroupId = r.GroupId })
  t.eq(g.GroupName, "tagged_group")
end)

t.case("tasks run calls concurrently and map keeps every item", function()
  local items = {}
  for i = 1, 40 do items[i] = ("m%d.one.example.com"):format(i) end
  items[41] = "bad.example.net"
  local results, errors = apigw.map(items, function(d)
    return apigw.set_domain{ GroupId = G1, DomainName = d }.DomainName
  end, { concurrency = 8 })
  for i = 1, 40 do t.eq(results[i], items[i]) end
  t.eq(results[41], nil); t.eq(errors[41].code, "DomainNotResolved")
end)

t.done()
