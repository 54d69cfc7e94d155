-- A client's rate limiter, shared by every task that uses the client.
local core = require "apigw.core"
local sched = require "apigw.sched"

local Limiter = {}
Limiter.__index = Limiter

-- The real clock: core.now (seconds, monotonic) and apigw.sleep (yields inside a task).
local CLOCK = { now = core.now, sleep = sched.sleep }

-- Limiter.new(qps or nil [, clock]): clock = {now = f, sleep = f} replaces the real one
-- (specs drive a limiter with a clock of their own). The call path hands count_start the
-- time it already read; pace and slow_down read the clock themselves.
function Limiter.new(qps, clock)
  clock = clock or CLOCK
  return setmetatable({
    now = clock.now, sleep = clock.sleep,
    qps = qps,              -- configured limit (calls/s) or nil
    rate = qps,             -- effective limit after throttling adjustments, nil: none
    next_slot = 0,          -- earliest start time of the next call
    win_start = 0, win_count = 0, prev_rate = 0, -- calls started per second, measured
    last_cut = -math.huge,  -- when the rate was last halved
    rate_before_cut = nil,  -- what an unlimited client was doing when first throttled
  }, Limiter)
end

-- Rate limit and slow-down (docs/bulk.md, "Rate limit"):
--  * qps = N makes the client a token bucket of depth 1 refilled at N tokens/s: each start
--    (first attempts and retries alike) takes the next free slot, 1/N s after the previous
--    one, and sleeps until it; every task using the client shares the slots.
--  * A throttling answer halves the effective rate (an unlimited client starts from the rate
--    it was measured to start calls at), at most once per second: the answers already in
--    flight were sent at the old rate and must not cut it again. Floor: 1 call/s.
--  * Each success then raises the rate by 5% (at least +1 call/s), up to the configured qps;
--    an unlimited client becomes unlimited again once it is back to twice the rate it had
--    when first throttled.
local MIN_RATE, CUT_INTERVAL = 1, 1.0

function Limiter:pace()
  local rate = self.rate
  if not rate then return end
  local t = self.now()
  local slot = self.next_slot
  if slot < t then slot = t end
  self.next_slot = slot + 1 / rate
  if slot > t then self.sleep(slot - t) end
end

-- Counts starts per second (what an unlimited client was doing when it got throttled).
function Limiter:count_start(t)
  local el = t - self.win_start
  if el >= 1 then
    self.prev_rate = self.win_count / el
    self.win_start, self.win_count = t, 0
  end
  self.win_count = self.win_count + 1
end

function Limiter:measured_rate(t)
  local el = t - self.win_start
  local cur = el >= 0.25 and self.win_count / el or 0
  return math.max(self.prev_rate, cur)
end

function Limiter:slow_down(log)
  local t = self.now()
  if t - self.last_cut < CUT_INTERVAL then return end
  self.last_cut = t
  local base = self.rate
  if not base then
    base = math.max(self:measured_rate(t), 2 * MIN_RATE)
    self.rate_before_cut = base
  end
  self.rate = math.max(MIN_RATE, base / 2)
  if self.next_slot < t then self.next_slot = t end
  if log then log("throttled: slowing down to %.1f calls/s", self.rate) end
end

function Limiter:recover(log)
  local rate = self.rate
  if not rate then return end
  rate = rate + math.max(1, rate * 0.05)
  if self.qps then
    self.rate = math.min(self.qps, rate)
  elseif rate >= 2 * (self.rate_before_cut or 0) then
    self.rate, self.rate_before_cut = nil, nil
    if log then log("recovered: no rate limit") end
  else
    self.rate = rate
  end
end

return Limiter
