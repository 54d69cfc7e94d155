-- apigw.plan against the embedded emulator and tests/plan/seed.json: every action symbol,
-- the spec's errors, the DNS proofs (through the emulator's DNS twin), certificates by
-- fingerprint, the quota, write-only fields, prune, the JSON and text views, and the calls a
-- plan makes (counted by a done hook: the plan writes nothing).
--   apigw-lua --emulate --seed seed.json test_plan.lua TESTLIB CERT_DIR SAN_SHA256
local t = dofile(arg[1])
local D, SAN_FP = arg[2], arg[3]
local core = require "apigw.core"
local G1 = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
local G2 = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
local G3 = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"
local SUB1 = G1 .. "-cn-hangzhou.alicloudapi.com"

local function pem(name) return apigw.pem(D .. "/" .. name) end

local calls = {}
local function reset() calls = {} end
local function total()
  local n = 0
  for _, v in pairs(calls) do n = n + v end
  return n
end
apigw.on("done", function(e) calls[e.action] = (calls[e.action] or 0) + 1 end, { id = "count" })

-- the live state the cases plan against
apigw.set_domain{ GroupId = G1, DomainName = "api.example.com", BindStageName = "TEST" }
apigw.set_domain_certificate{ GroupId = G1, DomainName = "api.example.com", CertificateName = "san",
  CertificateBody = pem("san.crt"), CertificatePrivateKey = pem("san.key") }
apigw.set_domain{ GroupId = G1, DomainName = "api.example.org" } -- no ICP filing: ABNORMAL
for i = 1, 5 do apigw.set_domain{ GroupId = G3, DomainName = ("q%d.quota.example.com"):format(i) } end
reset()

local function by_domain(plan, d)
  for _, x in ipairs(plan.entries) do if x.domain == d then return x end end
  error("no entry for " .. d, 2)
end

local function last_line(s) return s:match("([^\n]*)$") end

t.case("the spec is checked as a whole: every problem by index and field, one InvalidSpec, no call", function()
  local err = t.raises(function()
    apigw.plan{
      { GroupId = G1, DomainName = "a.example.com", BindStageNme = "RELEASE" },
      { GroupId = G1, DomainName = "b.example.com", IsForce = "yes", CustomDomainType = "internet" },
      { DomainName = "bad..example.com" },
      { GroupId = G1, DomainName = "a.example.com" },
      { GroupId = G1, DomainName = "c.example.com", state = "gone" },
      { GroupId = G1, DomainName = "d.example.com", state = "absent", BindStageName = "TEST" },
      { GroupId = G1, DomainName = "e.example.com", Certificate = pem("san.crt") },
      { GroupId = G1, DomainName = "api.example.com", Certificate = pem("san.crt"), CertificateKey = pem("other.key") },
      { GroupId = G2, DomainName = "b.example.com" },
      { GroupId = G1, DomainName = "f.example.com", WebSocket = "open", WSSEnable = true },
      "not a table",
    }
  end, "InvalidSpec")
  t.eq(err.kind, "client")
  local want = {
    "want[1].BindStageNme: unknown field (did you mean BindStageName?)",
    'want[2].IsForce: must be true or false, got a string (write false, not "yes")',
    'want[2].CustomDomainType: must be one of "INTERNET", "INTRANET", got "internet" (the spelling is "INTERNET")',
    'want[3].DomainName: "bad..example.com" has an empty label',
    "want[3].GroupId: is required",
    'want[5].state: must be one of "present", "absent", got "gone"',
    'want[6].BindStageName: does not go with state = "absent"',
    "want[7].Certificate: needs CertificateKey beside it",
    "want[8].CertificateKey: ",
    "want[10].WebSocket: must be one of",
    "want[11]: an entry must be a table, got string",
    "want[4].DomainName: a.example.com is listed twice for group " .. G1 .. " (also want[1])",
  }
  for _, w in ipairs(want) do
    t.truthy(err.message:find(w, 1, true), ("the message names %q: %s"):format(w, err.message))
  end
  t.truthy(type(err.problems) == "table" and #err.problems >= #want, "err.problems lists them")
  t.truthy(err.message:find("problems in the desired state", 1, true))
  t.eq(total(), 0, "calls made")
  -- a key that is not the certificate's is named without quoting the key
  for line in pem("other.key"):gmatch("[^\n]+") do
    if #line > 16 and not line:find("-----", 1, true) then t.truthy(not err.message:find(line, 1, true), "key quoted") end
  end
end)

t.case("a spec of many bad entries: the message names the first 50, err.problems all", function()
  local spec = {}
  for i = 1, 120 do spec[i] = { GroupId = G1, DomainName = ("n%d.example.com"):format(i), Stage = "TEST" } end
  local err = t.raises(function() apigw.plan(spec) end, "InvalidSpec")
  t.eq(#err.problems, 120)
  t.truthy(err.message:find("120 problems in the desired state", 1, true), err.message:sub(1, 80))
  t.truthy(err.message:find("want[50].Stage: unknown field", 1, true))
  t.truthy(not err.message:find("want[51].Stage", 1, true))
  t.eq(err.message:sub(-43), "; and 70 more (err.problems lists them all)")
  t.eq(total(), 0, "calls made")
end)

t.case("a domain in two groups: a move needs IsForce, the other entries absent", function()
  local err = t.raises(function()
    apigw.plan{ { GroupId = G1, DomainName = "api.example.com" }, { GroupId = G2, DomainName = "api.example.com" } }
  end, "InvalidSpec")
  t.truthy(err.message:find("wanted in two groups", 1, true), err.message)
  err = t.raises(function()
    apigw.plan{ { GroupId = G1, DomainName = "api.example.com", state = "absent" }, { GroupId = G2, DomainName = "api.example.com" } }
  end, "InvalidSpec")
  t.truthy(err.message:find("want[2].IsForce: api.example.com is listed in two groups; moving it to " .. G2 .. " needs IsForce = true", 1, true), err.message)
  t.eq(total(), 0, "calls made")
  t.raises(function() apigw.plan("x") end, "InvalidSpec")
  t.raises(function() apigw.plan({}, { prun = { G1 } }) end, "InvalidOption")
  t.raises(function() apigw.plan({}, { dns = "ftp://x" }) end, "InvalidOption")
  t.raises(function() apigw.plan({}, { concurrency = 0 }) end, "InvalidOption")
end)

t.case("= unchanged and ~ update, each changed field before -> after", function()
  reset()
  local p = apigw.plan{
    { GroupId = G1, DomainName = "api.example.com", BindStageName = "TEST" },
  }
  t.eq(p.entries[1].action, "=")
  t.eq(#p.entries[1].steps, 0)
  t.eq(calls.DescribeApiGroup, 1); t.eq(total(), 1, "calls")
  p = apigw.plan{
    { GroupId = G1, DomainName = "API.example.com", BindStageName = "RELEASE", IsHttpRedirectToHttps = true, WebSocket = "OPEN" },
  }
  local x = p.entries[1]
  t.eq(x.action, "~"); t.eq(x.domain, "api.example.com")
  t.eq(#x.changes, 3)
  t.eq(x.changes[1].field, "BindStageName"); t.eq(x.changes[1].before, "TEST"); t.eq(x.changes[1].after, "RELEASE")
  t.eq(x.changes[2].field, "IsHttpRedirectToHttps"); t.eq(x.changes[2].before, false); t.eq(x.changes[2].after, true)
  t.eq(x.changes[3].field, "WebSocket"); t.eq(x.changes[3].before, "CLOSE")
  t.eq(table.concat(x.steps, ","), "SetDomain,SetDomainWebSocketStatus")
  t.eq(x.live.DomainBindingStatus, "BINDING")
  local text = tostring(p)
  t.truthy(text:find('BindStageName: "TEST" -> "RELEASE"', 1, true), text)
  t.truthy(text:find("BINDING (active)", 1, true), text)
  t.eq(last_line(text), "Plan: 0 to bind, 1 to update, 0 to move, 0 to unbind, 0 unchanged; 0 blocked.")
  t.eq(p.changes, 1)
end)

t.case("certificates by fingerprint: same is =, different is ~, one DescribeDomain each, no key kept", function()
  t.eq(core.cert_fingerprint(pem("san.crt")), SAN_FP, "the fingerprint openssl prints")
  t.eq(core.cert_fingerprint(pem("leaf.crt") .. pem("ca.crt")), core.cert_fingerprint(pem("leaf.crt")), "the leaf's")
  local fp, code = core.cert_fingerprint(pem("san.key"))
  t.eq(fp, nil); t.eq(code, "InvalidCertificateBody")
  t.eq(select(2, core.cert_fingerprint("x\0y")), "InvalidCertificateBody")
  reset()
  local p = apigw.plan{
    { GroupId = G1, DomainName = "api.example.com", Certificate = pem("san.crt"), CertificateKey = pem("san.key") },
  }
  local x = p.entries[1]
  t.eq(x.action, "="); t.eq(x.cert.before, SAN_FP); t.eq(x.cert.after, SAN_FP)
  t.eq(calls.DescribeApiGroup, 1); t.eq(calls.DescribeDomain, 1); t.eq(p.reads, 2)
  t.eq(x.want.CertificateKey, nil, "the key is not in the entry")
  p = apigw.plan{
    { GroupId = G1, DomainName = "api.example.com", Certificate = pem("cn.crt"), CertificateKey = pem("cn.key") },
  }
  x = p.entries[1]
  t.eq(x.action, "~"); t.eq(x.changes[1].field, "Certificate")
  t.eq(x.changes[1].before, SAN_FP); t.eq(x.changes[1].after, core.cert_fingerprint(pem("cn.crt")))
  t.eq(table.concat(x.steps, ","), "SetDomainCertificate")
  t.eq(p:key_of(x), pem("cn.key"), "apply reads the key from the caller's spec")
  -- a name given and different is a change too, with the same certificate
  p = apigw.plan{
    { GroupId = G1, DomainName = "api.example.com", Certificate = pem("san.crt"), CertificateKey = pem("san.key"), CertificateName = "renamed" },
  }
  t.eq(p.entries[1].action, "~"); t.eq(p.entries[1].changes[1].field, "CertificateName")
  -- nothing of the key or the bodies in either view
  local views = tostring(p) .. p:json()
  for _, f in ipairs{ "san.key", "san.crt" } do
    for line in pem(f):gmatch("[^\n]+") do
      if #line > 16 and not line:find("-----", 1, true) then t.truthy(not views:find(line, 1, true), f .. " line shown") end
    end
  end
  t.truthy(not views:find("PRIVATE KEY", 1, true))
end)

t.case("! a certificate that does not cover the domain, or has expired (also by opts.now)", function()
  local p = apigw.plan{
    { GroupId = G1, DomainName = "api.example.com", Certificate = pem("sanonly.crt"), CertificateKey = pem("sanonly.key") },
  }
  local x = p.entries[1]
  t.eq(x.action, "!"); t.eq(x.blocked.code, "CertificateDomainMismatch")
  t.truthy(x.blocked.fix:find("covers api.example.com", 1, true), x.blocked.fix)
  p = apigw.plan{ { GroupId = G1, DomainName = "api.example.com", Certificate = pem("expired.crt"), CertificateKey = pem("expired.key") } }
  t.eq(p.entries[1].blocked.code, "CertificateExpired")
  p = apigw.plan({ { GroupId = G1, DomainName = "api.example.com", Certificate = pem("valid30.crt"), CertificateKey = pem("valid30.key") } },
                 { now = os.time() + 40 * 86400 })
  t.eq(p.entries[1].blocked.code, "CertificateExpired")
  p = apigw.plan{ { GroupId = G1, DomainName = "api.example.com", Certificate = pem("valid30.crt"), CertificateKey = pem("valid30.key") } }
  t.eq(p.entries[1].action, "~")
end)

t.case("+ with a DNS proof: CNAME, a CNAME chain, TXT (the verfication spelling)", function()
  reset()
  local p = apigw.plan{
    { GroupId = G1, DomainName = "x.demo.example.com", BindStageName = "RELEASE" },
    { GroupId = G1, DomainName = "chain.example.com" },
    { GroupId = G1, DomainName = "txt.example.com" },
  }
  for _, x in ipairs(p.entries) do t.eq(x.action, "+", x.domain) ; t.eq(x.steps[1], "SetDomain") end
  t.eq(p.entries[1].dns, "CNAME x.demo.example.com -> " .. SUB1)
  t.eq(p.entries[2].dns, "CNAME chain.example.com -> hop.example.net -> " .. SUB1)
  t.eq(p.entries[3].dns, "TXT at " .. G1 .. ".txt.example.com")
  t.eq(p.entries[1].changes[1].field, "BindStageName"); t.eq(p.entries[1].changes[1].before, nil)
  t.eq(p.dns_reads, 1 + 2 + 2, "lookups: 1 CNAME, a 2-hop chain, no CNAME then TXT")
  t.eq(total(), 1, "API calls (DNS lookups are not API calls)")
  t.eq(last_line(tostring(p)), "Plan: 3 to bind, 0 to update, 0 to move, 0 to unbind, 0 unchanged; 0 blocked.")
end)

t.case("! no DNS proof, with the fix; dns = false: cannot be verified, not blocked", function()
  local p = apigw.plan{
    { GroupId = G1, DomainName = "nodns.example.com" },
    { GroupId = G1, DomainName = "wrong.example.com" },
  }
  local a, b = p.entries[1], p.entries[2]
  t.eq(a.action, "!"); t.eq(a.blocked.code, "DomainNotResolved")
  t.truthy(a.blocked.fix:find("add a CNAME record nodns.example.com -> " .. SUB1, 1, true), a.blocked.fix)
  t.truthy(a.blocked.fix:find("apigateway-domain-verification=" .. SUB1, 1, true), a.blocked.fix)
  t.eq(b.action, "!")
  t.truthy(b.blocked.reason:find("leads to elsewhere.example.net", 1, true), b.blocked.reason)
  t.eq(last_line(tostring(p)), "Plan: 0 to bind, 0 to update, 0 to move, 0 to unbind, 0 unchanged; 2 blocked.")
  t.eq(p.changes, 2, "blocked entries count as drift")
  -- apply skips a blocked entry: the view must not say it sends anything
  local text = tostring(p)
  t.truthy(text:find("once unblocked, would send: SetDomain", 1, true), text)
  t.truthy(not text:find("\n      sends:", 1, true), text)
  p = apigw.plan({ { GroupId = G1, DomainName = "nodns.example.com" } }, { dns = false })
  t.eq(p.entries[1].action, "+"); t.eq(p.entries[1].unverifiable[1], "DNS"); t.eq(p.dns_reads, 0)
  t.truthy(tostring(p):find("? DNS: cannot be verified", 1, true))
end)

t.case("-/+ move: blocked without IsForce (with the fix), planned with it; read = extra groups", function()
  reset()
  local p = apigw.plan({ { GroupId = G2, DomainName = "api.example.com" } }, { read = { G1 } })
  local x = p.entries[1]
  t.eq(x.action, "!"); t.eq(x.blocked.code, "DomainAlreadyBind"); t.eq(x.from_group, G1)
  t.truthy(x.blocked.fix:find("add IsForce = true to want[1]", 1, true), x.blocked.fix)
  t.eq(calls.DescribeApiGroup, 2)
  p = apigw.plan({ { GroupId = G2, DomainName = "api.example.com", IsForce = true, BindStageName = "RELEASE",
                     Certificate = pem("san.crt"), CertificateKey = pem("san.key") } }, { read = { G1 } })
  x = p.entries[1]
  t.eq(x.action, "-/+"); t.eq(x.from_group, G1); t.eq(x.live.DomainName, "api.example.com")
  t.eq(x.changes[1].field, "GroupId"); t.eq(x.changes[1].before, G1); t.eq(x.changes[1].after, G2)
  t.eq(x.changes[2].field, "BindStageName"); t.eq(x.changes[2].before, "TEST")
  t.eq(table.concat(x.steps, ","), "SetDomain,SetDomainCertificate", "a move is a fresh binding")
  t.truthy(x.dns:find("TXT at " .. G2 .. ".api.example.com", 1, true), x.dns)
  local text = tostring(p)
  t.truthy(text:find("group " .. G1 .. " -> " .. G2, 1, true), text)
  t.eq(last_line(text), "Plan: 0 to bind, 0 to update, 1 to move, 0 to unbind, 0 unchanged; 0 blocked.")
  t.truthy(p:json():find('"action":"-/+","from_group":"' .. G1 .. '"', 1, true), "the JSON writes -/+ as it is")
  -- the pair: absent in the old group, present with IsForce in the new one
  p = apigw.plan{ { GroupId = G1, DomainName = "api.example.com", state = "absent" },
                  { GroupId = G2, DomainName = "api.example.com", IsForce = true } }
  t.eq(p.entries[1].action, "-"); t.eq(p.entries[2].action, "-/+")
end)

t.case("! ABNORMAL with a DomainRemark: reactivate, the remark and the fix", function()
  local p = apigw.plan{ { GroupId = G1, DomainName = "api.example.org" } }
  local x = p.entries[1]
  t.eq(x.action, "!"); t.eq(x.reactivate, true); t.eq(x.blocked.code, "DomainAbnormal")
  t.truthy(x.blocked.reason:find("ICP filing", 1, true), x.blocked.reason)
  t.eq(x.steps[#x.steps], "ReactivateDomain")
  t.truthy(tostring(p):find("ABNORMAL (blocked)", 1, true))
end)

t.case("- unbind (absent), = for an absent domain not bound, prune unlisted domains", function()
  local p = apigw.plan{ { GroupId = G1, DomainName = "api.example.org", state = "absent" },
                        { GroupId = G1, DomainName = "never.example.com", state = "absent" } }
  t.eq(p.entries[1].action, "-"); t.eq(p.entries[1].steps[1], "DeleteDomain")
  t.eq(p.entries[2].action, "=")
  t.truthy(tostring(p):find("never.example.com  (group " .. G1 .. ", want[2])\n      not bound, as wanted (state absent)", 1, true), tostring(p))
  p = apigw.plan({ { GroupId = G1, DomainName = "api.example.com" } }, { prune = { G1 } })
  t.eq(#p.entries, 2)
  local x = p.entries[2]
  t.eq(x.action, "-"); t.eq(x.pruned, true); t.eq(x.index, nil); t.eq(x.domain, "api.example.org"); t.eq(x.want, nil)
  t.truthy(tostring(p):find("api.example.org  (group " .. G1 .. ", pruned)", 1, true), tostring(p))
  t.eq(last_line(tostring(p)), "Plan: 0 to bind, 0 to update, 0 to move, 1 to unbind, 1 unchanged; 0 blocked.")
  -- prune does not unbind a domain the spec moves to another group
  p = apigw.plan({ { GroupId = G2, DomainName = "api.example.com", IsForce = true } }, { prune = { G1 } })
  t.eq(#p.entries, 2); t.eq(p.entries[1].action, "-/+"); t.eq(p.entries[2].domain, "api.example.org")
end)

t.case("! quota: 5 INTERNET domains per group; what leaves makes room; INTRANET counts apart", function()
  local p = apigw.plan{ { GroupId = G3, DomainName = "q6.quota.example.com" } }
  local x = p.entries[1]
  t.eq(x.action, "!"); t.eq(x.blocked.code, "ExceedLimitDomain")
  t.truthy(x.blocked.reason:find("6 INTERNET domains; the limit is 5", 1, true), x.blocked.reason)
  p = apigw.plan{ { GroupId = G3, DomainName = "q1.quota.example.com", state = "absent" },
                  { GroupId = G3, DomainName = "q6.quota.example.com" },
                  { GroupId = G3, DomainName = "q7.quota.example.com" } }
  t.eq(p.entries[1].action, "-"); t.eq(p.entries[2].action, "+"); t.eq(p.entries[3].action, "!")
  p = apigw.plan{ { GroupId = G3, DomainName = "q6.quota.example.com", CustomDomainType = "INTRANET" } }
  t.eq(p.entries[1].action, "+")
  p = apigw.plan({ { GroupId = G3, DomainName = "q6.quota.example.com" } }, { domains_per_group = 0 })
  t.eq(p.entries[1].action, "+")
  p = apigw.plan({ { GroupId = G3, DomainName = "q6.quota.example.com" } }, { domains_per_group = 10 })
  t.eq(p.entries[1].action, "+")
end)

t.case("? write-only fields are reported as cannot be verified, not as drift", function()
  local p = apigw.plan{
    { GroupId = G1, DomainName = "api.example.com", BindStageName = "TEST", WebSocket = "CLOSE", WSSEnable = true,
      Certificate = pem("san.crt"), CertificateKey = pem("san.key"), SslOcspEnable = true, SslOcspCacheEnable = false },
  }
  local x = p.entries[1]
  t.eq(x.action, "="); t.eq(table.concat(x.unverifiable, ","), "WSSEnable,SslOcspEnable,SslOcspCacheEnable")
  t.eq(p.summary.unverifiable, 1); t.eq(p.changes, 0)
  local text = tostring(p)
  t.truthy(text:find("? WSSEnable: cannot be verified (the service never returns it)", 1, true), text)
  t.truthy(text:find("? SslOcspEnable: cannot be verified", 1, true), text)
  t.eq(last_line(text), "Plan: 0 to bind, 0 to update, 0 to move, 0 to unbind, 1 unchanged; 0 blocked.")
end)

t.case("plan:json(): the documented shape, stable, no secrets", function()
  local spec = {
    { GroupId = G1, DomainName = "api.example.com", BindStageName = "RELEASE", Certificate = pem("cn.crt"), CertificateKey = pem("cn.key") },
    { GroupId = G1, DomainName = "x.demo.example.com" },
    { GroupId = G1, DomainName = "nodns.example.com" },
  }
  local p = apigw.plan(spec, { prune = { G1 } })
  local text = p:json()
  t.eq(text, p:json(), "the same text twice")
  local j = apigw.json.decode(text)
  t.eq(j.version, 1)
  for _, k in ipairs{ "bind", "update", "move", "unbind", "unchanged", "blocked", "unverifiable" } do
    t.eq(math.type(j.summary[k]), "integer", "summary." .. k)
  end
  t.eq(j.summary.bind, 1); t.eq(j.summary.update, 1); t.eq(j.summary.blocked, 1); t.eq(j.summary.unbind, 1)
  t.eq(j.changes, 4); t.eq(j.reads, 2); t.eq(math.type(j.dns_reads), "integer")
  t.eq(#j.entries, 4)
  local e1 = j.entries[1]
  t.eq(e1.index, 1); t.eq(e1.group, G1); t.eq(e1.domain, "api.example.com"); t.eq(e1.action, "~")
  t.eq(e1.before.BindStageName, "TEST"); t.eq(e1.after.BindStageName, "RELEASE")
  t.eq(e1.after.Certificate, "sha256:" .. core.cert_fingerprint(pem("cn.crt")))
  t.eq(e1.changes[1].field, "BindStageName"); t.eq(e1.changes[1].before, "TEST"); t.eq(e1.changes[1].after, "RELEASE")
  t.eq(e1.cert.before, SAN_FP)
  t.eq(e1.steps[1], "SetDomain"); t.eq(e1.steps[2], "SetDomainCertificate")
  t.eq(e1.blocked, apigw.json.null)
  t.eq(j.entries[3].blocked.code, "DomainNotResolved"); t.eq(type(j.entries[3].blocked.fix), "string")
  t.eq(j.entries[4].pruned, true); t.eq(j.entries[4].index, apigw.json.null); t.eq(j.entries[4].after, apigw.json.null)
  -- keys in the documented order
  t.truthy(text:find('^{"version":1,"summary":{"bind":'), text:sub(1, 60))
  t.truthy(text:find('{"index":1,"group":"' .. G1 .. '","domain":"api.example.com","action":"~","from_group":null,', 1, true))
  t.truthy(not text:find("PRIVATE KEY", 1, true) and not text:find("BEGIN CERTIFICATE", 1, true), "no PEM in the JSON")
end)

t.case("tostring: colour only when asked or on a terminal, NO_COLOR wins", function()
  local show = require "apigw.plan_show"
  local p = apigw.plan{ { GroupId = G1, DomainName = "x.demo.example.com" }, { GroupId = G1, DomainName = "nodns.example.com" } }
  t.truthy(not tostring(p):find("\27", 1, true), "no escape when stdout is not a terminal")
  t.truthy(p:text{ color = true }:find("\27[32m+", 1, true), "colour when asked")
  t.truthy(not p:text{ color = false }:find("\27", 1, true))
  local function env(t0) return function(k) return t0[k] end end
  local yes = function() return true end
  t.eq(show.colour_default(env{}, yes), true)
  t.eq(show.colour_default(env{ NO_COLOR = "1" }, yes), false)
  t.eq(show.colour_default(env{ NO_COLOR = "" }, yes), true, "an empty NO_COLOR does not count")
  t.eq(show.colour_default(env{ TERM = "dumb" }, yes), false)
  t.eq(show.colour_default(env{}, function() return false end), false)
  t.eq(last_line(tostring(p)), "Plan: 1 to bind, 0 to update, 0 to move, 0 to unbind, 0 unchanged; 1 blocked.")
end)

t.case("calls per planned domain: G DescribeApiGroup + one DescribeDomain per certificate, not N", function()
  local spec = {}
  for i = 1, 197 do spec[#spec + 1] = { GroupId = G1, DomainName = ("d%d.many.example.com"):format(i) } end
  for i = 1, 3 do spec[#spec + 1] = { GroupId = G3, DomainName = ("q%d.quota.example.com"):format(i) } end
  spec[#spec + 1] = { GroupId = G1, DomainName = "api.example.com", Certificate = pem("san.crt"), CertificateKey = pem("san.key") }
  reset()
  local p = apigw.plan(spec, { concurrency = 16, domains_per_group = 0 })
  local n = #spec
  t.eq(calls.DescribeApiGroup, 2); t.eq(calls.DescribeDomain, 1); t.eq(total(), 3, "API calls")
  t.eq(p.reads, 3)
  t.eq(calls.SetDomain, nil, "a plan writes nothing")
  print(("calls per planned domain: %d API calls for %d domains over 2 groups = %.3f (plus %d DNS lookups)"):format(
    p.reads, n, p.reads / n, p.dns_reads))
  t.eq(p.summary.bind, 197); t.eq(p.summary.unchanged, 4)
end)

t.case("client:plan, a group that does not exist, plan:apply without apply", function()
  local c = apigw.client{ access_key_id = "LTAIplanAccessKeyId01", access_key_secret = "planAccessKeySecretForTheEmulator" }
  local p = c:plan{ { GroupId = G1, DomainName = "api.example.com" } }
  t.eq(p.client, c); t.eq(p.entries[1].action, "=")
  local err = t.raises(function() apigw.plan{ { GroupId = "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4", DomainName = "a.example.com" } } end,
                       "NotFoundApiGroup")
  t.truthy(err.message:find("reading group d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4", 1, true), err.message)
  if not package.preload["apigw.apply"] then
    t.raises(function() p:apply{} end, "ApplyUnavailable")
  end
end)

t.case("the plan adds its changes to the run's drift count (apigw.drift)", function()
  local ok, drift = pcall(require, "apigw.drift")
  if not ok then print("skip: no apigw.drift in this build"); return end
  local before = drift.count()
  local p = apigw.plan{ { GroupId = G1, DomainName = "x.demo.example.com" }, { GroupId = G1, DomainName = "nodns.example.com" },
                        { GroupId = G1, DomainName = "api.example.com" } }
  t.eq(p.changes, 2)
  t.eq(drift.count() - before, 2)
end)

t.case("with apply: plan, apply, and a second plan has nothing to do", function()
  if not pcall(require, "apigw.apply") then print("skip: no apigw.apply in this build"); return end
  local spec = { { GroupId = G1, DomainName = "z.demo.example.com", BindStageName = "PRE", WebSocket = "OPEN" },
                 { GroupId = G1, DomainName = "api.example.com", BindStageName = "RELEASE",
                   Certificate = pem("cn.crt"), CertificateKey = pem("cn.key") } }
  local p = apigw.plan(spec)
  t.eq(p.entries[1].action, "+"); t.eq(p.entries[2].action, "~")
  local r = p:apply{}
  t.eq(r.ok, true, tostring(r)); t.eq(r.counts.changed, 2, tostring(r))
  p = apigw.plan(spec)
  for _, x in ipairs(p.entries) do t.eq(x.action, "=", x.domain .. " after apply: " .. tostring(p)) end
  t.eq(p.changes, 0)
end)

t.case("the DNS twin answers AliDNS's JSON shape", function()
  local url = require("apigw.plan").emulator_url
  t.truthy(url, "the host gave the emulator's URL")
  local function get(q)
    local x = assert(core.fetch_start(url .. "/resolve?" .. q, 5))
    assert(require("apigw.sched").await(x, core.fetch_cancel))
    return core.fetch_finish(x)
  end
  local st, body = get("name=API.example.com.&type=CNAME")
  t.eq(st, 200)
  local j = apigw.json.decode(body)
  t.eq(j.Status, 0); t.eq(j.Question.name, "api.example.com."); t.eq(j.Question.type, 5)
  t.eq(j.Answer[1].type, 5); t.eq(j.Answer[1].data, SUB1 .. "."); t.eq(j.Answer[1].name, "api.example.com.")
  j = apigw.json.decode(select(2, get("name=" .. G1 .. ".txt.example.com&type=16")))
  t.eq(#j.Answer, 2); t.eq(j.Answer[2].data, '"apigateway-domain-verfication=' .. SUB1 .. '"')
  j = apigw.json.decode(select(2, get("name=nothing.example.invalid&type=TXT")))
  t.eq(j.Status, 3); t.eq(j.Answer, nil)
  j = apigw.json.decode(select(2, get("name=a.demo.example.com&type=TXT")))
  t.eq(j.Status, 0); t.eq(j.Answer, nil, "a name with a record but none of that type")
  t.eq((get("name=api.example.com&type=MX")), 400)
  t.eq((get("type=TXT")), 400)
end)

t.done()
