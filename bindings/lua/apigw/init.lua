-- The apigw module: what playbooks see.
local core = require "apigw.core"
local Error = require "apigw.error"
local client = require "apigw.client"
local sched = require "apigw.sched"
local map = require "apigw.map"
local bindings = require "apigw.bindings"
local call = require "apigw.call"
local hooks = require "apigw.hooks"
local builtin = require "apigw.builtin"
local ro = require "apigw.readonly"
local mask = require "apigw.mask"
-- apigw.plan (with its five parts), apigw.drift and apigw.cert are loaded by their first
-- use, as apigw.pages, apigw.wait and apigw.journal are: a run that never plans nor reads a
-- certificate does not undump them

-- apigw.json: lua-cjson's encoder reads tables raw, so it is shown what a hook payload's
-- read-only views show (only once a view has ever been made).
local json_encode = core.json.encode
local json = {}
for k, v in pairs(core.json) do json[k] = v end
function json.encode(v)
  if ro.made then v = ro.plain(v) end
  return json_encode(v)
end

local M = {
  version = core.version,
  json = json,
  Error = Error,
  spawn = sched.spawn,
  sleep = sched.sleep,
  map = map.map,
  on = hooks.on,
  hooks = hooks.list,
}
-- apigw.pem(path) -> text; apigw.cert_days_left(answer [, now]) -> days (apigw.cert)
function M.pem(path) return require("apigw.cert").pem(path) end
function M.cert_days_left(answer, now) return require("apigw.cert").days_left(answer, now) end
M.ensure = function(want, opts) return require("apigw.ensure").ensure(want, opts) end

-- apigw.mask(params [, action]) -> a deep copy with the values of secret parameters masked
function M.mask(params, action)
  if type(params) ~= "table" then
    Error.raise_client(nil, "InvalidParameter", "apigw.mask: expected a table of parameters, got " .. type(params))
  end
  return mask.params(ro.plain(params), mask.secrets_of(action))
end

local default_client

local function default()
  if not default_client then default_client = client.new({}, true) end
  return default_client
end

-- apigw.client{...} -> a client with call and set_domain methods
function M.client(opts)
  if opts == nil then opts = {} end
  return client.new(opts, false)
end

-- apigw.call(action, params [, opts]) -> answer table
function M.call(action, params, opts)
  return default():call(action, params, opts)
end

-- apigw.set_domain{...} [, opts], apigw.describe_domain{...} ...: one function per entry of
-- the action table (apigw.actions), each calling the default client's method.
for name, fn in pairs(bindings.module_functions(default)) do M[name] = fn end

-- apigw.pages(action_or_binding, params [, opts]) -> iterator over the items of every page
-- (apigw.pages and apigw.wait are loaded by their first use: a run that never pages nor
-- waits does not pay for them at start.)
function M.pages(what, params, opts)
  return require("apigw.pages").pages(default, what, params, opts)
end

-- apigw.wait(action_or_binding, params, want [, opts]) -> the answer that matched
function M.wait(what, params, want, opts)
  return require("apigw.wait").wait(default, what, params, want, opts)
end

-- apigw.plan(want [, opts]) -> plan; client:plan(want [, opts]) (docs/declarative.md)
function M.plan(want, opts)
  return require("apigw.plan").plan(default(), want, opts, "apigw.plan")
end
function client.Client:plan(want, opts)
  return require("apigw.plan").plan(self, want, opts, "client:plan")
end

-- apigw.default_client() -> the client the module-level functions use
function M.default_client()
  return default()
end

-- Host-only: settings from the command line. Not part of the playbook API.
function M._configure(cfg)
  local cli = {}
  for _, k in ipairs{ "region", "endpoint", "profile", "signature", "method", "connect_timeout",
                      "read_timeout", "ca_bundle", "insecure", "retries", "access_key_id",
                      "access_key_secret", "security_token", "endpoint_type" } do
    cli[k] = cfg[k]
  end
  client.cli = cli
  local flags = call.flags -- shared with apigw.client
  flags.verbose, flags.trace, flags.dry_run = cfg.verbose, cfg.trace, cfg.dry_run
  flags.check = cfg.check or false
  -- --detailed-exitcode: the exit status to use when the run found drift (the host's EXIT_DRIFT)
  flags.detailed_exitcode = cfg.detailed_exitcode
  builtin.install(flags)
  map.progress_default = cfg.progress or false
  -- the plan's DNS twin under --emulate: apigw.plan reads it when it loads
  flags.emulator_url = cfg.emulator_url
  local plan = package.loaded["apigw.plan"]
  if plan then plan.emulator_url = cfg.emulator_url end
  default_client = nil
end

-- Host-only: end of the playbook. Waits for tasks, reports uncollected task errors.
function M._finish()
  return sched.finish(function(msg) client.log("warning: %s", msg) end)
end

-- The run's own events (start, finish) belong to the host: it calls the three below.
local run_t0 = core.now()
local run_ctx = {}
local started = false

local function line_of(h)
  return ("%-8s %-16s %-6s %s"):format(h.event, "'" .. h.id .. "'", h.scope, h.where)
end

hooks.registered = function(h)
  if started and call.flags.verbose then client.log("hook added: %s", line_of(h)) end
end

-- Host-only: loads APIGW_HOOKS (unless no_env) and the --hook files; raises a config error
-- naming the file that failed.
function M._load_hooks(files, no_env)
  -- nothing to load (the common case): apigw.hookfile is not loaded either
  if #files == 0 and (no_env or os.getenv("APIGW_HOOKS") == nil) then return end
  require("apigw.hookfile").load_all(files, no_env)
end

-- Host-only: the start event, before the playbook runs. A hook that raises stops the run.
function M._start(script, args)
  started = true
  if call.flags.verbose then
    local list = hooks.list()
    if #list > 0 then
      client.log("hooks, in the order they run:")
      for _, h in ipairs(list) do client.log("  %s", line_of(h)) end
    end
  end
  local list = hooks.run_list("start")
  if not list then return end
  local a = {}
  for i, v in ipairs(args or {}) do a[i] = v end
  local _, _, err = hooks.fire(list, { event = "start", ctx = run_ctx, dry_run = call.flags.dry_run or false,
                                       check = call.flags.check or false, script = script, args = a })
  if err then error(err, 0) end
end

-- The exit status of a run that ended with status: 1 instead of 0 when a hook failed in
-- response, done or finish; under --detailed-exitcode, the drift status (4) instead of 0
-- when the run's plans found changes to make (apigw.drift) and nothing else failed.
local function settle(status)
  if status == 0 and hooks.warnings > 0 then return 1 end
  local drifted = call.flags.detailed_exitcode
  local drift = package.loaded["apigw.drift"] -- not loaded: nothing noted any drift
  if status == 0 and drifted and drift and drift.count() > 0 then return drifted end
  return status
end

-- Host-only: the finish event (once the start event has fired); returns the exit status
-- to use (settle). A finish hook that fails turns the drift status into 1 as it does 0.
function M._finish_run(status)
  status = settle(status)
  local list = started and hooks.run_list("finish")
  if list then
    local sm = call.summary
    local by_code = {}
    for k, v in pairs(sm.by_code) do by_code[k] = v end
    hooks.fire(list, { event = "finish", ctx = run_ctx, dry_run = call.flags.dry_run or false,
                       check = call.flags.check or false, status = status,
                       summary = { calls = sm.calls, ok = sm.ok, failed = sm.failed, attempts = sm.attempts,
                                   retries = sm.retries, by_code = by_code, elapsed = core.now() - run_t0 } })
  end
  if hooks.warnings > 0 and (status == 0 or status == call.flags.detailed_exitcode) then status = 1 end
  return status
end

-- apigw.check_mode: true under `apigw-lua --check` (reads are sent, writes are not). It is
-- read-only: assigning it raises rather than seeming to turn check mode on or off.
return setmetatable(M, {
  __index = function(_, k)
    if k == "check_mode" then return call.flags.check or false end
  end,
  __newindex = function(t, k, v)
    if k == "check_mode" then
      Error.raise_client(nil, "InvalidParameter",
        "apigw.check_mode is read-only: run apigw-lua with --check to turn check mode on")
    end
    rawset(t, k, v)
  end,
  -- pairs(apigw) lists check_mode too, after the table's own fields
  __pairs = function(t)
    local raw_done = false
    return function(_, k)
      if not raw_done then
        local nk, v = next(t, k)
        if nk ~= nil then return nk, v end
        raw_done = true
        return "check_mode", call.flags.check or false
      end
      return nil
    end, t, nil
  end,
})
