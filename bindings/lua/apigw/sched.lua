-- The scheduler: one Lua state, one curl multi handle, many coroutines.
-- A binding called inside a task yields until its transfer completes; called outside a
-- task it runs the loop (and so every task) until its own transfer completes.
-- Coroutines are resumed only from here, never from a libcurl callback.
--
-- Hot path (one per API call): a task parks on its transfer (waiting[xfer] = task), the
-- loop marks it ready when core.poll reports the transfer done, and the task itself calls
-- core.finish. No table is allocated per call here: the ready queue holds tasks only.
local core = require "apigw.core"
local Error = require "apigw.error"

local S = {}

local MAIN = {}          -- stands for "the code outside any task"
local tasks_by_co = setmetatable({}, { __mode = "k" })
-- The ready queue: tasks to resume, ready[rhead + 1] .. ready[rtail]. One queue for every
-- turn, nested ones included: a binding called from a plain coroutine inside a task runs
-- turns inside the turn that resumed the task, and they must take up the same queue (two
-- queues swapped per turn would be swapped under the interrupted turn's feet).
local ready, rhead, rtail = {}, 0, 0
local timers = {}        -- binary heap of { at, seq, target }
local timer_seq = 0
local waiting = {}       -- xfer or descriptor -> task or MAIN
local main_done = {}     -- xfer or descriptor -> true once done, for what MAIN waits on
local watched = {}       -- descriptors waited on (S.wait_fd), watched by core.poll too
local main_woken = setmetatable({}, { __mode = "k" }) -- token -> true (S.wake may mark a
                         -- token that never parks again: weak, so it does not stay)
local live = {}          -- set of tasks not yet finished
local nlive = 0
local failed_unseen = {} -- tasks that failed and whose error nobody collected
local task_seq = 0       -- tasks started so far (their order, for the end-of-playbook report)

local co_create, co_resume, co_yield, co_status, co_running =
  coroutine.create, coroutine.resume, coroutine.yield, coroutine.status, coroutine.running
local poll, pending, now = core.poll, core.pending, core.now
local done_buf = {} -- core.poll refills it each turn

local Task = {}
Task.__index = Task
Task.__name = "apigw.Task"

local PARKED = setmetatable({}, { __name = "apigw.parked" })
S.PARKED = PARKED

-- A task is in the ready queue at most once (it is either parked on one thing or ready).
local function push_ready(task)
  if task.queued then return end
  task.queued = true
  rtail = rtail + 1
  ready[rtail] = task
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

local function add_timer_at(at, target)
  timer_seq = timer_seq + 1
  local t = { at = at, seq = timer_seq, target = target }
  heap_push(t)
  return t
end

local function finish_task(task, ok, ...)
  live[task] = nil
  nlive = nlive - 1
  if ok then
    task.status = "done"
    task.results = table.pack(...)
  else
    task.status = "failed"
    task.err = ...
    failed_unseen[task] = true
  end
  local waiters = task.waiters
  task.waiters = nil
  for i = 1, #waiters do
    local w = waiters[i]
    if w ~= MAIN then push_ready(w) end -- MAIN polls task.status itself
  end
end

local function after_resume(task, ok, ...)
  if co_status(task.co) == "dead" then
    finish_task(task, ok, ...)
  elseif ok then
    -- The task yielded. Our own yields have registered what they wait for; any other
    -- yield (the playbook's own coroutine.yield inside a task) just lets others run.
    if (...) ~= PARKED then push_ready(task) end
  end
end

-- The task running now, or nil outside any task.
function S.current()
  return tasks_by_co[co_running()]
end

-- The playbook function behind the running task, for err.where (see Error.caller).
function Error.entry()
  local task = tasks_by_co[co_running()]
  return task and task.entry
end

-- One turn of the loop: run ready tasks, then wait for transfers or timers.
-- Returns false when there is nothing at all left to wait for.
function S.step()
  -- Run the tasks that are ready now; tasks readied while they run wait for the next turn
  -- (at most n resumes: a turn nested in this one may have taken some of them already).
  for _ = 1, rtail - rhead do
    if rhead == rtail then break end
    rhead = rhead + 1
    local task = ready[rhead]
    ready[rhead] = nil
    if rhead == rtail then rhead, rtail = 0, 0 end
    task.queued = false
    -- A task that is not suspended is up the stack, running the loop nested in a plain
    -- coroutine of its own; it parks again (or ends) once that returns, and every wait
    -- re-checks its condition, so a wake-up meanwhile is stale: dropped.
    if task.status == "running" and co_status(task.co) == "suspended" then
      after_resume(task, co_resume(task.co))
    end
  end
  while timers[1] and timers[1].cancelled do heap_pop() end
  local timeout
  if rtail > rhead then
    timeout = 0
  elseif timers[1] then
    timeout = math.max(0, timers[1].at - now())
  end
  local npending = pending()
  local nwatched = #watched
  if npending == 0 and nwatched == 0 and timeout == nil then return false end
  if npending > 0 or nwatched > 0 then
    local ms = timeout and math.ceil(timeout * 1000) or 1000
    local done, perr = poll(ms, done_buf, nwatched > 0 and watched or nil)
    if not done then error(Error.new{ code = perr.code, message = perr.message, kind = "network" }, 0) end
    for i = 1, #done do
      local x = done[i]
      local who = waiting[x]
      waiting[x] = nil
      if who == MAIN then
        main_done[x] = true
      elseif who then
        push_ready(who)
      elseif math.type(x) ~= "integer" then
        core.finish(x) -- nobody waits for it (cannot happen): release it
      end
    end
  elseif timeout and timeout > 0 then
    core.sleep(timeout)
  end
  if timers[1] then
    local t_now = now()
    while timers[1] and timers[1].at <= t_now do
      local t = heap_pop()
      if t.cancelled then
        t.target = nil -- heap_pop above took it out: nothing to do
      elseif getmetatable(t.target) == Task then
        push_ready(t.target)
      elseif type(t.target) == "function" then
        t.target()
      else
        main_woken[t.target] = true
      end
    end
  end
  return true
end
local step = S.step

-- Waits for a started transfer; returns what core.finish returns for it:
-- status, body, retry_after, date, elapsed_ms   or   nil, err
function S.wait_xfer(xfer)
  local task = tasks_by_co[co_running()]
  if task then
    waiting[xfer] = task
    repeat co_yield(PARKED) until waiting[xfer] == nil
    return core.finish(xfer)
  end
  waiting[xfer] = MAIN
  while not main_done[xfer] do
    if not step() then break end
  end
  if not main_done[xfer] then
    waiting[xfer] = nil
    core.cancel(xfer)
    return nil, { code = "InternalError", message = "transfer lost by the scheduler", kind = "network" }
  end
  main_done[xfer] = nil
  return core.finish(xfer)
end

local function unwatch(fd)
  for i = #watched, 1, -1 do
    if watched[i] == fd then table.remove(watched, i) end
  end
end

-- S.wait_fd(fd, seconds) -> ready: waits until descriptor fd is readable or closed (true),
-- or seconds have passed (false). The loop's one wait covers it beside the transfers and
-- timers (core.poll), so a helper process's pipe wakes the loop when it has something to
-- say, not a timer that looks every few milliseconds. Inside a task it parks; outside one,
-- the loop (and every task) runs meanwhile. One waiter per descriptor.
function S.wait_fd(fd, seconds)
  if waiting[fd] ~= nil then
    error(Error.new{ code = "InternalError", kind = "client",
                     message = ("sched.wait_fd: descriptor %d is waited on already"):format(fd) }, 0)
  end
  local due = now() + seconds
  local task = tasks_by_co[co_running()]
  local timer
  watched[#watched + 1] = fd
  if task then
    waiting[fd] = task
    timer = add_timer_at(due, task)
    repeat co_yield(PARKED) until waiting[fd] == nil or now() >= due
  else
    local token = {}
    waiting[fd] = MAIN
    timer = add_timer_at(due, token)
    while not main_done[fd] and not main_woken[token] do
      if not step() then break end
    end
    main_woken[token] = nil
  end
  timer.cancelled = true
  local ready = waiting[fd] == nil
  waiting[fd], main_done[fd] = nil, nil
  unwatch(fd)
  return ready
end

-- apigw.sleep(seconds): yields inside a task; outside one, runs the loop meanwhile.
function S.sleep(seconds)
  if type(seconds) ~= "number" or seconds ~= seconds or seconds < 0 or seconds == math.huge then
    Error.raise_client(nil, "InvalidParameter", "apigw.sleep: seconds must be a finite number >= 0")
  end
  local task = S.current()
  if task then
    -- only its timer ends the sleep (a stray wake-up does not cut it short)
    local due = now() + seconds
    add_timer_at(due, task)
    repeat co_yield(PARKED) until now() >= due
    return
  end
  local token = {}
  add_timer_at(now() + seconds, token)
  while not main_woken[token] do
    if not step() then break end
  end
  main_woken[token] = nil
end

-- S.after(seconds, fn) -> timer: fn() is called by the loop (never from a libcurl callback)
-- once seconds have passed and the loop turns; it must not raise (it runs inside whatever
-- task or binding turns the loop). S.cancel(timer): it will not be called, and no longer
-- keeps the loop waiting. apigw.map's journal syncs its file with one (apigw.journal).
function S.after(seconds, fn)
  return add_timer_at(now() + seconds, fn)
end

function S.cancel(timer)
  timer.cancelled = true
end

-- Called with each new task's coroutine, from the spawning one (apigw.hooks: a task a hook
-- spawns inherits its quiet).
S.on_spawn = nil

-- Parking, for queues kept outside the scheduler (apigw.ratelimit's waiters):
-- S.waiter() names the code running now (its task, or a fresh token outside any task);
-- S.park(w) suspends it until S.wake(w) (outside a task: runs the loop until then, and
-- returns false if nothing is left that could wake it); S.wake(w) readies it. A wake-up
-- may come early or twice: the parked code re-checks what it waits for.
function S.waiter()
  return tasks_by_co[co_running()] or {}
end

function S.park(w)
  if getmetatable(w) == Task then
    co_yield(PARKED)
    return true
  end
  while not main_woken[w] do
    if not step() then return false end
  end
  main_woken[w] = nil
  return true
end

function S.wake(w)
  if getmetatable(w) == Task then
    push_ready(w)
  else
    main_woken[w] = true
  end
end

-- apigw.spawn(fn, ...) -> task
function S.spawn(fn, ...)
  if type(fn) ~= "function" then
    Error.raise_client(nil, "InvalidParameter", "apigw.spawn: expected a function, got " .. type(fn))
  end
  local co
  if select("#", ...) == 0 then
    co = co_create(fn)
  else
    local args = table.pack(...)
    co = co_create(function() return fn(table.unpack(args, 1, args.n)) end)
  end
  -- entry: the playbook's function, for Error.caller (apigw.map sets the function it maps)
  task_seq = task_seq + 1
  -- journal: the journaled apigw.map whose item spawned it (a task of a task inherits it),
  -- so that the journal's guard also sees the calls of the tasks an item starts
  local parent = tasks_by_co[co_running()]
  local task = setmetatable({ co = co, status = "running", waiters = {}, queued = false,
                              entry = fn, seq = task_seq, journal = parent and parent.journal },
                            Task)
  if S.on_spawn then S.on_spawn(co) end
  tasks_by_co[co] = task
  live[task] = true
  nlive = nlive + 1
  push_ready(task)
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
      repeat co_yield(PARKED) until self.status ~= "running"
    else
      self.waiters[#self.waiters + 1] = MAIN
      while self.status == "running" do
        if not step() then break end
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

-- How many tasks are not finished yet.
function S.live_count()
  return nlive
end

-- Called when the playbook ends: waits for tasks still running (with a warning) and
-- reports task errors nobody collected. Returns the number of such errors, or raises the
-- first configuration error among them (after warning about the others), so that the
-- playbook ends as if it had raised it itself: the host prints it and exits 3.
function S.finish(warn)
  if nlive > 0 then
    warn(("%d task(s) still running at the end of the playbook; waiting for them"):format(nlive))
    while nlive > 0 do
      if not step() then break end
    end
    if nlive > 0 then
      warn(("%d task(s) can never finish (each waits for something that cannot happen)"):format(nlive))
    end
  end
  -- in the order the tasks were started, so that the report reads the same every run
  local unseen = {}
  for task in pairs(failed_unseen) do unseen[#unseen + 1] = task end
  table.sort(unseen, function(a, b) return a.seq < b.seq end)
  failed_unseen = {}
  local config
  for _, task in ipairs(unseen) do
    local err = task.err
    if not config and Error.is(err) and err.kind == "config" then
      config = err
    else
      local ok, msg = pcall(tostring, err)
      warn("a task failed and nobody waited for it: " .. (ok and type(msg) == "string" and msg
           or ("an error value of type " .. type(err))))
    end
  end
  if config then error(config, 0) end
  return #unseen
end

-- Waits for a started transfer without finishing it (the credential transfers, which
-- bindings/lcred.c reads itself). Returns true, or false when the loop lost it (then
-- cancel(xfer) has released it).
function S.await(xfer, cancel)
  local task = tasks_by_co[co_running()]
  if task then
    waiting[xfer] = task
    repeat co_yield(PARKED) until waiting[xfer] == nil
    return true
  end
  waiting[xfer] = MAIN
  while not main_done[xfer] do
    if not step() then break end
  end
  if not main_done[xfer] then
    waiting[xfer] = nil
    cancel(xfer)
    return false
  end
  main_done[xfer] = nil
  return true
end

S.Task = Task
return S
