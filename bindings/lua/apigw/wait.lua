-- apigw.wait: calls a Describe action until its answer has the wanted fields, sleeping with
-- apigw.sleep between calls (so other tasks run) for waits that grow from min_delay to
-- max_delay with jitter, up to timeout. Some codes mean "not yet" (retry_on), some field
-- values mean "never" (fail_on); either end raises with the last answer, attempts and time.
local core = require "apigw.core"
local Error = require "apigw.error"
local sched = require "apigw.sched"
local bindings = require "apigw.bindings"
local pages = require "apigw.pages"

local W = {}

-- Defaults (seconds). The clock, the sleep and the random source are fields, so that a
-- spec can make waits instant and their lengths fixed; opts.clock, opts.sleep and
-- opts.random do the same for one wait.
W.MIN_DELAY, W.MAX_DELAY, W.TIMEOUT = 2, 30, 180
W.clock = core.now
W.sleep = sched.sleep
W.random = math.random

local OPTS = { "min_delay", "max_delay", "timeout", "retry_on", "fail_on", "client", "clock",
               "sleep", "random" }

local function positive(fname, opts, key, default)
  local v = opts[key]
  if v == nil then return default end
  if type(v) ~= "number" or v ~= v or v < 0 or v == math.huge then
    Error.raise_client(nil, "InvalidOption",
      ("%s: option '%s' must be a finite number of seconds >= 0, got %s"):format(fname, key, tostring(v)))
  end
  return v
end

local function func(fname, opts, key, default)
  local v = opts[key]
  if v == nil then return default end
  if type(v) ~= "function" then
    Error.raise_client(nil, "InvalidOption", ("%s: option '%s' must be a function, got %s"):format(fname, key, type(v)))
  end
  return v
end

-- Does the field's value v satisfy want (a value, or a function of the value and the answer)?
local function matches(want, v, answer)
  if type(want) == "function" then return want(v, answer) and true or false end
  return v == want
end

-- fail_on's entry for a field: a value, a list of values, or a function.
local function fails(rule, v, answer)
  if type(rule) == "table" then
    for _, x in ipairs(rule) do if v == x then return true end end
    return false
  end
  return matches(rule, v, answer)
end

local function show(v)
  if type(v) == "string" then return ("%q"):format(v) end
  return tostring(v)
end

-- The wait before call n + 1: a cap growing from min to max (doubling), jittered into its
-- upper half, never below min.
function W.delay(n, min, max, random)
  local cap = math.min(max, min * 2 ^ (n - 1))
  return math.max(min, cap / 2 + random() * cap / 2)
end

-- apigw.wait(action, params, want [, opts]) -> the answer that matched
function W.wait(default_client, what, params, want, opts)
  local fname = "apigw.wait"
  local entry = bindings.resolve(what)
  if not entry and not (type(what) == "string" and what:match("^%u%w*$")) then
    Error.raise_client(nil, "InvalidParameter",
      ("%s: expected an action name or a binding (such as apigw.describe_domain), got %s"):format(fname,
        type(what) == "string" and ("%q"):format(what) or type(what)))
  end
  local action = entry and entry.action or what
  if type(params) ~= "table" then
    Error.raise_client(action, "InvalidParameter", ("%s: parameters must be a table, got %s"):format(fname, type(params)))
  end
  if type(want) ~= "table" or next(want) == nil then
    Error.raise_client(action, "InvalidParameter",
      ("%s: want must be a non-empty table of fields, such as {DomainLegalStatus = \"NORMAL\"}, got %s"):format(fname,
        type(want) == "table" and "an empty table" or type(want)))
  end
  opts = opts or {}
  local c = pages.call_opts(fname, opts, OPTS, default_client)
  local min = positive(fname, opts, "min_delay", W.MIN_DELAY)
  local max = positive(fname, opts, "max_delay", math.max(W.MAX_DELAY, min))
  local timeout = positive(fname, opts, "timeout", W.TIMEOUT)
  if max < min then
    Error.raise_client(nil, "InvalidOption", ("%s: max_delay (%s) is below min_delay (%s)"):format(fname, max, min))
  end
  local clock, sleep, random = func(fname, opts, "clock", W.clock), func(fname, opts, "sleep", W.sleep),
                               func(fname, opts, "random", W.random)
  local retry_on = {}
  if opts.retry_on ~= nil then
    if type(opts.retry_on) ~= "table" then
      Error.raise_client(nil, "InvalidOption", ("%s: option 'retry_on' must be a list of error codes"):format(fname))
    end
    for _, code in ipairs(opts.retry_on) do retry_on[code] = true end
  end
  local fail_on = opts.fail_on or {}
  if type(fail_on) ~= "table" then
    Error.raise_client(nil, "InvalidOption", ("%s: option 'fail_on' must be a table of fields"):format(fname))
  end

  local call
  if entry then
    local method = c[entry.lua]
    call = function() return method(c, params) end
  else
    call = function() return c:call(action, params) end
  end

  local start = clock()
  local attempts, last, last_err = 0, nil, nil
  local function give_up(code, message)
    error(Error.new{ code = code, message = message, kind = "waiter", action = action, retryable = false,
                     answer = last, last_error = last_err, attempts = attempts,
                     elapsed = clock() - start, where = Error.caller() }, 0)
  end
  while true do
    attempts = attempts + 1
    local ok, answer = pcall(call)
    if ok then
      last, last_err = answer, nil
      if answer.DryRun then return answer end
      for field, rule in pairs(fail_on) do
        if fails(rule, answer[field], answer) then
          local remark = answer.DomainRemark
          give_up("WaiterFailure", ("%s is %s, which means it will not become %s%s"):format(field,
            show(answer[field]), W.describe(want), (type(remark) == "string" and remark ~= "")
              and (" (DomainRemark: %s)"):format(remark) or ""))
        end
      end
      local all = true
      for field, rule in pairs(want) do
        if not matches(rule, answer[field], answer) then all = false break end
      end
      if all then return answer end
    elseif Error.is(answer) and retry_on[answer.code] then
      last_err = answer
    else
      error(answer, 0)
    end
    local elapsed = clock() - start
    if elapsed >= timeout then
      local now_is
      if last_err then
        now_is = ("the last call failed with %s"):format(last_err.code)
      else
        local parts = {}
        for field, rule in pairs(want) do
          if not matches(rule, last[field], last) then parts[#parts + 1] = ("%s is %s"):format(field, show(last[field])) end
        end
        table.sort(parts)
        now_is = table.concat(parts, ", ")
      end
      give_up("WaiterTimeout", ("gave up after %.1f s and %d calls waiting for %s: %s"):format(elapsed, attempts,
        W.describe(want), now_is))
    end
    sleep(math.min(W.delay(attempts, min, max, random), timeout - elapsed))
  end
end

-- want as text: DomainLegalStatus = "NORMAL", DomainWebSocketStatus = (a function)
function W.describe(want)
  local parts = {}
  for field, rule in pairs(want) do
    parts[#parts + 1] = ("%s = %s"):format(field, type(rule) == "function" and "(a condition)" or show(rule))
  end
  table.sort(parts)
  return table.concat(parts, ", ")
end

return W
