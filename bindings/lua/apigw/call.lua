-- One API call as named stages (docs/hooks.md; STYLE.md "The call path and its hooks"):
--
--   prepare        the binding's checked parameters; the `call` event (refuse, stub, edit)
--   attempt        `request` (edit a fresh copy), then (under --check, a write stops here:
--                  its Check answer goes to finish, nothing is paced, signed or sent)
--     pace           the client's rate limiter            -> nothing
--     sign           core.sign                            -> req, sts (string to sign)
--     send           core.send                            -> true
--     wait           apigw.sched.wait_xfer                -> status, body, retry_after, date, ms
--     interpret      apigw.answer, token redaction         -> answer | nil, err
--                  `response`
--   retry decision apigw.retry's verdict and wait; `retry` (stop, or retry after a wait)
--   finish         `error` (recover) on a failure, `done`, then return or raise
--
-- Each stage returns the same shape whatever the flags. Events are built only for the
-- events some hook (built-in or user) subscribes to: without hooks, a call allocates
-- nothing here beyond what the stages themselves need.
local core = require "apigw.core"
local Error = require "apigw.error"
local sched = require "apigw.sched"
local answer_of = require "apigw.answer"
local retry = require "apigw.retry"
local hooks = require "apigw.hooks"
local actions = require "apigw.actions"
local marks_of, writes = actions.marks_of, actions.writes
local mask = require "apigw.mask"
-- apigw.creds is loaded by the first client with a credential provider (a run with static
-- keys, or one that sends nothing, never needs it)
local creds

local K = {}

local VERSION = "2016-07-14"
K.VERSION = VERSION

local now, sign, send, redact = core.now, core.sign, core.send, core.redact
local wait_xfer, interpret = sched.wait_xfer, answer_of.interpret
local hooks_plan, fire = hooks.plan, hooks.fire

-- Settings the host gives (apigw._configure): dry_run, check, verbose, trace; and the logger.
K.flags = {}
K.log = function(fmt, ...) io.stderr:write("apigw-lua: ", fmt:format(...), "\n") end

-- What the run has done so far, for the finish event.
local summary = { calls = 0, ok = 0, failed = 0, attempts = 0, retries = 0, by_code = {} }
K.summary = summary

local function count_end(ok, attempts, code)
  if ok then summary.ok = summary.ok + 1 else summary.failed = summary.failed + 1 end
  summary.attempts = summary.attempts + attempts
  if attempts > 1 then summary.retries = summary.retries + attempts - 1 end
  if code then summary.by_code[code] = (summary.by_code[code] or 0) + 1 end
end

-- A deep copy of a binding's parameters (already checked: acyclic, at most 16 deep), so
-- that a hook's edits never reach the playbook's own tables or the next attempt.
local function copy(v)
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in next, v do out[k] = copy(x) end
  return out
end

-- The dry run's answer: what would have been sent, secrets masked (info is masked by
-- core.sign already).
local function dry_answer(c, action, marks, info, flat)
  return { DryRun = true, Action = action, Method = info.method, URL = info.url,
           Headers = info.headers, Body = info.body ~= "" and info.body or nil,
           Params = redact(c, flat, marks.secret) }
end

-- An answer as a payload shows it: a DescribeDomain answer carries the private key back, and
-- no secret is in a payload (docs/hooks.md); the playbook itself gets the answer as it came.
-- Copied (masked by core.redact) only when a secret name is among its fields.
local ANSWER_SECRETS = require("apigw.actions").secret_names
local function shown(answer)
  if type(answer) ~= "table" then return answer end
  for name in pairs(ANSWER_SECRETS) do
    if answer[name] ~= nil then return redact(nil, answer, ANSWER_SECRETS) end
  end
  return answer
end

-- Under --check, a write's answer: what it would have sent (the parameters as the binding
-- was given them, after the hooks' edits, secrets masked), and no request id of the service.
K.CHECK_ID = "check"
local function check_answer(action, params, marks)
  return { Check = true, Action = action, Params = mask.params(params, marks.secret),
           RequestId = K.CHECK_ID }
end

-- finish, for a call that ended with an answer (info: a dry run's signed request; held:
-- a write that check mode kept from being sent).
local function finish_ok(ctx, t0, plan, client, action, answer, attempts, info, held)
  count_end(true, attempts)
  local list = plan and plan.done
  if list then
    fire(list, { event = "done", action = action, client = client, ctx = ctx,
                 dry_run = K.flags.dry_run or false, check = held or false, answer = shown(answer),
                 attempts = attempts, ms = (now() - t0) * 1000 }, info)
  end
  return answer
end

-- finish, for a call that failed: `error` may recover it; `done`; then raise.
local function finish_fail(ctx, t0, plan, client, action, err, attempts, held)
  held = held or false
  local list = plan and plan.error
  if list then
    local r, h, ferr = fire(list, { event = "error", action = action, client = client, ctx = ctx,
                                    dry_run = K.flags.dry_run or false, check = held, error = err,
                                    attempts = attempts })
    if ferr then
      err = ferr
    elseif r ~= nil then
      if type(r) == "table" then return finish_ok(ctx, t0, plan, client, action, r, attempts, nil, held) end
      err = hooks.bad_return(h, action, r, "return a table (the call's answer) or nothing")
    end
  end
  if err.attempts == nil and attempts > 0 then err.attempts = attempts end
  count_end(false, attempts, err.code)
  list = plan and plan.done
  if list then
    fire(list, { event = "done", action = action, client = client, ctx = ctx,
                 dry_run = K.flags.dry_run or false, check = held, error = err, attempts = attempts,
                 ms = (now() - t0) * 1000 })
  end
  error(err, 0)
end

-- prepare: re-checks parameters a hook may have edited (the binding's own check).
local function recheck(prep, action, p)
  local ok, flat = pcall(prep, action, p)
  if ok then return flat end
  if not Error.is(flat) then
    flat = Error.new{ code = "InvalidParameter", kind = "client", action = action,
                      message = tostring(flat) }
  end
  return nil, flat
end

-- The retry decision: the policy's verdict and wait, then the `retry` hooks. Returns the
-- wait before the next attempt, or nil to stop; or nil, err when a hook failed the call.
local function decide(ctx, plan, client, action, err, attempt, retries)
  local again = err.retryable and attempt <= retries
  local delay = again and retry.delay(attempt, err.retry_after) or nil
  local list = plan and plan.retry
  if not list then return delay end
  local r, h, ferr = fire(list, { event = "retry", action = action, client = client, ctx = ctx,
                                  dry_run = false, check = false, error = err, attempt = attempt,
                                  retryable = again or false, delay = delay, retries = retries })
  if ferr then return nil, ferr end
  if r == nil then return delay end
  if r == false then
    if K.flags.verbose and again then K.log("%s: %s decided: no retry", action, hooks.describe(h)) end
    return nil
  end
  if type(r) ~= "number" or r ~= r or r < 0 or r == math.huge then
    return nil, hooks.bad_return(h, action, r,
      "return false (stop), a number of seconds >= 0 (retry after that wait) or nothing")
  end
  local floor = err.retry_after and err.retry_after > 0 and retry.delay(attempt, err.retry_after) or 0
  if r < floor then r = floor end
  if K.flags.verbose then
    K.log("%s: %s decided: retry in %.2f s", action, hooks.describe(h), r)
  end
  return r
end

-- K.run(client, action, params, flat, prep [, timeout, retries]) -> answer; raises apigw.Error
--   params: what the binding was given, checked; flat: the strings to send, made from it;
--   prep(action, params) -> flat: the binding's check, run again on what hooks edited.
function K.run(client, action, params, flat, prep, timeout, retries)
  retries = retries or client.retries
  local flags = K.flags
  local dry_run = flags.dry_run
  -- under --check a write is held back: its events say check = true, nothing is sent
  local held = flags.check and writes(action) or false
  summary.calls = summary.calls + 1

  -- prepare
  local plan, ctx, t0 -- with hooks: the hooks' table for this call, and when it started
  if hooks.ncall > 0 or client._hooks then plan = hooks_plan(client, action) end
  if plan then ctx, t0 = {}, now() end
  -- K.guard(action) -> nil | err: set while a journaled apigw.map runs (apigw.journal: it
  -- refuses what is not idempotent); a plain function, not a hook: a call hook would copy
  -- and re-check every call's parameters
  local guard = K.guard
  if guard then
    local gerr = guard(action)
    if gerr then
      if plan then return finish_fail(ctx, t0, plan, client, action, gerr, 0, held) end
      count_end(false, 0, gerr.code)
      error(gerr, 0)
    end
  end
  if plan then
    local list = plan.call
    if list then
      local p = copy(params)
      local r, h, ferr = fire(list, { event = "call", action = action, client = client, ctx = ctx,
                                      dry_run = dry_run or false, check = held, params = p })
      if ferr then return finish_fail(ctx, t0, plan, client, action, ferr, 0, held) end
      if r ~= nil then
        if type(r) == "table" then return finish_ok(ctx, t0, plan, client, action, r, 0, nil, held) end
        return finish_fail(ctx, t0, plan, client, action,
          hooks.bad_return(h, action, r, "return a table (a stub answer) or nothing"), 0, held)
      end
      local f, cerr = recheck(prep, action, p)
      if not f then return finish_fail(ctx, t0, plan, client, action, cerr, 0, held) end
      params, flat = p, f
    end
  end

  -- credentials and endpoint, looked up on a client's first call that is not a stub
  if not client._resolved then
    local ok, err = pcall(client.resolve, client)
    if not ok then
      if plan then return finish_fail(ctx, t0, plan, client, action, err, 0, held) end
      count_end(false, 0, err.code)
      error(err, 0)
    end
  end

  local c, limiter = client._c, client.limiter
  local marks = marks_of(action) -- secret and body parameters (apigw.actions)
  local want_info = dry_run or flags.trace
  local attempt = 0
  while true do
    attempt = attempt + 1
    local aflat, aparams = flat, params
    local list = plan and plan.request
    if list then
      local p = copy(params)
      local _, _, ferr = fire(list, { event = "request", action = action, client = client,
                                      ctx = ctx, dry_run = dry_run or false, check = held,
                                      params = p, attempt = attempt })
      if ferr then return finish_fail(ctx, t0, plan, client, action, ferr, attempt - 1, held) end
      local f, cerr = recheck(prep, action, p)
      if not f then return finish_fail(ctx, t0, plan, client, action, cerr, attempt - 1, held) end
      aflat, aparams = f, p
    end

    -- check mode: a write ends here, unsent (attempts = 0: nothing was sent)
    if held then
      local answer = check_answer(action, aparams, marks)
      if plan then return finish_ok(ctx, t0, plan, client, action, answer, 0, nil, true) end
      count_end(true, 0)
      return answer
    end

    -- pace (short-lived credentials are fetched or refreshed first, apigw.creds: from the
    -- pace to the answer nothing raises, so a slot of the limiter's window is handed back)
    if client._creds ~= false then
      creds = creds or require "apigw.creds"
      creds.ensure(client)
    end
    if limiter.gated then limiter:pace() end
    local started = now()
    limiter:count_start(started)

    -- sign
    local info = want_info and {} or nil
    local req, sts = sign(c, action, VERSION, aflat, info, marks)
    if not req then
      if limiter.window then limiter:release() end
      sts.action = action
      local err = Error.new(sts)
      if plan then return finish_fail(ctx, t0, plan, client, action, err, attempt - 1) end
      count_end(false, attempt - 1, err.code)
      error(err, 0)
    end
    if dry_run then
      if limiter.window then limiter:release() end
      local answer = dry_answer(c, action, marks, info, aflat)
      if plan then return finish_ok(ctx, t0, plan, client, action, answer, attempt, info) end
      count_end(true, attempt)
      return answer
    end

    -- send, wait
    local status, body, retry_after, date, ms
    local sent, serr = send(req, timeout)
    if not sent then -- a local failure (a bad timeout, the transport refused it): not retried
      if limiter.window then limiter:release() end
      serr.action = action
      local err = Error.new(serr)
      if plan then return finish_fail(ctx, t0, plan, client, action, err, attempt - 1) end
      count_end(false, attempt - 1, err.code)
      error(err, 0)
    end
    status, body, retry_after, date, ms = wait_xfer(req)
    if limiter.window then limiter:release() end

    -- interpret
    local answer, err = interpret(action, status, body, retry_after, date, sts)
    if err then err.message = redact(c, err.message, marks.secret) end
    list = plan and plan.response
    if list then
      local attempt_ms = ms
      if not status then attempt_ms = body.elapsed_ms or 0 end
      fire(list, { event = "response", action = action, client = client, ctx = ctx,
                   dry_run = false, check = false, attempt = attempt, status = status,
                   answer = shown(answer),
                   error = err, request_id = answer and answer.RequestId or err and err.request_id,
                   ms = attempt_ms }, info)
    end
    if answer then
      if limiter.gated then limiter:recover(flags.verbose and K.log) end
      if plan then return finish_ok(ctx, t0, plan, client, action, answer, attempt) end
      count_end(true, attempt)
      return answer
    end
    if retry.throttled(err.code) then limiter:slow_down(started, flags.verbose and K.log) end

    -- retry decision
    err.retryable = retry.retryable(err, action)
    err.attempts = attempt
    local delay, ferr = decide(ctx, plan, client, action, err, attempt, retries)
    if not delay then
      err.retry_after = nil
      if plan then return finish_fail(ctx, t0, plan, client, action, ferr or err, attempt) end
      count_end(false, attempt, err.code)
      error(err, 0)
    end
    sched.sleep(delay)
  end
end

return K
