-- The hook registry and how an event reaches its hooks (docs/hooks.md).
--  * Hooks are kept per event, globally and per client, in registration order. Built-in
--    subscribers (--verbose, --trace, --dry-run printing: apigw.builtin) sit in front of
--    the user's and get the payload itself; user hooks get a read-only view of it.
--  * A call asks for its plan: for each call event, the list of hooks that apply to its
--    client and action, or nil. Plans are cached per client and action and rebuilt after
--    any registration; a call with no plan builds nothing for hooks at all.
--  * Hooks run in the caller's coroutine; while one runs, that coroutine (and any task it
--    spawns) is quiet: the bindings it calls use the built-ins only.
local Error = require "apigw.error"
local util = require "apigw.util"
local ro = require "apigw.readonly"
local sched = require "apigw.sched"

local H = {}

H.EVENTS = { "start", "call", "request", "response", "retry", "error", "done", "finish" }
local CALL_EVENTS = { "call", "request", "response", "retry", "error", "done" }
local IS_EVENT, IS_CALL_EVENT = {}, {}
for _, e in ipairs(H.EVENTS) do IS_EVENT[e] = true end
for _, e in ipairs(CALL_EVENTS) do IS_CALL_EVENT[e] = true end
H.IS_EVENT = IS_EVENT
-- what happens to an error raised by a user hook, per event (docs/hooks.md)
local WARNS = { response = true, done = true, finish = true }

local co_running = coroutine.running
local quiet = setmetatable({}, { __mode = "k" }) -- coroutine -> true while it runs a hook
H.quiet = quiet
sched.on_spawn = function(co)
  if quiet[co_running()] then quiet[co] = true end
end

H.gen = 0     -- bumped by every change to the registry; plans compare it
H.ncall = 0   -- hooks on call events, built-ins included: 0 means no call needs a plan
H.warnings = 0 -- hook errors turned into warnings (the exit status becomes 1)
H.log = function(fmt, ...) io.stderr:write("apigw-lua: ", fmt:format(...), "\n") end

local global, builtin = {}, {} -- event -> list of hooks
for _, e in ipairs(H.EVENTS) do global[e], builtin[e] = {}, {} end
local clients = setmetatable({}, { __mode = "k" }) -- clients with hooks -> their order
local nclients = 0
local seq = 0

local Hook = {}
Hook.__index = Hook
Hook.__name = "apigw.Hook"

function Hook:__tostring()
  return ("apigw.Hook(%s '%s' %s %s)"):format(self.event, self.id, self.scope, self.where)
end

local function changed(delta, h)
  H.gen = H.gen + 1
  if IS_CALL_EVENT[h.event] and h.scope ~= "client" then H.ncall = H.ncall + delta end
end

-- hook:remove() -> true, or false when it was removed or replaced already
function Hook:remove()
  if getmetatable(self) ~= Hook then
    Error.raise_client(nil, "InvalidParameter", "hook:remove: call it with ':' on a hook")
  end
  if self.removed then return false end
  local list = self.list
  for i = 1, #list do
    if list[i] == self then
      table.remove(list, i)
      break
    end
  end
  self.removed = true
  changed(-1, self)
  return true
end

-- "file:line" where fn is defined; for a C function, where it was registered.
local function where_of(fn)
  local info = debug.getinfo(fn, "S")
  if info.what ~= "C" and info.linedefined and info.linedefined > 0 then
    return info.short_src .. ":" .. info.linedefined
  end
  return Error.caller() or "?"
end

local function raise(what, msg)
  Error.raise_client(nil, "InvalidHook", what .. ": " .. msg)
end

local ON_OPTS = { "id", "action" }

local function action_set(what, event, a)
  if a == nil then return nil end
  if not IS_CALL_EVENT[event] then
    raise(what, ("option 'action' does not apply to the '%s' event"):format(event))
  end
  local list = type(a) == "table" and a or { a }
  if #list == 0 then raise(what, "option 'action' must be an action name or a non-empty list of them") end
  local set = {}
  for _, name in ipairs(list) do
    if type(name) ~= "string" or not name:match("^%u%w*$") then
      raise(what, ("option 'action' must name CloudAPI actions such as \"SetDomain\", got %s"):format(
        type(name) == "string" and ("%q"):format(name) or type(name)))
    end
    set[name] = true
  end
  return set
end

local function check_event(what, event)
  if type(event) ~= "string" then
    raise(what, "the event must be a string such as \"done\", got " .. type(event))
  end
  if not IS_EVENT[event] then
    local s = util.suggest(event, H.EVENTS)
    raise(what, ("unknown event '%s'%s"):format(event,
      s and (" (did you mean '%s'?)"):format(s) or " (events: " .. table.concat(H.EVENTS, ", ") .. ")"))
  end
end

-- Registers fn for event. scope: "global" or "client" (then client is the client).
-- Registering an id again (same event and scope) replaces that hook in its place.
local function register(what, scope, client, event, fn, opts)
  check_event(what, event)
  if type(fn) ~= "function" then raise(what, "the hook must be a function, got " .. type(fn)) end
  if opts ~= nil and type(opts) ~= "table" then raise(what, "options must be a table, got " .. type(opts)) end
  opts = opts or {}
  util.check_keys(opts, ON_OPTS, what .. " option", nil, "InvalidHook")
  if opts.id ~= nil and (type(opts.id) ~= "string" or opts.id == "") then
    raise(what, "option 'id' must be a non-empty string")
  end
  local list
  if scope == "client" then
    if not IS_CALL_EVENT[event] then
      raise(what, ("'%s' belongs to the run, not to a client: register it with apigw.on"):format(event))
    end
    local hooks = client._hooks
    if not hooks then
      hooks = {}
      for _, e in ipairs(CALL_EVENTS) do hooks[e] = {} end
      client._hooks = hooks
      nclients = nclients + 1
      clients[client] = nclients
    end
    list = hooks[event]
  else
    list = global[event]
  end
  seq = seq + 1
  local h = setmetatable({ event = event, fn = fn, id = opts.id or ("#" .. seq), where = where_of(fn),
                           scope = scope, actions = action_set(what, event, opts.action),
                           list = list, removed = false }, Hook)
  for i = 1, #list do
    local old = list[i]
    if old.id == h.id then
      old.removed = true
      list[i] = h
      H.gen = H.gen + 1
      H.registered(h)
      return h
    end
  end
  list[#list + 1] = h
  changed(1, h)
  H.registered(h)
  return h
end

H.registered = function() end -- apigw.init sets it (--verbose names each new hook)

-- apigw.on(event, fn [, {id=, action=}]) -> hook
function H.on(event, fn, opts)
  return register("apigw.on", "global", nil, event, fn, opts)
end

-- client:on(event, fn [, {id=, action=}]) -> hook
function H.client_on(client, event, fn, opts)
  return register("client:on", "client", client, event, fn, opts)
end

-- A built-in subscriber: runs before the user's hooks and gets the payload itself (and
-- the signed request, when there is one) instead of a view. Never listed.
function H.builtin(event, fn)
  local list = builtin[event]
  local h = setmetatable({ event = event, fn = fn, id = "builtin", where = "builtin",
                           scope = "builtin", builtin = true, list = list, removed = false }, Hook)
  list[#list + 1] = h
  changed(1, h)
  return h
end

function H.clear_builtins()
  for _, e in ipairs(H.EVENTS) do
    for _, h in ipairs(builtin[e]) do h.removed = true; changed(-1, h) end
    builtin[e] = {}
  end
end

-- apigw.hooks([event]) -> {{event=, id=, where=, scope=}, ...} in the order they run
function H.list(event)
  if event ~= nil then check_event("apigw.hooks", event) end
  local order = {}
  for c, n in pairs(clients) do order[#order + 1] = { c = c, n = n } end
  table.sort(order, function(a, b) return a.n < b.n end)
  local out = {}
  local function add(h)
    out[#out + 1] = { event = h.event, id = h.id, where = h.where, scope = h.scope }
  end
  for _, e in ipairs(H.EVENTS) do
    if event == nil or event == e then
      for _, h in ipairs(global[e]) do add(h) end
      for _, o in ipairs(order) do
        local hooks = o.c._hooks
        if hooks and hooks[e] then for _, h in ipairs(hooks[e]) do add(h) end end
      end
    end
  end
  return out
end

local function applies(h, action)
  return not h.actions or h.actions[action] == true
end

-- The plan of a call: {call = list|nil, ..., done = list|nil, quiet = plan of the built-ins
-- only, or false}, or false when no hook applies.
local function build(client, action, with_user)
  local plan, any = {}, false
  local hooks = client._hooks
  for _, e in ipairs(CALL_EVENTS) do
    local list = {}
    for _, h in ipairs(builtin[e]) do list[#list + 1] = h end
    if with_user then
      for _, h in ipairs(global[e]) do if applies(h, action) then list[#list + 1] = h end end
      if hooks then
        for _, h in ipairs(hooks[e]) do if applies(h, action) then list[#list + 1] = h end end
      end
    end
    if #list > 0 then
      plan[e] = list
      any = true
    end
  end
  return any and plan
end

-- The plan for a call of action on client, or nil. Called only when H.ncall > 0 or the
-- client has hooks.
function H.plan(client, action)
  local cache = client._plans
  if not cache or cache.gen ~= H.gen then
    cache = { gen = H.gen }
    client._plans = cache
  end
  local p = cache[action]
  if p == nil then
    p = build(client, action, true)
    if p then p.quiet = build(client, action, false) end
    cache[action] = p
  end
  if p and quiet[co_running()] then return p.quiet or nil end
  return p or nil
end

-- The run's plan for start and finish (global hooks only).
function H.run_list(event)
  local list = {}
  for _, h in ipairs(builtin[event]) do list[#list + 1] = h end
  for _, h in ipairs(global[event]) do list[#list + 1] = h end
  return #list > 0 and list or nil
end

local function describe(h)
  return ("%s hook '%s' (%s)"):format(h.event, h.id, h.where)
end
H.describe = describe

local function interrupted(r)
  return type(r) == "string" and (r == "interrupted" or r:find(": interrupted$") ~= nil)
end

-- The error a failed hook gives its call: its own apigw.Error, or a HookError.
function H.hook_error(h, r, action, forced)
  local raw = ro.raw(r)
  if raw and Error.is(raw) then r = raw end
  if Error.is(r) and not forced then
    if r.action == nil then r.action = action end
    r.retryable = false
    return r
  end
  local msg = type(r) == "string" and r or tostring(r)
  return Error.new{ code = "HookError", kind = "client", action = action, retryable = false,
                    message = describe(h) .. " failed: " .. msg, cause = r }
end

-- A hook broke its event's contract by what it returned.
function H.bad_return(h, action, got, want)
  return Error.new{ code = "HookError", kind = "client", action = action, retryable = false,
                    message = ("%s returned a %s; %s"):format(describe(h), type(got), want) }
end

function H.warn(h, r)
  H.warnings = H.warnings + 1
  local raw = ro.raw(r)
  H.log("warning: %s failed: %s", describe(h), tostring(raw or r))
end

-- How each event's payload is shown to user hooks: read-only but for these fields.
local OPEN = { ctx = true, client = true }
local OPEN_EDIT = { ctx = true, client = true, params = true }
local VIEW_INFO = {}
for _, e in ipairs(H.EVENTS) do
  VIEW_INFO[e] = { event = e, path = "e", open = (e == "call" or e == "request") and OPEN_EDIT or OPEN }
end

-- Runs the hooks of list for the event e (the payload). x goes to the built-ins only (the
-- signed request). Returns, for a deciding event, the first non-nil value a hook returned
-- and that hook; and as third value the error that fails the call when a hook raised.
function H.fire(list, e, x)
  local event = e.event
  local v
  for i = 1, #list do
    local h = list[i]
    if not h.removed then
      if h.builtin then
        h.fn(e, x)
      else
        v = v or ro.view(e, VIEW_INFO[event])
        local co = co_running()
        local was = quiet[co]
        quiet[co] = true
        local ok, r = pcall(h.fn, v)
        quiet[co] = was
        if not ok then
          if interrupted(r) then error(r, 0) end
          if WARNS[event] then
            H.warn(h, r)
          else
            return nil, h, H.hook_error(h, r, e.action, event == "start")
          end
        elseif r ~= nil and (event == "call" or event == "retry" or event == "error") then
          return r, h
        end
      end
    end
  end
  return nil
end

return H
