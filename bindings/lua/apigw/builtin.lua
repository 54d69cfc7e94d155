-- --verbose, --trace, --dry-run and --check printing: built-in subscribers of the call events
-- (docs/hooks.md). They get the payload itself and, as second argument, the request as
-- signed (method, url, headers, canonical, string_to_sign; token and secret parameters
-- masked) when the run asked for it.
local hooks = require "apigw.hooks"
local core = require "apigw.core"

local B = {}

local function log(fmt, ...) hooks.log(fmt, ...) end

-- --verbose: one line per attempt
local function verbose_response(e)
  local err = e.error
  if not err then
    log("%s %d RequestId %s %.1f ms", e.action, e.status, tostring(e.request_id), e.ms or 0)
  else
    log("%s %s %s RequestId %s %.1f ms", e.action, err.http_status and tostring(err.http_status) or "-",
      err.code, tostring(err.request_id or "-"), e.ms or 0)
  end
end

-- --verbose: the policy's retry (a hook that overrides it is logged where it decides)
local function verbose_retry(e)
  if e.retryable then
    log("%s: %s, retry %d of %d in %.2f s", e.action, e.error.code, e.attempt, e.retries, e.delay)
  end
end

local function trace(action, info)
  if not info then return end
  log("%s canonical request (secrets masked):\n%s", action, info.canonical)
  log("%s string to sign:\n%s", action, info.string_to_sign)
end

-- --trace: the canonical request and the string to sign of each attempt
local function trace_response(e, info)
  trace(e.action, info)
end

local function trace_dry_done(e, info)
  if e.dry_run and e.answer then trace(e.action, info) end
end

-- --dry-run: what would have been sent
local function dry_run_done(e)
  local a = e.answer
  if not (e.dry_run and a and a.DryRun) then return end
  local lines = { ("dry-run: %s %s"):format(a.Method, a.URL) }
  for _, h in ipairs(a.Headers) do lines[#lines + 1] = "  " .. h end -- masked by core.sign
  if a.Body then lines[#lines + 1] = "  body: " .. a.Body end
  log("%s", table.concat(lines, "\n"))
end

-- --check with --verbose: a write held back says so, in place of its response line; --trace
-- adds the parameters it would have sent (masked: the Check answer's Params)
local function check_done(e)
  local a = e.answer
  if not (e.check and a and a.Check) then return end
  log("%s check: not sent (a write, under --check)", e.action)
end

local function check_trace_done(e)
  local a = e.answer
  if not (e.check and a and a.Check) then return end
  log("%s check: parameters (secrets masked): %s", e.action, core.json.encode(a.Params))
end

-- Registers the subscribers the flags ask for (again from scratch at each call).
function B.install(flags)
  hooks.clear_builtins()
  if flags.trace then
    hooks.builtin("response", trace_response)
    hooks.builtin("done", trace_dry_done)
  end
  if flags.verbose then
    hooks.builtin("response", verbose_response)
    hooks.builtin("retry", verbose_retry)
  end
  if flags.dry_run then hooks.builtin("done", dry_run_done) end
  if flags.check and flags.verbose then hooks.builtin("done", check_done) end
  if flags.check and flags.trace then hooks.builtin("done", check_trace_done) end
end

return B
