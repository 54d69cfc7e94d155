-- Stale plans: the state changes between plan and apply (direct calls); the changed entries
-- are not touched and say what changed; the others are applied.
-- Usage: apigw-lua test_stale.lua TESTLIB LIB G1 G2
local t = dofile(arg[1])
local L = dofile(arg[2])
local G1, G2 = arg[3], arg[4]
local c = apigw.client{ retries = 0 }

for _, d in ipairs{ "s1.a.example.com", "s2.a.example.com" } do
  c:set_domain{ GroupId = G1, DomainName = d, BindStageName = "TEST" }
end
c:set_domain{ GroupId = G2, DomainName = "mv.a.example.com" }

local want = {
  { GroupId = G1, DomainName = "s1.a.example.com", BindStageName = "RELEASE" },
  { GroupId = G1, DomainName = "s2.a.example.com", BindStageName = "RELEASE" },
  { GroupId = G1, DomainName = "s3.a.example.com", BindStageName = "RELEASE" },
  { GroupId = G1, DomainName = "mv.a.example.com", IsForce = true },
  { GroupId = G2, DomainName = "keep.b.example.com" },
}
local plan = L.plan(want, c)
local actions = {}
for i, e in ipairs(plan.entries) do actions[i] = e.action end
t.case("the plan", function() t.eq(table.concat(actions, " "), "~ ~ + -/+ +") end)

-- meanwhile, someone else:
c:set_domain{ GroupId = G1, DomainName = "s1.a.example.com", BindStageName = "PRE" }
c:set_domain{ GroupId = G1, DomainName = "s3.a.example.com", BindStageName = "TEST" }
c:delete_domain{ GroupId = G2, DomainName = "mv.a.example.com" }

local r = plan:apply()
print(r)
t.case("changed entries are skipped as stale, naming the field", function()
  local e = L.entry(r, "s1.a.example.com")
  t.eq(e.status, "skipped")
  t.eq(e.reason, "stale: BindStageName was TEST at plan time, is PRE now (re-plan)")
  t.eq(#e.steps, 0, "nothing sent")
  e = L.entry(r, "s3.a.example.com")
  t.eq(e.status, "skipped")
  t.eq(e.reason, "stale: binding was absent at plan time, is BINDING now (re-plan)")
  e = L.entry(r, "mv.a.example.com")
  t.eq(e.status, "skipped")
  t.eq(e.reason, "stale: binding was BINDING at plan time, is absent now (re-plan)")
end)
t.case("the others are applied", function()
  t.eq(L.entry(r, "s2.a.example.com").status, "changed")
  t.eq(L.entry(r, "keep.b.example.com").status, "changed")
  t.match(tostring(r), "Apply: 2 changed, 0 ok, 0 failed, 3 skipped %(0 blocked, 3 stale%)%.$")
  t.eq(r.ok, true, "skipped is not failed")
end)
t.case("the stale ones were not touched", function()
  local g1 = L.items_of(c, G1)
  t.eq(g1["s1.a.example.com"].BindStageName, "PRE")
  t.eq(g1["s3.a.example.com"].BindStageName, "TEST")
  t.eq(g1["s2.a.example.com"].BindStageName, "RELEASE")
  t.eq(g1["mv.a.example.com"], nil, "not bound by the stale move")
end)
t.case("a plan applied twice: the second apply finds every written entry stale", function()
  local r2 = plan:apply()
  t.eq(L.entry(r2, "s2.a.example.com").status, "skipped")
  t.match(L.entry(r2, "s2.a.example.com").reason, "^stale: BindStageName was TEST at plan time, is RELEASE now")
  t.eq(r2.calls.writes, 0, "nothing written")
end)
t.case("options are checked", function()
  local e = t.raises(function() plan:apply{ concurency = 2 } end, "InvalidOption")
  t.match(e.message, "unknown plan:apply option 'concurency' %(did you mean 'concurrency'%?%)")
  e = t.raises(function() plan:apply{ concurrency = 0 } end, "InvalidOption")
  t.match(e.message, "^plan:apply: concurrency must be an integer from 1 to 256, got 0")
  e = t.raises(function() plan:apply("fast") end, "InvalidOption")
  t.raises(function() require("apigw.apply").run({}, {}) end, "InvalidParameter")
end)
t.done()
