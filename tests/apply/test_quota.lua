-- The group's places (the seed allows 2 domains per group and type): the plan counts them
-- after the unbinds and moves out, so apply must send those first. The spec lists the binds
-- first; a bind sent before the unbind would get ExceedLimitDomain.
-- Usage: apigw-lua test_quota.lua TESTLIB LIB G1 G2
local t = dofile(arg[1])
local L = dofile(arg[2])
local G1, G2 = arg[3], arg[4]
local c = apigw.client{ retries = 0 }
c:set_domain{ GroupId = G1, DomainName = "q1.a.example.com" }
c:set_domain{ GroupId = G1, DomainName = "mv.a.example.com" }
c:set_domain{ GroupId = G2, DomainName = "q5.b.example.com" }
c:set_domain{ GroupId = G2, DomainName = "q6.b.example.com" }

local want = {
  { GroupId = G1, DomainName = "q3.a.example.com" },                       -- takes the place q1 frees
  { GroupId = G2, DomainName = "mv.a.example.com", IsForce = true },      -- takes the place q6 frees
  { GroupId = G1, DomainName = "q4.a.example.com" },                       -- takes the place mv frees
  { GroupId = G1, DomainName = "q1.a.example.com", state = "absent" },
  { GroupId = G2, DomainName = "q6.b.example.com", state = "absent" },
}
local plan = L.plan(want, c, { domains_per_group = 2 })
local r = plan:apply{ concurrency = 8 }
print(r)
t.case("binds wait for the unbinds and moves out of their group", function()
  t.eq(r.counts.failed, 0, "no ExceedLimitDomain")
  t.eq(r.counts.changed, 5)
  for i, e in ipairs(r.entries) do t.eq(e.index, i, "the result keeps the plan's order") end
  local g1, g2 = L.items_of(c, G1), L.items_of(c, G2)
  t.truthy(g1["q3.a.example.com"] and g1["q4.a.example.com"], "q3 and q4 bound")
  t.truthy(g2["mv.a.example.com"] and g2["q5.b.example.com"], "mv moved to G2")
  t.eq(g1["q1.a.example.com"], nil)
end)
t.done()
