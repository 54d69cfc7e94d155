-- 500 SetDomain calls through apigw.map with throttle, 5xx, reset and garbage faults on
-- (probabilistic, seeded). What must hold: every index ends in exactly one of results or
-- errors; the only errors are InvalidResponse, one per garbage-faulted request in the
-- emulator's log; every other item succeeded although many were retried; no request was
-- refused as SignatureNonceUsed; in flight never exceeded the concurrency.
package.path = arg[3]:gsub("lua/testlib.lua$", "integration/?.lua;") .. package.path
local C = require "bulk_common"
local t = C.t
local N, CONC = 500, 32

-- enough retries that no item runs out of them by bad luck (p(fault) ~ 0.12 per attempt)
local client = apigw.client{ endpoint = C.URL, retries = 8,
  access_key_id = "LTAIdemoAccessKeyId01", access_key_secret = "demoAccessKeySecretForTheEmulator" }
local items = C.domains(N)
local results, errors = apigw.map(items, C.bind(client), { concurrency = CONC })
local stats, log = C.settled()

t.case("every item ends in exactly one of results and errors", function()
  for i = 1, N do
    t.truthy((results[i] ~= nil) ~= (errors[i] ~= nil), "item " .. i .. " in exactly one")
  end
  for k in pairs(results) do t.truthy(math.type(k) == "integer" and k >= 1 and k <= N, "result key " .. tostring(k)) end
  for k in pairs(errors) do t.truthy(math.type(k) == "integer" and k >= 1 and k <= N, "error key " .. tostring(k)) end
end)

t.case("results are in order", function()
  for i, r in pairs(results) do t.eq(r.DomainName, items[i], "results[" .. i .. "]") end
end)

local garbage = C.count(log, function(e) return e.code == "fault:garbage" end)
local nerr = 0
for _ in pairs(errors) do nerr = nerr + 1 end

t.case("garbage answers give InvalidResponse errors for exactly the affected items", function()
  t.truthy(garbage > 0, "the emulator injected garbage at least once")
  for i, e in pairs(errors) do
    t.eq(e.code, "InvalidResponse", "errors[" .. i .. "].code")
    t.eq(e.action, "SetDomain")
    t.truthy(e.attempts and e.attempts >= 1, "attempts on the error")
  end
  t.eq(nerr, garbage, "InvalidResponse errors vs garbage-faulted requests in the log")
  t.eq(stats.faults.garbage, garbage, "stats vs log")
end)

t.case("retried items succeed", function()
  local retried = C.count(log, function(e)
    return e.code == "Throttling.User" or e.code == "ServiceUnavailable" or e.code == "fault:reset"
      or e.code == "NoAnswer" end)
  t.truthy(stats.faults.throttle > 0 and stats.faults["5xx"] > 0 and stats.faults.reset > 0,
    "throttle, 5xx and reset were all injected")
  t.truthy(retried >= stats.faults.throttle + stats.faults["5xx"], "the log shows the failed attempts")
  -- every request that was not answered 200 with a good body belongs to an item that was
  -- retried and then succeeded, or to a garbage item
  t.eq(N - nerr, C.count(log, function(e) return e.status == 200 and type(e.code) ~= "string" end),
    "successful items vs successful requests")
  for i = 1, N do
    if not errors[i] then t.eq(results[i].DomainBindingStatus ~= nil, true, "item " .. i) end
  end
end)

t.case("no SignatureNonceUsed and every request verified", function()
  t.eq(C.count(log, function(e) return e.code == "SignatureNonceUsed" end), 0)
  t.eq(C.count(log, function(e) return not e.verified end), 0, "unverified requests")
end)

t.case("in flight never exceeded the concurrency", function()
  t.truthy(stats.peak_inflight >= 1 and stats.peak_inflight <= CONC,
    ("peak in flight %d, limit %d"):format(stats.peak_inflight, CONC))
end)

print(("faults: %d requests, %d throttle, %d 5xx, %d reset, %d garbage; %d ok, %d errors; peak in flight %d"):format(
  stats.requests, stats.faults.throttle, stats.faults["5xx"], stats.faults.reset, stats.faults.garbage,
  N - nerr, nerr, stats.peak_inflight))
t.done()
