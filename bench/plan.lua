-- The client side of bench/plan (bench/plan.c runs it): a spec of N domains over G groups,
-- planned against apigw-emulator, applied, and planned again.
--   apigw-lua bench/plan.lua seed DIR N G             writes DIR/seed.json and DIR/{a,b}.{crt,key}
--   apigw-lua --endpoint URL bench/plan.lua setup DIR N G   binds what is "already in place"
--   apigw-lua --endpoint URL bench/plan.lua run DIR N G     plan, apply, plan again; figures
-- The spec is a function of N and G alone, so the counts are known in advance: entry i is in
-- group k = floor((i-1)*G/N)+1, and i % 20 says what the live state holds for it (KINDS).
-- run prints the figures, then one line "counts k=v ..." for tests/planbench.cmake, and exits
-- 1 when the second plan is not all "=" or a count the emulator saw differs from the one the
-- plan reports (correctness, not timing; no time is asserted).
local core = require "apigw.core"
local sched = require "apigw.sched"

local mode, dir = arg[1], arg[2]
local N, G = math.tointeger(tonumber(arg[3])), math.tointeger(tonumber(arg[4]))
assert((mode == "seed" or mode == "setup" or mode == "run") and dir and N and G and N >= 1 and G >= 1 and G <= N,
  "usage: plan.lua seed|setup|run DIR N G   (1 <= G <= N)")

local function gid(k) return ("d0d0d0d0d0d0d0d0d0d0d0d0d0d0%04x"):format(k) end
local function sub(k) return gid(k) .. "-cn-hangzhou.alicloudapi.com" end
local function group_of(i) return (i - 1) * G // N + 1 end
local function domain_of(i) return ("d%d.g%d.plan.example.com"):format(i, group_of(i)) end

-- i % 20 -> what is in place (live) and what the spec wants; want's action in the first plan
local KINDS = {}
for r = 0, 4 do KINDS[r] = "bind" end                -- +   not bound yet
for r = 5, 11 do KINDS[r] = "same" end               -- =   bound as wanted
KINDS[12], KINDS[13] = "stage", "stage"              -- ~   bound with stage TEST
KINDS[14] = "redirect"                               -- ~   IsHttpRedirectToHttps false -> true
KINDS[15] = "cert_same"                              -- =   certificate a, wanted a (compared)
KINDS[16] = "cert_other"                             -- ~   certificate a, wanted b (compared)
KINDS[17] = "cert_new"                               -- ~   no certificate, wanted a
KINDS[18] = "absent"                                 -- -   bound, wanted absent
KINDS[19] = "move"                                   -- -/+ bound in the next group, IsForce
local function kind_of(i)
  local k = KINDS[i % 20]
  if k == "move" and G < 2 then k = "same" end
  return k
end
local function from_group(i) return group_of(i) % G + 1 end -- where a "move" entry is now

if mode == "seed" then
  -- two certificates covering every group's domains (a wildcard per group)
  local sans = {}
  for k = 1, G do sans[k] = ("DNS:*.g%d.plan.example.com"):format(k) end
  for _, name in ipairs{ "a", "b" } do
    local cmd = ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '%s/%s.key' " ..
      "-out '%s/%s.crt' -days 400 -subj /CN=plan-bench-%s -addext subjectAltName=%s 2>/dev/null"):format(
      dir, name, dir, name, name, table.concat(sans, ","))
    assert(os.execute(cmd), "plan.lua: openssl failed: " .. cmd)
  end
  local dns = {}
  for k = 1, G do dns[("*.g%d.plan.example.com"):format(k)] = { cname = sub(k) } end
  for i = 1, N do -- a move's domain is proven for the group it is in now by a TXT record
    if kind_of(i) == "move" then
      dns[gid(from_group(i)) .. "." .. domain_of(i)] = { txt = { "apigateway-domain-verification=" .. sub(from_group(i)) } }
    end
  end
  local groups = {}
  for k = 1, G do groups[k] = { GroupId = gid(k), GroupName = ("plan_bench_%d"):format(k), region = "cn-hangzhou", account = "demo" } end
  local seed = {
    access_keys = { { id = "LTAIdemoAccessKeyId01", secret = "demoAccessKeySecretForTheEmulator", account = "demo" } },
    groups = groups, dns = dns, icp_filed = { "example.com" },
    behaviour = { domains_per_group = 0 },
  }
  local f = assert(io.open(dir .. "/seed.json", "w"))
  f:write(apigw.json.encode(seed), "\n")
  assert(f:close())
  return
end

local cert = {}
for _, name in ipairs{ "a", "b" } do cert[name] = { body = apigw.pem(dir .. "/" .. name .. ".crt"), key = apigw.pem(dir .. "/" .. name .. ".key") } end

if mode == "setup" then
  local items = {}
  for i = 1, N do if kind_of(i) ~= "bind" then items[#items + 1] = i end end
  local _, errors = apigw.map(items, function(i)
    local k, kind = group_of(i), kind_of(i)
    local g = kind == "move" and from_group(i) or k
    apigw.set_domain{ GroupId = gid(g), DomainName = domain_of(i), BindStageName = kind == "stage" and "TEST" or "RELEASE",
                      IsHttpRedirectToHttps = false }
    if kind == "cert_same" or kind == "cert_other" then
      apigw.set_domain_certificate{ GroupId = gid(g), DomainName = domain_of(i), CertificateName = "bench-a",
                                    CertificateBody = cert.a.body, CertificatePrivateKey = cert.a.key }
    end
  end, { concurrency = 32 })
  for j, e in pairs(errors) do error(("setup of entry %d: %s"):format(items[j], tostring(e)), 0) end
  return
end

-- run
local url = os.getenv("APIGW_ENDPOINT")
assert(url, "plan.lua run: APIGW_ENDPOINT (the emulator's URL) is needed")
local function want_of(i)
  local kind = kind_of(i)
  local e = { GroupId = gid(group_of(i)), DomainName = domain_of(i) }
  if kind == "absent" then e.state = "absent"; return e end
  e.BindStageName = "RELEASE"
  if kind == "redirect" then e.IsHttpRedirectToHttps = true end
  if kind == "cert_same" or kind == "cert_new" then e.Certificate, e.CertificateKey, e.CertificateName = cert.a.body, cert.a.key, "bench-a" end
  if kind == "cert_other" then e.Certificate, e.CertificateKey, e.CertificateName = cert.b.body, cert.b.key, "bench-b" end
  if kind == "move" then e.IsForce = true end
  return e
end
local want = {}
for i = 1, N do want[i] = want_of(i) end

-- What the emulator saw: its request counter (API requests and DNS lookups alike, unsigned
-- hook /__emulator/stats) and, from the client's hooks, the API calls by action.
local function emulator_requests()
  local x, err = core.fetch_start(url .. "/__emulator/stats", 5, nil)
  assert(x, err and err.message)
  assert(sched.await(x, core.fetch_cancel), "stats lost")
  local status, body = core.fetch_finish(x)
  assert(status == 200, "the emulator's stats answered " .. tostring(status))
  return apigw.json.decode(body).requests
end
local calls, attempts = {}, 0
apigw.on("request", function() attempts = attempts + 1 end, { id = "bench-attempts" })
apigw.on("done", function(e) calls[e.action] = (calls[e.action] or 0) + 1 end, { id = "bench-calls" })
local function take()
  local c, total = calls, 0
  for _, n in pairs(c) do total = total + n end
  calls = {}
  local a = attempts
  attempts = 0
  return c, total, a
end
local function vmhwm_kb()
  local f = io.open("/proc/self/status")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return tonumber(s:match("VmHWM:%s*(%d+)"))
end

local client = apigw.client{}
local OPTS = { dns = url .. "/resolve", domains_per_group = 0 }
local fail = false
local counts = {}
local function out(fmt, ...) io.stdout:write(("plan: " .. fmt .. "\n"):format(...)); io.stdout:flush() end

-- one plan, measured
local function measured_plan(label)
  collectgarbage(); collectgarbage()
  take()
  local r0 = emulator_requests()
  local c0, t0 = os.clock(), core.now()
  local p = client:plan(want, OPTS)
  local cpu, wall = os.clock() - c0, core.now() - t0
  local by, api, sent = take()
  local dns = emulator_requests() - r0 - sent
  if api ~= p.reads or dns ~= p.dns_reads then
    out("%s: the emulator saw %d API calls and %d DNS lookups, the plan reports reads = %d, dns_reads = %d: WRONG",
      label, api, dns, p.reads, p.dns_reads)
    fail = true
  end
  return p, { api = api, dns = dns, by = by, cpu = cpu, wall = wall }
end

out("N=%d domains over G=%d groups against apigw-emulator (separate process)", N, G)
local p1, m1 = measured_plan("first plan")
local rss = vmhwm_kb()
local s = p1.summary
out("first plan: %d API calls (%d DescribeApiGroup + %d DescribeDomain) = %.3f calls per planned domain; %d DNS lookups",
  m1.api, m1.by.DescribeApiGroup or 0, m1.by.DescribeDomain or 0, m1.api / N, m1.dns)
out("first plan: %.1f ms wall (%.1f us per domain), %.1f ms CPU (%.1f us per domain), peak RSS %s",
  m1.wall * 1e3, m1.wall * 1e6 / N, m1.cpu * 1e3, m1.cpu * 1e6 / N, rss and ("%.1f MB"):format(rss / 1024) or "n/a")
out("first plan: %d to bind, %d to update, %d to move, %d to unbind, %d unchanged; %d blocked",
  s.bind, s.update, s.move, s.unbind, s.unchanged, s.blocked)
counts.plan_calls, counts.plan_group_reads, counts.plan_domain_reads, counts.plan_dns = m1.api,
  m1.by.DescribeApiGroup or 0, m1.by.DescribeDomain or 0, m1.dns
for k, v in pairs(s) do counts["plan_" .. k] = v end

-- apply
local steps = 0
for _, x in ipairs(p1.entries) do steps = steps + #x.steps end
take()
local c0, t0 = os.clock(), core.now()
local result = p1:apply{ concurrency = 16 }
local cpu, wall = os.clock() - c0, core.now() - t0
local by, api = take()
local rc = result.counts
local writes = api - (by.DescribeApiGroup or 0) - (by.DescribeDomain or 0)
out("apply: %d entries (%d changed, %d ok, %d failed, %d skipped): %d API calls (%d reads, %d writes) = %.3f calls per entry",
  #result.entries, rc.changed, rc.ok, rc.failed, rc.skipped, api, api - writes, writes, api / #result.entries)
out("apply: %.1f ms wall (%.1f us per entry), %.1f ms CPU (%.1f us per entry)",
  wall * 1e3, wall * 1e6 / #result.entries, cpu * 1e3, cpu * 1e6 / #result.entries)
if not result.ok or rc.skipped > 0 then
  out("apply: not every entry was written: WRONG")
  for _, e in ipairs(result.entries) do
    if e.status == "failed" or e.status == "skipped" then out("  %s %s: %s", e.status, e.domain, tostring(e.error or e.reason)) end
  end
  fail = true
end
if writes ~= steps then out("apply: %d writes, the plan's steps are %d: WRONG", writes, steps); fail = true end
counts.apply_calls, counts.apply_writes, counts.apply_steps, counts.apply_changed = api, writes, steps, rc.changed

-- the second plan: nothing to do
local p2, m2 = measured_plan("second plan")
local s2 = p2.summary
out("second plan: %d API calls (%d DescribeApiGroup + %d DescribeDomain), %d DNS lookups, %.1f ms wall; %d unchanged of %d",
  m2.api, m2.by.DescribeApiGroup or 0, m2.by.DescribeDomain or 0, m2.dns, m2.wall * 1e3, s2.unchanged, #p2.entries)
local not_eq = 0
for _, x in ipairs(p2.entries) do
  if x.action ~= "=" then
    not_eq = not_eq + 1
    if not_eq <= 10 then out("  not unchanged: %s %s (group %s)", x.action, x.domain, x.group) end
  end
end
if not_eq > 0 or #p2.entries ~= N then
  out("second plan: %d entries of %d are not \"=\": WRONG (apply did not converge)", not_eq, #p2.entries); fail = true
end
counts.replan_calls, counts.replan_domain_reads, counts.replan_dns, counts.replan_unchanged, counts.replan_changes =
  m2.api, m2.by.DescribeDomain or 0, m2.dns, s2.unchanged, p2.changes

local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
local parts = {}
for i, k in ipairs(keys) do parts[i] = k .. "=" .. counts[k] end
io.stdout:write("counts ", table.concat(parts, " "), "\n")
io.stdout:flush()
if fail then os.exit(1) end
