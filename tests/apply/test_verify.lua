-- The read-back: a request hook changes what is sent (a real edit on the wire: the emulator
-- stores what it received), so the service ends up different from the plan's want; apply
-- reports each such entry failed with ApplyVerifyFailed naming the field, never changed.
-- Usage: apigw-lua test_verify.lua TESTLIB LIB G1 G2 CERTDIR
local t = dofile(arg[1])
local L = dofile(arg[2])
local G1, T = arg[3], arg[5]
local c = apigw.client{ retries = 0 }
c:set_domain{ GroupId = G1, DomainName = "v3.a.example.com" }

local want = {
  { GroupId = G1, DomainName = "v1.a.example.com", BindStageName = "RELEASE" },
  { GroupId = G1, DomainName = "v2.a.example.com", WebSocket = "OPEN" },
  { GroupId = G1, DomainName = "v3.a.example.com", Certificate = apigw.pem(T .. "/new.pem"),
    CertificateKey = apigw.pem(T .. "/new.key"), CertificateName = "new" },
  { GroupId = G1, DomainName = "v4.a.example.com", BindStageName = "PRE", WebSocket = "OPEN", WSSEnable = true },
}
local plan = L.plan(want, c)
local other_body, other_key = apigw.pem(T .. "/old.pem"), apigw.pem(T .. "/old.key")
local hook = apigw.on("request", function(e)
  local p = e.params
  if e.action == "SetDomain" and p.DomainName == "v1.a.example.com" then p.BindStageName = "TEST" end
  if e.action == "SetDomainWebSocketStatus" and p.DomainName == "v2.a.example.com" then p.ActionValue = "CLOSE" end
  if e.action == "SetDomainCertificate" and p.DomainName == "v3.a.example.com" then
    p.CertificateBody, p.CertificatePrivateKey = other_body, other_key
  end
end, { id = "tamper" })
local r = plan:apply()
hook:remove()
print(r)
t.case("a mismatch is a failure with ApplyVerifyFailed naming the field", function()
  local e = L.entry(r, "v1.a.example.com")
  t.eq(e.status, "failed")
  t.eq(e.error.code, "ApplyVerifyFailed")
  t.eq(e.error.field, "BindStageName")
  t.eq(e.error.action, "SetDomain")
  t.match(e.error.message, "BindStageName is TEST after SetDomain, want RELEASE", "message")
  e = L.entry(r, "v2.a.example.com")
  t.eq(e.status, "failed")
  t.eq(e.error.field, "DomainWebSocketStatus")
  t.match(tostring(e.error), "SetDomainWebSocketStatus: ApplyVerifyFailed: .*DomainWebSocketStatus is CLOSE after SetDomainWebSocketStatus, want OPEN")
  e = L.entry(r, "v3.a.example.com")
  t.eq(e.status, "failed")
  t.eq(e.error.field, "Certificate")
  t.match(e.error.message, "Certificate %(fingerprint%) differs from the one sent")
end)
t.case("an untouched entry verifies; its write-only field is said to be unverified", function()
  local e = L.entry(r, "v4.a.example.com")
  t.eq(e.status, "changed")
  t.eq(table.concat(e.unverified, ","), "WSSEnable")
  t.match(tostring(r), "Apply: 1 changed, 0 ok, 3 failed, 0 skipped %(0 blocked, 0 stale%)%.$")
  t.eq(r.ok, false, "result not ok")
end)
t.case("no private key in the result's text", function()
  local s = tostring(r)
  t.eq(s:find("PRIVATE KEY", 1, true), nil)
end)
t.done()
