-- plan:apply from a mixed state (tests/apply/apply.sh sets it up): a bind, an update, a move,
-- an unbind, a certificate change, WebSocket, an ABNORMAL domain whose ICP filing the seed now
-- has (reactivated) and one it still lacks (skipped, blocked); then a second plan has nothing
-- to do. Usage: apigw-lua test_converge.lua TESTLIB LIB G1 G2 CERTDIR
local t = dofile(arg[1])
local L = dofile(arg[2])
local G1, G2, T = arg[3], arg[4], arg[5]
local c = apigw.client{ retries = 0 }

local want = {
  { GroupId = G1, DomainName = "new.a.example.com", BindStageName = "RELEASE", IsHttpRedirectToHttps = true },
  { GroupId = G1, DomainName = "upd.a.example.com", BindStageName = "RELEASE" },
  { GroupId = G1, DomainName = "mv.a.example.com", IsForce = true, BindStageName = "PRE" },
  { GroupId = G1, DomainName = "old.a.example.com", state = "absent" },
  { GroupId = G1, DomainName = "cert.a.example.com", Certificate = apigw.pem(T .. "/new.pem"),
    CertificateKey = apigw.pem(T .. "/new.key"), CertificateName = "new" },
  { GroupId = G1, DomainName = "ws.a.example.com", WebSocket = "OPEN", WSSEnable = true },
  { GroupId = G1, DomainName = "fix.example.org" },
  { GroupId = G1, DomainName = "nofix.example.net" },
  { GroupId = G1, DomainName = "same.a.example.com", BindStageName = "TEST" },
  { GroupId = G2, DomainName = "two.b.example.com" },
}

local plan = L.plan(want, c)
print(plan)
local r
t.case("apply converges: every entry's status", function()
  r = plan:apply{ concurrency = 4 }
  print(r)
  t.eq(#r.entries, #want, "one record per entry")
  local want_status = {
    ["new.a.example.com"] = "changed", ["upd.a.example.com"] = "changed", ["mv.a.example.com"] = "changed",
    ["old.a.example.com"] = "changed", ["cert.a.example.com"] = "changed", ["ws.a.example.com"] = "changed",
    ["fix.example.org"] = "changed", ["nofix.example.net"] = "skipped", ["same.a.example.com"] = "ok", ["two.b.example.com"] = "changed",
  }
  for i, e in ipairs(r.entries) do
    t.eq(e.index, i, "plan order")
    t.eq(e.status, want_status[e.domain], e.domain .. " (" .. tostring(e.error or e.reason) .. ")")
  end
  t.eq(r.ok, true, "no entry failed")
  t.eq(r.counts.changed, 8, "changed")
  t.eq(r.counts.skipped, 1, "skipped")
  t.eq(r.counts.blocked, 1, "blocked")
  t.match(L.entry(r, "nofix.example.net").reason, "^blocked: .*ReactivateDomain: InvalidICPLicense", "the refusal")
  t.match(tostring(r), "Apply: 8 changed, 1 ok, 0 failed, 1 skipped %(1 blocked, 0 stale%)%.$", "the recap line")
  t.eq(table.concat(L.entry(r, "ws.a.example.com").unverified, ","), "WSSEnable", "write-only field named")
  t.match(tostring(r), "WSSEnable written, cannot be verified", "and said so")
  t.eq(table.concat(L.entry(r, "mv.a.example.com").steps, ","), "SetDomain", "a move is one SetDomain")
  t.eq(table.concat(L.entry(r, "fix.example.org").steps, ","), "ReactivateDomain", "reactivated")
end)

t.case("the calls: 2 group reads + 1 DescribeDomain + the writes", function()
  -- G1 and G2 before, G1 and G2 after, the certificate's DescribeDomain
  t.eq(r.calls.reads, 5, "reads")
  t.eq(r.calls.writes, 9, "writes: one per changed entry, and the refused ReactivateDomain")
end)

t.case("the service holds what was wanted", function()
  local g1, g2 = L.items_of(c, G1), L.items_of(c, G2)
  t.eq(g1["new.a.example.com"].BindStageName, "RELEASE")
  t.eq(g1["new.a.example.com"].IsHttpRedirectToHttps, true)
  t.eq(g1["upd.a.example.com"].BindStageName, "RELEASE")
  t.eq(g1["mv.a.example.com"].BindStageName, "PRE")
  t.eq(g2["mv.a.example.com"], nil, "moved away from G2")
  t.eq(g1["old.a.example.com"], nil, "unbound")
  t.eq(g1["cert.a.example.com"].CertificateName, "new")
  t.eq(g1["ws.a.example.com"].DomainWebSocketStatus, "OPEN")
  t.eq(g1["fix.example.org"].DomainLegalStatus, "NORMAL")
  t.eq(g1["nofix.example.net"].DomainLegalStatus, "ABNORMAL")
  t.eq(g2["two.b.example.com"].DomainBindingStatus, "BINDING")
end)

t.case("a second plan has nothing to do", function()
  local p2 = L.plan(want, c)
  for _, e in ipairs(p2.entries) do
    if e.domain == "nofix.example.net" then
      t.eq(e.action, "!", "still blocked")
    else
      t.eq(e.action, "=", e.domain)
    end
  end
  local r2 = p2:apply()
  t.eq(r2.counts.changed, 0, "nothing changed")
  t.eq(r2.counts.ok, 9, "ok")
  t.eq(r2.calls.writes, 1, "only the blocked entry's ReactivateDomain try is sent")
end)

t.done()
