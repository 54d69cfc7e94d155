-- A client's rate limiter, shared by every task that uses the client (docs/bulk.md, "Rate
-- limit and slow-down"). The call path asks it for a start (pace), hands back the window slot
-- when the answer is in (release), and reports successes (recover) and throttling answers
-- (slow_down).
local core = require "apigw.core"
local sched = require "apigw.sched"

local Limiter = {}
Limiter.__index = Limiter

-- The real clock and scheduler: core.now (seconds, monotonic), apigw.sleep, and the
-- scheduler's parking (sched.waiter/park/wake). Specs pass their own.
local CLOCK = { now = core.now, sleep = sched.sleep, waiter = sched.waiter, park = sched.park,
                wake = sched.wake }

-- Slow start (a client without qps, before its first throttling answer): at most WINDOW
-- calls in flight, a quarter more per success, so that a quota the client does not know
-- finds it with about a dozen calls in flight rather than all of its tasks at once (each
-- refused). From 4 to 256 the window takes about 1,000 successes, which at local speeds is a
-- few tens of milliseconds; past 256 the window is dropped and the call path is the plain one.
local SLOW_START_WINDOW, SLOW_START_STEP, SLOW_START_END = 4, 0.25, 256
-- Two kinds of cut. A deep cut, when at least 4 of the last 8 answers were refusals (the rate
-- is well over a quota): 90% of the calls the service admitted over the last second, which
-- is what a quota lets through, measured (half the rate when nothing was measured). A mild
-- cut, for a lone refusal, at most once a second: 90% of the rate (of the rate the client
-- was measured to start calls at, without a limit), or of what was admitted over the last
-- second when that is lower and a whole second of it was measured. Random throttling (another client of the
-- account, an injected fault) thus costs a little speed, not most of it. Either cut counts
-- only for a call started after the last cut of its kind: the answers already in flight were
-- sent at the old rate. Floor: 1 call/s.
local CUT_FACTOR, MIN_RATE, CUT_INTERVAL = 0.9, 1, 1.0
local HISTORY_MASK, DENSE = 0xff, 4
-- After a cut each success adds 0.02 calls/s (about 2% of the rate per second), growing by
-- the time since the cut (+100% every 10 s): a quota is probed slowly, a cut that went too
-- deep is undone within tens of seconds.
local PROBE_STEP, PROBE_ACCEL = 0.02, 10.0
-- A start that comes late (timers have a millisecond's resolution) keeps the grid of slots
-- if it is late by less than one interval or 2 ms, so the average rate is the rate asked.
local CATCH_UP = 0.002

-- Limiter.new(qps or nil [, clock]): clock = {now, sleep, waiter, park, wake} replaces the
-- real one.
function Limiter.new(qps, clock)
  clock = clock or CLOCK
  local self = setmetatable({
    now = clock.now, sleep = clock.sleep, waiter = clock.waiter, park = clock.park,
    wake = clock.wake,
    qps = qps,              -- configured limit (calls/s) or nil
    rate = qps,             -- effective limit, nil: none
    window = not qps and SLOW_START_WINDOW or nil, -- slow start's in-flight limit, nil: none
    inflight = 0,           -- calls started under the window and not yet released
    last_start = -math.huge, -- the slot of the last start
    queue = {}, qhead = 1, qtail = 0, -- waiters, first come first served
    win_start = 0, win_count = 0, prev_rate = 0, -- calls started per second, measured
    ok_start = 0, ok_cur = 0, ok_prev = 0, -- successes per second, measured while gated
    ok_since = nil,         -- the first success measured
    last_cut = -math.huge,  -- when the rate was last cut
    last_deep = -math.huge, -- when it was last cut deep
    history = 0,            -- the last 8 answers while gated, a bit set per refusal
    first_start = nil, nstarts = 0, -- for the start rate of a client in slow start
    rate_before_cut = nil,  -- what an unlimited client was doing when first throttled
  }, Limiter)
  self.gated = self.rate ~= nil or self.window ~= nil
  return self
end

-- Can a call start at t? (the window has room and the rate's next slot has come)
function Limiter:_ready(t)
  local window, rate = self.window, self.rate
  if window and self.inflight >= window then return false end
  return not rate or self.last_start + 1 / rate <= t
end

function Limiter:_grant(t)
  local rate = self.rate
  if rate then
    local interval = 1 / rate
    local slot = self.last_start + interval
    self.last_start = (t - slot < math.max(interval, CATCH_UP)) and slot or t
  end
  if self.window then self.inflight = self.inflight + 1 end
end

function Limiter:_leave(me)
  local q = self.queue
  if q[self.qhead] == me then
    q[self.qhead] = nil
    self.qhead = self.qhead + 1
  else -- parking failed (nothing left to wake it): it goes from wherever it stood
    for i = self.qhead, self.qtail do
      if q[i] == me then table.remove(q, i); self.qtail = self.qtail - 1; break end
    end
  end
  if self.qhead > self.qtail then self.qhead, self.qtail = 1, 0 end
end

-- Waits for a start: the queue's head sleeps until the rate's next slot or parks until the
-- window has room, and wakes the next waiter once it goes; the others park. Conditions are
-- re-checked at every wake-up, so a cut or a raise applies to calls already waiting.
function Limiter:pace()
  local t = self.now()
  if self.qtail < self.qhead and self:_ready(t) then return self:_grant(t) end
  local me = self.waiter()
  self.qtail = self.qtail + 1
  self.queue[self.qtail] = me
  while true do
    if self.queue[self.qhead] == me then
      t = self.now()
      local window, rate = self.window, self.rate
      if window and self.inflight >= window then
        if not self.park(me) then break end -- release wakes it
      else
        local slot = rate and self.last_start + 1 / rate
        if not slot or slot <= t then break end
        self.sleep(slot - t)
      end
    elseif not self.park(me) then -- the head wakes it when it goes
      break
    end
  end
  self:_leave(me)
  self:_grant(self.now())
  local nxt = self.queue[self.qhead]
  if nxt then self.wake(nxt) end
end

-- The answer of a call started under the window is in.
function Limiter:release()
  self.inflight = self.inflight - 1
  local head = self.queue[self.qhead]
  if head then self.wake(head) end
end

-- Counts starts per second (what an unlimited client was doing when it got throttled).
function Limiter:count_start(t)
  local el = t - self.win_start
  if el >= 1 then
    self.prev_rate = self.win_count / el
    self.win_start, self.win_count = t, 0
  end
  self.win_count = self.win_count + 1
  if self.window then
    self.first_start = self.first_start or t
    self.nstarts = self.nstarts + 1
  end
end

function Limiter:measured_rate(t)
  local el = t - self.win_start
  local cur = el >= 0.25 and self.win_count / el or 0
  return math.max(self.prev_rate, cur)
end

-- Successes over the last second, from two one-second windows (the older one weighted by
-- the part of it still within the last second).
function Limiter:admitted_rate(t)
  local el = t - self.ok_start
  if el >= 2 then return 0 end
  if el >= 1 then return self.ok_cur * (2 - el) end
  return self.ok_cur + self.ok_prev * (1 - el)
end

function Limiter:_count_ok(t)
  self.ok_since = self.ok_since or t
  local el = t - self.ok_start
  if el >= 1 then
    self.ok_prev = el < 2 and self.ok_cur or 0
    self.ok_start, self.ok_cur = el < 2 and self.ok_start + 1 or t, 0
  end
  self.ok_cur = self.ok_cur + 1
end

local function refusals(h)
  local n = 0
  while h > 0 do n = n + (h & 1); h = h >> 1 end
  return n
end

-- A throttling answer to a call started at `started`.
function Limiter:slow_down(started, log)
  local t = self.now()
  local history = ((self.history << 1) | 1) & HISTORY_MASK
  self.history = history
  local deep = refusals(history) >= DENSE and started >= self.last_deep
  if not deep and (started < self.last_cut or t - self.last_cut < CUT_INTERVAL) then return end
  local admitted = self:admitted_rate(t)
  local base = self.rate
  if not base then
    if self.window then -- in slow start: the rate of its starts so far
      base = self.nstarts / math.max(t - (self.first_start or t), 1e-3)
    else
      base = self:measured_rate(t)
    end
    base = math.max(base, 2 * MIN_RATE)
    self.rate_before_cut = base
  end
  local rate
  if not deep then
    -- what was admitted counts once a whole second of it was measured (before that it says
    -- too little; a lone refusal is then more likely chance than a quota)
    local measured = self.ok_since and t - self.ok_since >= 1 and admitted > 0
    rate = CUT_FACTOR * (measured and math.min(base, admitted) or base)
  elseif admitted > 0 then
    rate = CUT_FACTOR * math.min(base, admitted)
  else
    rate = base / 2
  end
  self.rate = math.max(MIN_RATE, rate)
  self.window, self.gated = nil, true
  self.last_cut = t
  if deep then self.last_deep = t end
  if log then log("throttled: slowing down to %.1f calls/s", self.rate) end
  local head = self.queue[self.qhead]
  if head then self.wake(head) end -- it may have been waiting for the window
end

-- A successful answer (the call path reports it while the limiter is gated).
function Limiter:recover(log)
  local t = self.now()
  self:_count_ok(t)
  self.history = (self.history << 1) & HISTORY_MASK
  local window = self.window
  if window then
    window = window + SLOW_START_STEP
    if window >= SLOW_START_END then
      window = nil
      self.gated = self.rate ~= nil
    end
    self.window = window
    return
  end
  local rate = self.rate
  if not rate then return end
  rate = rate + PROBE_STEP * (1 + (t - self.last_cut) / PROBE_ACCEL)
  if self.qps then
    self.rate = math.min(self.qps, rate)
  elseif rate >= 2 * (self.rate_before_cut or 0) then
    self.rate, self.rate_before_cut, self.gated = nil, nil, false
    if log then log("recovered: no rate limit") end
  else
    self.rate = rate
  end
end

return Limiter
