-- The typed bindings, one per entry of the action table: a method on clients
-- (client:describe_domain{...}) and a function on the module (apigw.describe_domain{...}).
-- Each checks its parameters (apigw.params) before anything is sent, and under --dry-run
-- answers with every field its entry lists, so that a playbook runs through to its end.
local Error = require "apigw.error"
local client = require "apigw.client"
local actions = require "apigw.actions"
local params = require "apigw.params"
local call = require "apigw.call"

local B = {}

local Client = client.Client

-- The checks run before sending, by action (apigw.cert's before_send): apigw.cert is loaded
-- by the first call of a binding, not at start.
local before_send
local function check_before_send(action, flat)
  if not before_send then before_send = require("apigw.cert").before_send end
  local before = before_send[action]
  if before then before(action, flat) end
end

B.DRY_RUN = "(dry-run)"

-- A dry run's stand-in for every answer field the entry lists and the dry answer lacks:
-- a field the service echoes from the request gets the request's value; a list is an
-- empty list in its wrapper ({DomainItem = {}}), so that a loop over it runs; any other
-- field reads "(dry-run)".
local function fill_dry_run(entry, answer, given)
  if answer.RequestId == nil then answer.RequestId = B.DRY_RUN end
  for _, x in ipairs(entry.answer) do
    if answer[x.name] == nil then
      if x.echo and given[x.name] ~= nil then
        answer[x.name] = given[x.name]
      elseif x.type == "list" then
        answer[x.name] = { [x.item_key] = {} }
      else
        answer[x.name] = B.DRY_RUN
      end
    end
  end
  return answer
end
B.fill_dry_run = fill_dry_run

-- One typed call: checked parameters through the call's stages (apigw.call); prep is the
-- entry's check, run again on what a call or request hook edited.
local function send(self, entry, prep, given, flat, timeout, retries)
  local answer = call.run(self, entry.action, given, flat, prep, timeout, retries)
  if answer.DryRun then fill_dry_run(entry, answer, given) end
  return answer
end

local function method(entry)
  local action, name = entry.action, entry.lua
  local function prep(_, p)
    local flat = params.check(entry, p)
    check_before_send(action, flat)
    return flat
  end
  -- client:<name>(params [, opts]) -> answer table
  return function(self, given, opts)
    if getmetatable(self) ~= Client then
      Error.raise_client(action, "InvalidParameter", ("client:%s: call it with ':' on a client"):format(name))
    end
    local timeout, retries = client.call_opts(action, opts)
    return send(self, entry, prep, given, prep(nil, given), timeout, retries)
  end
end

-- The binding functions (keys: the Lua names), for apigw.pages and apigw.wait, which take
-- a binding as well as an action name.
B.entry_of = setmetatable({}, { __mode = "k" })

for _, entry in ipairs(actions.actions) do
  local m = method(entry)
  Client[entry.lua] = m
  B.entry_of[m] = entry
end

-- The module-level functions: each calls the same method on the default client.
-- default is a function returning that client.
function B.module_functions(default)
  local fns = {}
  for _, entry in ipairs(actions.actions) do
    local name = entry.lua
    -- apigw.<name>(params [, opts]) -> answer table
    local fn = function(given, opts)
      local c = default()
      return c[name](c, given, opts)
    end
    fns[name] = fn
    B.entry_of[fn] = entry
  end
  return fns
end

-- The entry of an action given by name ("DescribeApiGroups"), by Lua name
-- ("describe_api_groups") or as a binding (apigw.describe_api_groups), or nil.
function B.resolve(what)
  if type(what) == "string" then return actions.by_action[what] or actions.by_lua[what] end
  if type(what) == "function" then return B.entry_of[what] end
  return nil
end

return B
