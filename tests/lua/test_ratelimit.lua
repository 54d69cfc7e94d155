-- apigw.ratelimit on its own (docs/bulk.md, "Rate limit and slow-down"), driven by an
-- injected clock: time moves only when the spec or a sleep moves it, so every figure is exact.
local t = dofile(arg[1])
local Limiter = require "apigw.ratelimit"

-- A fake clock. sleep advances time unless `frozen` (several tasks pacing "at once": each
-- records its sleep, none of them moves the clock for the others).
local function clock(start)
  local c = { t = start or 0, slept = {}, frozen = false }
  c.now = function() return c.t end
  c.sleep = function(s)
    c.slept[#c.slept + 1] = s
    if not c.frozen then c.t = c.t + s end
  end
  return c
end

local function near(got, want, what)
  t.truthy(math.abs(got - want) < 1e-9, ("%s: got %.17g, want %.17g"):format(what or "value", got, want))
end

t.case("no qps: pace never sleeps", function()
  local c = clock()
  local l = Limiter.new(nil, c)
  t.eq(l.rate, nil)
  for _ = 1, 100 do l:pace() end
  t.eq(#c.slept, 0)
end)

t.case("qps = N: each start takes the next slot, 1/N s after the previous one", function()
  local c = clock(5)
  local l = Limiter.new(10, c)
  c.frozen = true -- four tasks pace at the same instant: slots 0, 0.1, 0.2, 0.3 s ahead
  for _ = 1, 4 do l:pace() end
  t.eq(#c.slept, 3, "the first start does not sleep")
  near(c.slept[1], 0.1); near(c.slept[2], 0.2); near(c.slept[3], 0.3)
  -- one task pacing calls back to back: 10 starts take 0.9 s after the first
  c = clock(0)
  l = Limiter.new(10, c)
  for _ = 1, 10 do l:pace() end
  near(c.t, 0.9, "time after 10 starts")
end)

t.case("no burst: a client idle for a minute still starts one call per 1/N s", function()
  local c = clock(0)
  local l = Limiter.new(4, c)
  l:pace()
  c.t = 60
  c.frozen = true
  l:pace(); l:pace(); l:pace()
  t.eq(#c.slept, 2)
  near(c.slept[1], 0.25); near(c.slept[2], 0.5)
end)

t.case("a throttled client without qps halves the rate it was measured to start calls at", function()
  local c = clock(0)
  local l = Limiter.new(nil, c)
  for i = 0, 49 do l:count_start(i * 0.02) end -- 50 starts in the first second
  l:count_start(1.0)                            -- closes that window: 50 calls/s
  local logged = {}
  c.t = 1.2
  l:slow_down(function(fmt, ...) logged[#logged + 1] = fmt:format(...) end)
  near(l.rate, 25, "rate after the cut"); near(l.rate_before_cut, 50, "rate before")
  t.eq(logged[1], "throttled: slowing down to 25.0 calls/s")
  -- the answers already in flight were sent at the old rate: no second cut within 1 s
  c.t = 2.19; l:slow_down()
  near(l.rate, 25, "within a second")
  c.t = 2.2; l:slow_down()
  near(l.rate, 12.5, "a second later")
end)

t.case("an unlimited client throttled before anything was measured starts from 2 calls/s", function()
  local c = clock(0)
  local l = Limiter.new(nil, c)
  l:count_start(0)
  c.t = 0.1
  l:slow_down()
  near(l.rate, 1, "max(measured, 2) / 2")
end)

t.case("the current window counts once it is a quarter of a second old", function()
  local l = Limiter.new(nil, clock(0))
  for i = 0, 99 do l:count_start(i * 0.003) end -- 100 starts in 0.3 s
  near(l:measured_rate(0.3), 100 / 0.3, "rate of the open window")
  near(l:measured_rate(0.2), 0, "too young to count, nothing before it")
end)

t.case("the rate never falls below 1 call/s", function()
  local c = clock(0)
  local l = Limiter.new(3, c)
  for i = 1, 5 do c.t = i * 1.5; l:slow_down() end
  t.eq(l.rate, 1)
end)

t.case("a cut moves a next slot in the past to now, so the new rate counts from now", function()
  local c = clock(0)
  local l = Limiter.new(10, c)
  l:pace()
  c.t = 30
  l:slow_down()
  t.eq(l.next_slot, 30)
  near(l.rate, 5)
end)

t.case("recovery: +5% per success (at least +1), up to qps", function()
  local c = clock(0)
  local l = Limiter.new(1000, c)
  for i = 1, 12 do c.t = i * 2; l:slow_down() end
  t.eq(l.rate, 1)
  l:recover(); t.eq(l.rate, 2)
  l:recover(); t.eq(l.rate, 3)
  local n = 2
  while l.rate < 1000 do l:recover(); n = n + 1 end
  t.eq(l.rate, 1000, "capped at qps")
  t.eq(n, 100, "successes from 1 back to 1,000 calls/s (docs/bulk.md)")
  l:recover(); t.eq(l.rate, 1000, "stays at qps")
end)

t.case("recovery of an unlimited client: unlimited again at twice its rate before the cut", function()
  local c = clock(0)
  local l = Limiter.new(nil, c)
  for i = 0, 9 do l:count_start(i * 0.1) end
  l:count_start(1.0) -- 10 calls/s
  c.t = 1.5
  l:slow_down()
  near(l.rate, 5)
  local logged
  local n = 0
  while l.rate do
    l:recover(function(fmt, ...) logged = fmt:format(...) end)
    n = n + 1
  end
  t.eq(n, 15, "5 -> 20 calls/s by +1 steps")
  t.eq(logged, "recovered: no rate limit")
  t.eq(l.rate_before_cut, nil)
  -- a success with no limit changes nothing
  l:recover(); t.eq(l.rate, nil)
end)

t.case("the real clock is used when none is given", function()
  local l = Limiter.new(1000)
  local t0 = require("apigw.core").now()
  for _ = 1, 20 do l:pace() end -- 19 slots of 1 ms: about 19 ms
  local el = require("apigw.core").now() - t0
  t.truthy(el >= 0.018 and el < 1, ("20 starts at 1000/s took %.4f s"):format(el))
end)

t.done()
