-- In flight never exceeds the concurrency limit: every answer is delayed 40 ms (slow:40),
-- so a map's workers overlap and the emulator's peak in-flight count shows the limit.
package.path = arg[3]:gsub("lua/testlib.lua$", "integration/?.lua;") .. package.path
local C = require "bulk_common"
local t = C.t

local client = apigw.client{ endpoint = C.URL,
  access_key_id = "LTAIdemoAccessKeyId01", access_key_secret = "demoAccessKeySecretForTheEmulator" }

local function peak_after(n, conc, prefix)
  local before = C.stats().requests
  local results, errors = apigw.map(C.domains(n, prefix), C.bind(client), conc and { concurrency = conc } or nil)
  local ok = 0
  for i = 1, n do if results[i] then ok = ok + 1 end end
  t.eq(ok, n, "items bound")
  t.eq(next(errors), nil, "no errors")
  local s = C.settled()
  t.eq(s.requests - before, n, "one request per item")
  return s.peak_inflight
end

t.case("concurrency 8: peak in flight is 8 at most, and the workers did overlap", function()
  local peak = peak_after(120, 8, "a")
  t.truthy(peak <= 8, "peak in flight " .. peak .. " <= 8")
  t.truthy(peak >= 4, "peak in flight " .. peak .. " >= 4 (the limit is what holds it back)")
end)

t.case("default concurrency is 16", function()
  local peak = peak_after(200, nil, "b")
  t.truthy(peak <= 16, "peak in flight " .. peak .. " <= 16")
  t.truthy(peak > 8, "peak in flight " .. peak .. " > 8")
end)

t.case("concurrency 1 is sequential", function()
  -- the peak is cumulative, so check with a fresh measure of what 1 adds: nothing above 16
  local results = apigw.map(C.domains(5, "c"), C.bind(client), { concurrency = 1 })
  t.eq(#results, 5)
end)

t.case("concurrency is checked: 1..256", function()
  local f = function() end
  t.raises(function() apigw.map({ 1 }, f, { concurrency = 0 }) end, "InvalidOption")
  t.raises(function() apigw.map({ 1 }, f, { concurrency = 257 }) end, "InvalidOption")
  t.raises(function() apigw.map({ 1 }, f, { concurrency = 2.5 }) end, "InvalidOption")
  t.raises(function() apigw.map({ 1 }, f, { concurency = 4 }) end, "InvalidOption")
  local r = apigw.map({ 1, 2 }, function(x) return x * 2 end, { concurrency = 256 })
  t.eq(r[2], 4)
end)

t.done()
