-- apigw.call's parameter encoding, seen through --dry-run (nothing is sent).
local t = dofile(arg[1])

local function params(action, p)
  local r = apigw.call(action, p)
  t.eq(r.DryRun, true, "dry run")
  return r.Params, r
end

t.case("scalars: strings as they are, integers as digits, booleans as true/false", function()
  local p = params("DescribeApiGroups", { GroupName = "a b&c=d", PageNumber = 2, PageSize = 10.0,
                                          EnableTagAuth = false, Ratio = 0.5 })
  t.eq(p.GroupName, "a b&c=d"); t.eq(p.PageNumber, "2"); t.eq(p.PageSize, "10")
  t.eq(p.EnableTagAuth, "false"); t.eq(p.Ratio, "0.5")
end)

t.case("lists flatten to Name.1, Name.2 and maps to Name.Key", function()
  local p = params("CreateApiGroup", { GroupName = "g", Tag = { { Key = "env", Value = "prod" }, { Key = "team", Value = "x" } },
                                       Extra = { A = "1", B = { "p", "q" } } })
  t.eq(p["Tag.1.Key"], "env"); t.eq(p["Tag.1.Value"], "prod"); t.eq(p["Tag.2.Key"], "team")
  t.eq(p["Extra.A"], "1"); t.eq(p["Extra.B.1"], "p"); t.eq(p["Extra.B.2"], "q")
  t.eq(p.Tag, nil)
end)

t.case("the URL carries every parameter percent-encoded and sorted", function()
  local _, r = params("DescribeApiGroups", { GroupName = "a b*~", Tag = { { Key = "k", Value = "v/1" } } })
  t.match(r.URL, "GroupName=a%%20b%%2A~")
  t.match(r.URL, "Tag%.1%.Value=v%%2F1")
  t.truthy(r.URL:find("GroupName=", 1, true) < r.URL:find("Tag.1.Key=", 1, true), "sorted")
end)

t.case("set_domain sends booleans as true/false and leaves nil parameters out", function()
  local r = apigw.set_domain{ GroupId = "g1", DomainName = "a.example.com", IsForce = true,
                              IsHttpRedirectToHttps = false, BindStageName = "" }
  t.eq(r.Params.IsForce, "true"); t.eq(r.Params.IsHttpRedirectToHttps, "false")
  t.eq(r.Params.BindStageName, ""); t.eq(r.Params.CustomDomainType, nil)
  t.match(r.URL, "BindStageName=&"); t.eq(r.URL:find("CustomDomainType", 1, true), nil)
end)

t.case("rpc signature: common parameters and the signature (masked) in the query", function()
  local c = apigw.client{ signature = "rpc", method = "GET" }
  local r = c:set_domain{ GroupId = "g1", DomainName = "a.example.com" }
  t.eq(r.Method, "GET")
  for _, k in ipairs{ "Action=SetDomain", "Version=2016%-07%-14", "Format=JSON", "SignatureMethod=HMAC%-SHA1",
                      "SignatureVersion=1%.0", "SignatureNonce=%x+", "Timestamp=%d+%-%d+%-%d+T%d+%%3A%d+%%3A%d+Z",
                      "AccessKeyId=LTAItestkey", "[?&]Signature=%*%*%*&" } do
    t.match(r.URL, k)
  end
end)

t.case("each attempt gets a fresh nonce", function()
  local a = apigw.set_domain{ GroupId = "g1", DomainName = "a.example.com" }
  local b = apigw.set_domain{ GroupId = "g1", DomainName = "a.example.com" }
  local function nonce(r)
    for _, h in ipairs(r.Headers) do
      local v = h:match("^x%-acs%-signature%-nonce: (%x+)$")
      if v then return v end
    end
  end
  t.truthy(nonce(a) and #nonce(a) == 32, "32 hex characters")
  t.truthy(nonce(a) ~= nonce(b), "different nonces")
end)

t.done()
