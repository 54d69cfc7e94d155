-- The scheduler: one Lua state, one curl multi handle, many coroutines.
-- A binding called inside a task yields until its transfer completes; called outside a
-- task it runs the loop (and so every task) until its own transfer completes.
-- Coroutines are resumed only from here, never from a libcurl callback.
local core = require "apigw.core"
local Error = require "apigw.error"

local S = {}

local MAIN = {}          -- stands for "the code outside any task"
local tasks_by_co = setmetatable({}, { __mode = "k" })
local ready = {}         -- queue of { task, args... }
local ready_head = 1
local timers = {}        -- binary heap of { at, seq, target }
local timer_seq = 0
local waiting = {}       -- xfer -> task or MAIN
local main_done = {}     -- xfer -> { res, err } for transfers MAIN waits on
local main_woken = {}    -- timer target token -> true
local live = {}          -- every task not yet finished, in creation order
local failed_unseen = {} -- tasks that failed and whose error nobody collected

local Task = {}
Task.__index = Task
Task.__name = "apigw.Task"

local function push_ready(task, ...)
  ready[#ready + 1] = table.pack(task, ...)
end

-- heap of timers ordered by (at, seq)
local function less(a, b) return a.at < b.at or (a.at == b.at and a.seq < b.seq) end
local function heap_push(t)
  timers[#timers + 1] = t
  local i = #timers
  while i > 1 do
    local p = i // 2
    if less(timers[i], timers[p]) then timers[i], timers[p] = timers[p], timers[i]; i = p
    else break end
  end
end
local function heap_pop()
  local top = timers[1]
  local last = table.remove(timers)
  if #timers > 0 then
    timers[1] = last
    local i, n = 1, #timers
    while true do
      local l, r, m = 2 * i, 2 * i + 1, i
      if l <= n and less(timers[l], timers[m]) then m = l end
      if r <= n and less(timers[r], timers[m]) then m = r end
      if m == i then break end
      timers[i], timers[m] = timers[m], timers[i]
      i = m
    end
  end
  return top
end

local function add_timer(delay, target)
  timer_seq = timer_seq + 1
  heap_push{ at = core.now() + delay, seq = timer_seq, target = target }
end

local function finish_task(task, ok, ...)
  for i, t in ipairs(live) do if t == task then table.remove(live, i) break end end
  if ok then
    task.status = "done"
    task.results = table.pack(...)
  else
    task.status = "failed"
    task.err = ...
    failed_unseen[task] = true
  end
  for _, w in ipairs(task.waiters) do
    if w == MAIN then -- MAIN polls task.status itself
    else push_ready(w) end
  end
  task.waiters = {}
end

local finish_or_park
local function resume(task, ...)
  return finish_or_park(task, coroutine.resume(task.co, ...))
end

finish_or_park = function(task, ok, ...)
  if coroutine.status(task.co) == "dead" then
    finish_task(task, ok, ...)
  elseif ok then
    -- The task yielded. Our own yields have registered what they wait for; any other
    -- yield (the playbook's own coroutine.yield inside a task) just lets others run.
    if (...) ~= S.PARKED then push_ready(task) end
  end
end

S.PARKED = setmetatable({}, { __name = "apigw.parked" })

-- The task running now, or nil outside any task.
function S.current()
  local co = coroutine.running()
  return tasks_by_co[co]
end

-- One turn of the loop: run ready tasks, then wait for transfers or timers.
-- Returns false when there is nothing at all left to wait for.
function S.step()
  -- run everything ready now (tasks readied while running wait for the next turn)
  local batch = ready
  ready = {}
  for i = 1, #batch do
    local item = batch[i]
    local task = item[1]
    if task.status == "running" then
      resume(task, table.unpack(item, 2, item.n))
    end
  end
  local now = core.now()
  local timeout
  if #ready > 0 then
    timeout = 0
  elseif timers[1] then
    timeout = math.max(0, timers[1].at - now)
  end
  local pending = core.pending()
  if pending == 0 and timeout == nil then return false end
  if pending > 0 then
    local ms = timeout and math.ceil(timeout * 1000) or 1000
    local done, perr = core.poll(ms)
    if not done then error(Error.new{ code = perr.code, message = perr.message, kind = "network" }, 0) end
    for i = 1, #done do
      local x = done[i]
      local res, err = core.finish(x)
      local who = waiting[x]
      waiting[x] = nil
      if who == MAIN then
        main_done[x] = { res, err }
      elseif who then
        push_ready(who, res, err)
      end
    end
  elseif timeout and timeout > 0 then
    core.sleep(timeout)
  end
  now = core.now()
  while timers[1] and timers[1].at <= now do
    local t = heap_pop()
    if type(t.target) == "table" and getmetatable(t.target) == Task then
      push_ready(t.target)
    else
      main_woken[t.target] = true
    end
  end
  return true
end

-- Waits for a started transfer; returns what core.finish returned (res, err).
function S.wait_xfer(xfer)
  local task = S.current()
  if task then
    waiting[xfer] = task
    return coroutine.yield(S.PARKED)
  end
  waiting[xfer] = MAIN
  while not main_done[xfer] do
    if not S.step() then break end
  end
  local r = main_done[xfer]
  main_done[xfer] = nil
  if not r then
    return nil, { code = "InternalError", message = "transfer lost by the scheduler", kind = "network" }
  end
  return r[1], r[2]
end

-- apigw.sleep(seconds): yields inside a task; outside one, runs the loop meanwhile.
function S.sleep(seconds)
  if type(seconds) ~= "number" or seconds ~= seconds or seconds < 0 then
    Error.raise_client(nil, "InvalidParameter", "apigw.sleep: seconds must be a number >= 0")
  end
  local task = S.current()
  if task then
    add_timer(seconds, task)
    coroutine.yield(S.PARKED)
    return
  end
  local token = {}
  add_timer(seconds, token)
  while not main_woken[token] do
    if not S.step() then break end
  end
  main_woken[token] = nil
end

-- apigw.spawn(fn, ...) -> task
function S.spawn(fn, ...)
  if type(fn) ~= "function" then
    Error.raise_client(nil, "InvalidParameter", "apigw.spawn: expected a function, got " .. type(fn))
  end
  local task = setmetatable({ co = coroutine.create(fn), status = "running", waiters = {} }, Task)
  tasks_by_co[task.co] = task
  live[#live + 1] = task
  push_ready(task, ...)
  return task
end

-- task:wait() -> the task function's results, or raises its error
function Task:wait()
  if getmetatable(self) ~= Task then
    Error.raise_client(nil, "InvalidParameter", "task:wait: call it with ':' on a task")
  end
  if self.status == "running" then
    local me = S.current()
    if me == self then
      Error.raise_client(nil, "InvalidParameter", "a task cannot wait for itself")
    end
    if me then
      self.waiters[#self.waiters + 1] = me
      repeat coroutine.yield(S.PARKED) until self.status ~= "running"
    else
      self.waiters[#self.waiters + 1] = MAIN
      while self.status == "running" do
        if not S.step() then break end
      end
    end
  end
  if self.status == "failed" then
    failed_unseen[self] = nil
    error(self.err, 0)
  end
  if self.status == "running" then
    Error.raise_client(nil, "Deadlock", "task:wait: the task can never finish (everything is waiting)")
  end
  return table.unpack(self.results, 1, self.results.n)
end

function Task:done()
  return self.status ~= "running"
end

function Task:__tostring()
  return "apigw.Task (" .. self.status .. ")"
end

-- Called when the playbook ends: waits for tasks still running (with a warning) and
-- reports task errors nobody collected. Returns the number of such errors.
function S.finish(warn)
  if #live > 0 then
    warn(("%d task(s) still running at the end of the playbook; waiting for them"):format(#live))
    while #live > 0 do
      if not S.step() then break end
    end
  end
  local n = 0
  for task in pairs(failed_unseen) do
    n = n + 1
    warn("a task failed and nobody waited for it: " .. tostring(task.err))
  end
  failed_unseen = {}
  return n
end

S.Task = Task
return S
