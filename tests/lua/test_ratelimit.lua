-- apigw.ratelimit on its own (docs/bulk.md, "Rate limit and slow-down"), driven by a fake
-- clock and scheduler: time moves only when every fake task is asleep or parked, so every
-- figure is exact.
local t = dofile(arg[1])
local Limiter = require "apigw.ratelimit"

-- A fake scheduler: tasks are coroutines; sleep, park and wake work on them; run() resumes
-- runnable tasks and, when none is, moves the clock to the earliest sleeper.
local function fake(start)
  local f = { t = start or 0, runnable = {}, sleepers = {}, parked = {}, slept = {} }
  f.now = function() return f.t end
  f.waiter = function() return coroutine.running() end
  f.sleep = function(s)
    f.slept[#f.slept + 1] = s
    local co = coroutine.running()
    if not coroutine.isyieldable() then f.t = f.t + s; return end
    f.sleepers[co] = f.t + s
    coroutine.yield()
  end
  f.park = function(co)
    f.parked[co] = true
    coroutine.yield()
    return true
  end
  f.wake = function(co)
    if f.parked[co] then f.parked[co] = nil; f.runnable[#f.runnable + 1] = co end
  end
  function f.spawn(fn)
    local co = coroutine.create(fn)
    f.runnable[#f.runnable + 1] = co
    return co
  end
  function f.run()
    while true do
      if #f.runnable > 0 then
        local co = table.remove(f.runnable, 1)
        local ok, err = coroutine.resume(co)
        if not ok then error(err, 0) end
      else
        local best, due
        for co, d in pairs(f.sleepers) do
          if not due or d < due then best, due = co, d end
        end
        if not best then return end
        f.sleepers[best] = nil
        f.t = math.max(f.t, due)
        f.runnable[#f.runnable + 1] = best
      end
    end
  end
  return f
end

local function near(got, want, what)
  t.truthy(math.abs(got - want) < 1e-9, ("%s: got %.17g, want %.17g"):format(what or "value", got, want))
end

-- n tasks each doing `calls` starts (pace, then record the time); returns the start times.
local function starts(f, l, n, calls, after)
  local out = {}
  for _ = 1, n do
    f.spawn(function()
      for _ = 1, calls do
        l:pace()
        out[#out + 1] = f.t
        if after then after() end
      end
    end)
  end
  f.run()
  return out
end

t.case("qps = N: each start takes the next slot, 1/N s after the previous one", function()
  local f = fake(5)
  local l = Limiter.new(10, f)
  t.eq(l.window, nil, "no slow start with qps")
  local s = starts(f, l, 4, 1)
  t.eq(#s, 4)
  near(s[1], 5); near(s[2], 5.1); near(s[3], 5.2); near(s[4], 5.3)
  -- one task pacing calls back to back: 10 starts take 0.9 s after the first
  f = fake(0)
  l = Limiter.new(10, f)
  s = starts(f, l, 1, 10)
  near(s[10], 0.9, "time of the tenth start")
end)

t.case("no burst: a client idle for a minute still starts one call per 1/N s", function()
  local f = fake(0)
  local l = Limiter.new(4, f)
  starts(f, l, 1, 1)
  f.t = 60
  local s = starts(f, l, 3, 1)
  near(s[1], 60); near(s[2], 60.25); near(s[3], 60.5)
end)

t.case("a start late by less than an interval keeps the grid", function()
  local f = fake(0)
  local l = Limiter.new(4, f)
  starts(f, l, 1, 1)          -- slot 0
  f.t = 0.3                   -- 0.05 s after the slot of 0.25
  local s = starts(f, l, 2, 1)
  near(s[1], 0.3, "late start goes at once")
  near(s[2], 0.5, "the next one keeps the grid")
end)

t.case("a cut applies to calls already waiting", function()
  local f = fake(0)
  local l = Limiter.new(10, f)
  local times = {}
  for _ = 1, 3 do
    f.spawn(function() l:pace(); times[#times + 1] = f.t end)
  end
  f.spawn(function()
    f.sleep(0.05)
    l:slow_down(0.05) -- a lone refusal: 90%, 10 -> 9
  end)
  f.run()
  near(l.rate, 9, "rate after the cut")
  near(times[1], 0); near(times[2], 1 / 9, "second start at the new interval"); near(times[3], 2 / 9)
end)

t.case("slow start: at most 4 calls in flight, a quarter more per success", function()
  local f = fake(0)
  local l = Limiter.new(nil, f)
  t.eq(l.window, 4); t.eq(l.rate, nil); t.eq(l.gated, true)
  local started = 0
  for _ = 1, 6 do f.spawn(function() l:pace(); started = started + 1 end) end
  f.run()
  t.eq(started, 4, "4 start, 2 wait")
  t.eq(l.inflight, 4)
  l:release(); f.run()
  t.eq(started, 5, "a release lets the next one go")
  for _ = 1, 4 do l:recover() end -- window 4 -> 5
  near(l.window, 5)
  l:release(); f.run()
  t.eq(started, 6)
  t.eq(l.inflight, 4, "6 started, 2 released")
end)

t.case("slow start ends after about 1,000 successes: the plain path", function()
  local l = Limiter.new(nil, fake(0))
  local n = 0
  while l.window do l:recover(); n = n + 1 end
  t.eq(n, 1008, "(256 - 4) / 0.25 successes")
  t.eq(l.gated, false, "nothing to pace any more")
end)

t.case("throttled in slow start: a lone refusal cuts 10% of the start rate, a dense one cuts to 90% of what was admitted", function()
  local f = fake(0)
  local l = Limiter.new(nil, f)
  for i = 1, 50 do f.t = i * 0.001; l:count_start(f.t); l:recover() end -- a quota's burst of 50
  for i = 51, 58 do f.t = i * 0.001; l:count_start(f.t) end              -- 8 more in flight
  local logged = {}
  local function log(fmt, ...) logged[#logged + 1] = fmt:format(...) end
  f.t = 0.06
  l:slow_down(0.051, log)
  near(l.rate, 0.9 * 58 / 0.059, "90% of 58 starts in 59 ms")
  t.eq(l.window, nil, "the window is dropped")
  -- the other answers in flight were refused too: the fourth refusal of the last 8 answers
  for _ = 1, 2 do l:slow_down(0.052, log) end
  t.eq(#logged, 1, "lone refusals within the second: no cut")
  l:slow_down(0.053, log)
  near(l.rate, 45, "0.9 * 50 admitted")
  t.eq(logged[2], "throttled: slowing down to 45.0 calls/s")
  -- more of the same burst: sent before the deep cut, they change nothing
  l:slow_down(0.058, log)
  near(l.rate, 45)
end)

t.case("a throttling answer to a call started before the last cut changes nothing", function()
  local f = fake(0)
  local l = Limiter.new(100, f)
  f.t = 1; l:slow_down(1)
  local r = l.rate
  f.t = 1.5; l:slow_down(0.99)
  near(l.rate, r, "sent at the old rate")
end)

t.case("a lone refusal cuts at most once a second; 4 refusals of the last 8 answers cut at once", function()
  local f = fake(0)
  local l = Limiter.new(100, f)
  for _ = 1, 10 do l:recover() end
  f.t = 10; l:slow_down(10)
  near(l.rate, 90, "a lone refusal: 90%")
  f.t = 10.2; l:slow_down(10.1)
  near(l.rate, 90, "within the second: no cut")
  for _ = 1, 8 do l:recover() end -- 8 successes: the refusals are out of the last 8 answers
  local r = l.rate
  f.t = 11.1; l:slow_down(11)
  near(l.rate, 0.9 * math.min(r, l:admitted_rate(11.1)), "a second later: 90% again (of the 8 admitted)")
  r = l.rate
  -- a dense run of refusals: nothing admitted measured in the last second -> half the rate
  l.ok_start, l.ok_cur, l.ok_prev = 0, 0, 0
  f.t = 11.2
  for _ = 1, 2 do l:slow_down(11.15) end -- with the one at 11.1: 3 of the last 8
  near(l.rate, r, "3 of the last 8")
  l:slow_down(11.15)
  near(l.rate, r / 2, "4 of the last 8: deep cut")
end)

t.case("a lone refusal cuts to 90% of what was admitted when that is lower, once a second of it was measured", function()
  local f = fake(0)
  local l = Limiter.new(100, f)
  for i = 0, 59 do f.t = i / 60; l:recover() end -- 60 successes over [0, 1)
  f.t = 0.99; l:slow_down(0.99)
  near(l.rate, 90, "under a second measured: 90% of the rate")
  for i = 0, 59 do f.t = 1 + i / 60; l:recover() end -- 60 more over [1, 2)
  local r = l.rate
  f.t = 2.0; l:slow_down(2.0)
  near(l.rate, 0.9 * math.min(r, l:admitted_rate(2.0)), "90% of the admitted 60/s")
  t.truthy(l.rate < 55, "well under the rate of " .. r)
end)

t.case("an unlimited client past slow start cuts 10% of the rate it was measured to start calls at", function()
  local f = fake(0)
  local l = Limiter.new(nil, f)
  while l.window do l:recover() end
  l.ok_cur, l.ok_prev, l.ok_start = 0, 0, -10 -- nothing counted since (ungated: not counted)
  for i = 0, 49 do l:count_start(100 + i * 0.02) end
  l:count_start(101) -- closes that window: 50 calls/s
  f.t = 101.2
  l:slow_down(101.1)
  near(l.rate, 45, "rate after the cut"); near(l.rate_before_cut, 50, "rate before")
end)

t.case("the rate never falls below 1 call/s", function()
  local f = fake(0)
  local l = Limiter.new(3, f)
  for i = 1, 20 do f.t = i * 1.5; l:slow_down(f.t) end
  t.eq(l.rate, 1)
end)

t.case("probing after a cut: +0.02 calls/s per success, +100% every 10 s since the cut, up to qps", function()
  local f = fake(0)
  local l = Limiter.new(60, f)
  f.t = 1; l:slow_down(1) -- 54
  l:recover()
  near(l.rate, 54.02, "at the cut")
  f.t = 11; l:recover()
  near(l.rate, 54.06, "10 s later: +0.04")
  f.t = 1000; for _ = 1, 10 do l:recover() end
  t.eq(l.rate, 60, "capped at qps")
end)

t.case("recovery of an unlimited client: unlimited again at twice its rate before the cut", function()
  local f = fake(0)
  local l = Limiter.new(nil, f)
  while l.window do l:recover() end
  l.ok_cur, l.ok_prev, l.ok_start = 0, 0, -10
  for i = 0, 9 do l:count_start(100 + i * 0.1) end
  l:count_start(101) -- 10 calls/s
  f.t = 101.5
  l:slow_down(101.4)
  near(l.rate, 9)
  t.eq(l.gated, true)
  local logged
  f.t = 200 -- long after the cut: fast steps
  while l.rate do l:recover(function(fmt, ...) logged = fmt:format(...) end) end
  t.eq(logged, "recovered: no rate limit")
  t.eq(l.rate_before_cut, nil)
  t.eq(l.gated, false)
end)

t.case("admitted rate: successes over the last second from two windows", function()
  local l = Limiter.new(nil, fake(0))
  for i = 0, 99 do l:_count_ok(i * 0.01) end -- 100 in [0, 1)
  near(l:admitted_rate(0.999), 100)
  for i = 0, 49 do l:_count_ok(1 + i * 0.02) end -- 50 in [1, 2)
  near(l:admitted_rate(1.5), 50 + 100 * 0.5, "half of the older window still counts")
  near(l:admitted_rate(2.5), 50 * 0.5, "no success for a while")
  near(l:admitted_rate(3.5), 0)
end)

t.case("the real clock and scheduler are used when none is given", function()
  local core = require "apigw.core"
  local l = Limiter.new(1000)
  local t0 = core.now()
  for _ = 1, 20 do l:pace() end -- outside a task: 19 slots of 1 ms
  local el = core.now() - t0
  t.truthy(el >= 0.018 and el < 1, ("20 starts at 1000/s took %.4f s"):format(el))
  -- tasks share it: 4 tasks of 10 starts at 200/s take 39 slots of 5 ms
  l = Limiter.new(200)
  t0 = core.now()
  local ts = {}
  for k = 1, 4 do
    ts[k] = apigw.spawn(function() for _ = 1, 10 do l:pace() end end)
  end
  for k = 1, 4 do ts[k]:wait() end
  el = core.now() - t0
  t.truthy(el >= 0.19 and el < 2, ("40 starts at 200/s from 4 tasks took %.4f s"):format(el))
  -- the window parks tasks in the real scheduler and a release wakes them
  l = Limiter.new(nil)
  local n = 0
  local held = {}
  for k = 1, 6 do held[k] = apigw.spawn(function() l:pace(); n = n + 1 end) end
  apigw.sleep(0.01)
  t.eq(n, 4, "4 in the window")
  l:release(); l:release()
  for k = 1, 6 do held[k]:wait() end
  t.eq(n, 6)
end)

t.done()
