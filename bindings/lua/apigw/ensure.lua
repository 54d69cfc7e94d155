-- apigw.ensure(want [, opts]) -> result (docs/declarative.md, "apigw.ensure"): plans, prints
-- the plan, applies it and prints the outcome with its recap line, all on stdout. opts: the
-- options of apigw.plan and of plan:apply together; a key neither knows is refused, named.
local Error = require "apigw.error"
local util = require "apigw.util"

local M = {}

M.APPLY_OPTIONS = { "concurrency", "journal", "progress" }
-- apigw.plan's options, when its module does not list them (plan.OPTIONS); client is
-- ensure's own: the client to plan and apply with (default: the module's).
local PLAN_OPTIONS = { "prune", "read", "concurrency", "dns", "now", "domains_per_group" }

local function plan_module()
  local ok, mod = pcall(require, "apigw.plan")
  if not ok then
    Error.raise_client(nil, "Unsupported", "apigw.ensure: this build has no apigw.plan (issue 10 §2)")
  end
  return mod
end

function M.ensure(want, opts)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then
    Error.raise_client(nil, "InvalidOption", "apigw.ensure: options must be a table, got " .. type(opts))
  end
  local pm = plan_module()
  local plan_keys = pm.OPTIONS or PLAN_OPTIONS
  local is_plan, is_apply, all = {}, {}, { "client" }
  for _, k in ipairs(plan_keys) do is_plan[k] = true; all[#all + 1] = k end
  for _, k in ipairs(M.APPLY_OPTIONS) do
    is_apply[k] = true
    if not is_plan[k] then all[#all + 1] = k end
  end
  util.check_keys(opts, all, "apigw.ensure option", nil, "InvalidOption")
  local popts, aopts = {}, {}
  for k, v in pairs(opts) do
    if is_plan[k] then popts[k] = v end
    if is_apply[k] then aopts[k] = v end
  end
  local client = opts.client
  if client == nil then
    client = require("apigw").default_client()
  elseif getmetatable(client) ~= require("apigw.client").Client then
    Error.raise_client(nil, "InvalidOption", "apigw.ensure: client must be an apigw.client, got " .. type(client))
  end
  local plan = pm.plan(client, want, popts, "apigw.ensure")
  print(tostring(plan))
  local result = plan:apply(aopts)
  print(tostring(result))
  io.stdout:flush()
  return result
end

return M
