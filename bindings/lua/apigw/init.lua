-- The apigw module: what playbooks see.
local core = require "apigw.core"
local Error = require "apigw.error"
local client = require "apigw.client"
local sched = require "apigw.sched"
local map = require "apigw.map"
local bindings = require "apigw.bindings"
local pages = require "apigw.pages"
local wait = require "apigw.wait"
local call = require "apigw.call"
local hooks = require "apigw.hooks"
local builtin = require "apigw.builtin"
local ro = require "apigw.readonly"
local mask = require "apigw.mask"

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
function M.pages(what, params, opts)
  return pages.pages(default, what, params, opts)
end

-- apigw.wait(action_or_binding, params, want [, opts]) -> the answer that matched
function M.wait(what, params, want, opts)
  return wait.wait(default, what, params, want, opts)
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
  builtin.install(flags)
  map.progress_default = cfg.progress or false
  default_client = nil
end

-- Host-only: end of the playbook. Waits for tasks, reports uncollected task errors.
function M._finish()
  return sched.finish(function(msg) client.log("warning: %s", msg) end)
end

return M
