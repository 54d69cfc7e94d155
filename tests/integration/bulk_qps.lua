-- qps = 40 is a limit shared by every task of the client: 120 calls from a map with 16
-- workers. Checked on the emulator's side (arrival times in its log, ms resolution): no
-- two-second window holds more than 2 * 40 * 1.1 requests, and the whole run is no faster
-- than the limit allows (within 10%). A lower bound keeps the test honest without flaking on
-- a loaded machine: the run must reach at least half the limit.
-- Why two seconds: the limiter spaces call starts 1/40 s apart, but a request reaches the
-- emulator some time after its start, and on a loaded machine that delay varies by 100 ms
-- or more (the client or the emulator not scheduled). Requests delayed from just before a
-- window into it make a window of length W hold up to 40 * (W + jitter) of them: 45 in one
-- second once, with 100 ms of jitter, against a bound of 44. Over two seconds the same 10%
-- leaves room for 200 ms of jitter, and a limiter that let 10% more through (or a burst of
-- 9 calls) is still caught.
package.path = arg[3]:gsub("lua/testlib.lua$", "integration/?.lua;") .. package.path
local C = require "bulk_common"
local t = C.t
local QPS, N = 40, 120

local client = apigw.client{ endpoint = C.URL, qps = QPS,
  access_key_id = "LTAIdemoAccessKeyId01", access_key_secret = "demoAccessKeySecretForTheEmulator" }
local t0 = C.now()
local results, errors = apigw.map(C.domains(N), C.bind(client), { concurrency = 16 })
local elapsed = C.now() - t0
local _, log = C.settled()

local function ms(e) -- "2024-01-02T03:04:05.678Z" -> milliseconds of the day (runs are short)
  local h, m, s, f = e.time:match("T(%d+):(%d+):(%d+)%.(%d+)Z")
  return ((tonumber(h) * 60 + tonumber(m)) * 60 + tonumber(s)) * 1000 + tonumber(f)
end

t.case("every call succeeded", function()
  t.eq(#results, N)
  t.eq(next(errors), nil)
  t.eq(#log, N)
end)

-- The most requests that arrived within any window of `width` milliseconds.
local function busiest(times, width)
  local worst, j = 0, 1
  for i = 1, #times do
    while times[i] - times[j] >= width do j = j + 1 end
    worst = math.max(worst, i - j + 1)
  end
  return worst
end

t.case("no two-second window holds more than 2 * qps + 10%", function()
  local times = {}
  for i, e in ipairs(log) do times[i] = ms(e) end
  table.sort(times)
  local one, two = busiest(times, 1000), busiest(times, 2000)
  print(("qps: %d calls in %.2f s (%.1f/s), busiest second %d requests, busiest two seconds %d")
    :format(N, elapsed, N / elapsed, one, two))
  t.truthy(two <= 2 * QPS * 1.1, ("busiest two seconds %d <= %.0f"):format(two, 2 * QPS * 1.1))
end)

t.case("the overall rate is within 10% of the limit, not above", function()
  local rate = (N - 1) / elapsed
  t.truthy(rate <= QPS * 1.1, ("rate %.1f <= %.1f"):format(rate, QPS * 1.1))
  t.truthy(rate >= QPS * 0.5, ("rate %.1f >= %.1f"):format(rate, QPS * 0.5))
end)

t.case("qps is checked", function()
  t.raises(function() apigw.client{ qps = 0 } end, "InvalidOption")
  t.raises(function() apigw.client{ qps = -1 } end, "InvalidOption")
  t.raises(function() apigw.client{ qps = "10" } end, "InvalidOption")
end)

t.done()
