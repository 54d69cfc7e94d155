-- plan:apply with a journal: an entry that fails is recorded as not done, the others as
-- done; applying the same plan with the same journal skips what is done and does the rest.
-- Usage: apigw-lua test_journal.lua TESTLIB LIB G1 G2 DIR
local t = dofile(arg[1])
local L = dofile(arg[2])
local G1, G2, DIR = arg[3], arg[4], arg[5]
local c = apigw.client{ retries = 0 }
local J = DIR .. "/apply.journal"

local want = {}
for i = 1, 6 do
  want[i] = { GroupId = i % 2 == 0 and G2 or G1, DomainName = ("j%d.%s.example.com"):format(i, i % 2 == 0 and "b" or "a"),
              BindStageName = "RELEASE" }
end
local plan = L.plan(want, c)
local hook = apigw.on("call", function(e)
  if e.action == "SetDomain" and e.params.DomainName == "j3.a.example.com" then error("refused for the test") end
end, { id = "refuse" })
local r1 = plan:apply{ journal = J, concurrency = 3 }
hook:remove()
print(r1)
t.case("first run: one failure, the rest changed and verified", function()
  t.eq(r1.counts.changed, 5)
  t.eq(r1.counts.failed, 1)
  t.eq(L.entry(r1, "j3.a.example.com").error.code, "HookError")
  -- with a journal each written entry reads its group back itself
  t.eq(r1.calls.reads, 2 + 5, "2 group reads before, one read-back per written entry")
end)
t.case("the journal holds each entry's outcome under group/domain/action", function()
  local text = L.read(J)
  t.match(text, "\nok " .. G1 .. "/j1%.a%.example%.com/%+\n", "a done entry")
  t.match(text, "\nfailed HookError " .. G1 .. "/j3%.a%.example%.com/%+\n", "the failed one")
end)
local r2 = plan:apply{ journal = J }
print(r2)
t.case("the same plan again: the done entries are skipped, the failed one is done", function()
  for _, e in ipairs(r2.entries) do
    if e.domain == "j3.a.example.com" then
      t.eq(e.status, "changed", e.domain)
    else
      t.eq(e.status, "ok", e.domain)
      t.eq(e.reason, "done by an earlier run (journal)")
    end
  end
  t.eq(r2.calls.writes, 1, "one write")
  t.eq(L.items_of(c, G1)["j3.a.example.com"].BindStageName, "RELEASE")
end)
t.done()
