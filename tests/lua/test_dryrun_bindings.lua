-- Under --dry-run every typed binding answers with every field its table entry lists, so that
-- a playbook that prints or indexes the answer runs to its end (issue 9, section 5).
local t = dofile(arg[1])
package.path = arg[1]:gsub("testlib.lua$", "?.lua;") .. package.path
local S = require "actions_sample"
-- The sample PEM texts are not certificates: the checks OpenSSL makes before
-- SetDomainCertificate is sent are tested on real ones in tests/cert; here they are off.
require("apigw.cert").before_send.SetDomainCertificate = nil
local actions = require "apigw.actions"

for _, entry in ipairs(actions.actions) do
  t.case(entry.lua .. ": the dry-run answer has every field of the table", function()
    local given = S.all(entry)
    local a = apigw[entry.lua](given)
    t.eq(a.DryRun, true); t.eq(a.Action, entry.action)
    t.match(a.URL, "^https://"); t.eq(type(a.Headers), "table")
    t.eq(a.RequestId, "(dry-run)")
    for _, x in ipairs(entry.answer) do
      local v = a[x.name]
      if x.echo and given[x.name] ~= nil then
        t.eq(v, given[x.name], x.name .. " echoes the request")
      elseif x.type == "list" then
        t.eq(type(v), "table", x.name)
        t.eq(type(v[x.item_key]), "table", x.name .. "." .. x.item_key)
        t.eq(#v[x.item_key], 0, x.name .. " is empty")
      else
        t.eq(v, "(dry-run)", x.name)
      end
    end
    -- and through a client, the same
    local c = apigw.client{}
    t.eq(c[entry.lua](c, given).DryRun, true)
  end)
end

t.case("the fields the service echoes come from the request; the others are placeholders", function()
  local a = apigw.set_domain{ GroupId = "g1", DomainName = "api.example.com" }
  t.eq(a.GroupId, "g1"); t.eq(a.DomainName, "api.example.com")
  t.eq(a.DomainBindingStatus, "(dry-run)"); t.eq(a.SubDomain, "(dry-run)")
  local p = apigw.describe_api_groups{ PageSize = 20 }
  t.eq(p.PageSize, 20); t.eq(p.PageNumber, "(dry-run)")
end)

t.case("a playbook that indexes the answer runs to its end", function()
  local g = apigw.describe_api_group{ GroupId = "g1" }
  local n = 0
  for _, d in ipairs(g.CustomDomains.DomainItem) do n = n + #d.DomainName end
  for _, s in ipairs(g.StageItems.StageInfo) do n = n + #s.StageName end
  t.eq(n, 0)
  local line = ("%s %s %s"):format(g.GroupName, g.SubDomain, g.Status)
  t.eq(line, "(dry-run) (dry-run) (dry-run)")
end)

t.case("what is sent: the table's encodings", function()
  local a = apigw.create_api_group{ GroupName = "g", Tag = { { Key = "k1", Value = "v1" }, { Key = "k2" } } }
  t.eq(a.Params["Tag.1.Key"], "k1"); t.eq(a.Params["Tag.1.Value"], "v1")
  t.eq(a.Params["Tag.2.Key"], "k2"); t.eq(a.Params["Tag.2.Value"], nil)
  a = apigw.set_wildcard_domain_patterns{ GroupId = "g", DomainName = "*.example.com",
                                          WildcardDomainPatterns = { "{svc}.prd.example.com", "a\"b" } }
  t.eq(a.Params.WildcardDomainPatterns, '["{svc}.prd.example.com","a\\"b"]')
  a = apigw.set_wildcard_domain_patterns{ GroupId = "g", DomainName = "*.example.com", WildcardDomainPatterns = {} }
  t.eq(a.Params.WildcardDomainPatterns, "[]", "an empty list is an empty JSON array")
  a = apigw.set_domain{ GroupId = "g", DomainName = "api.example.com", IsForce = false }
  t.eq(a.Params.IsForce, "false")
  a = apigw.describe_api_groups{ PageNumber = 2.0, PageSize = 50 }
  t.eq(a.Params.PageNumber, "2"); t.eq(a.Params.PageSize, "50")
end)

t.case("apigw.wait returns at once with DryRun = true; apigw.pages has no item", function()
  local slept = 0
  local a = apigw.wait("DescribeDomain", { GroupId = "g", DomainName = "api.example.com" },
    { DomainLegalStatus = "NORMAL" }, { min_delay = 3600, sleep = function() slept = slept + 1 end,
                                        fail_on = { DomainLegalStatus = "(dry-run)" } })
  t.eq(a.DryRun, true); t.eq(slept, 0)
  t.eq(a.DomainLegalStatus, "(dry-run)")
  local n = 0
  for _ in apigw.pages("DescribeApiGroups", {}) do n = n + 1 end
  t.eq(n, 0)
end)

t.done()
