-- Apply under injected faults (5xx, resets, garbage answers), with no retries: every entry
-- is accounted for, each failure carries its apigw.Error, and what says changed is so.
-- Usage: apigw-lua test_faults.lua TESTLIB LIB G1 G2 N
local t = dofile(arg[1])
local L = dofile(arg[2])
local G1, G2, N = arg[3], arg[4], math.tointeger(tonumber(arg[5]))
local patient = apigw.client{ retries = 10 }
local brittle = apigw.client{ retries = 0 }

local want = {}
for i = 1, N do
  local g = i % 3 == 0 and G2 or G1
  want[i] = { GroupId = g, DomainName = ("f%d.%s.example.com"):format(i, g == G1 and "a" or "b"),
              BindStageName = "RELEASE", WebSocket = i % 2 == 0 and "OPEN" or nil }
end
local plan = L.plan(want, patient)
plan.client = brittle
local r = plan:apply{ concurrency = 8 }
print(r)
t.case("every entry accounted for", function()
  t.eq(#r.entries, N, "records")
  local c = r.counts
  t.eq(c.ok + c.changed + c.failed + c.skipped, N, "counts add up")
  for i, e in ipairs(r.entries) do
    t.eq(e.index, i, "order")
    if e.status == "failed" then
      t.truthy(apigw.Error.is(e.error), "an apigw.Error for " .. e.domain)
    else
      t.eq(e.status, "changed", e.domain)
    end
  end
  t.truthy(c.failed > 0, "some failed (" .. c.failed .. ")")
  t.truthy(c.changed > 0, "some changed (" .. c.changed .. ")")
end)
t.case("what says changed is on the service", function()
  local items = { [G1] = L.items_of(patient, G1), [G2] = L.items_of(patient, G2) }
  for i, e in ipairs(r.entries) do
    if e.status == "changed" then
      local it = items[e.group][e.domain]
      t.truthy(it, e.domain .. " bound")
      t.eq(it.BindStageName, "RELEASE", e.domain)
      if want[i].WebSocket then t.eq(it.DomainWebSocketStatus, "OPEN", e.domain) end
    end
  end
end)
t.case("a second apply of a fresh plan converges", function()
  local p2 = L.plan(want, patient)
  local r2 = p2:apply()
  t.eq(r2.counts.failed, 0, "no failure with retries")
  local p3 = L.plan(want, patient)
  for _, e in ipairs(p3.entries) do t.eq(e.action, "=", e.domain) end
end)
t.done()
