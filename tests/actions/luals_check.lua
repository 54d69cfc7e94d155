-- The LuaLS definitions (build/luals/apigw.lua) against the module itself: every public
-- function and field of the module, of clients, tasks, errors and hooks is annotated, and
-- nothing annotated is missing from the module; every entry of the action table has its
-- params and answer classes with the table's fields.
--   apigw-lua luals_check.lua TESTLIB DEFS
local t = dofile(arg[1])
local path = arg[2]
local actions = require "apigw.actions"

local f = assert(io.open(path, "r"))
local text = f:read("a")
f:close()

-- Members of the apigw.Error table that are the module's own plumbing, not the API.
local ERROR_INTERNAL = { caller = true, entry = true, raise_client = true }

t.case("the file is a ---@meta file that runs in an empty environment", function()
  t.match(text, "^%-%-%-@meta apigw\n")
  local env = {}
  local chunk, err = load(text, "=luals", "t", env)
  t.truthy(chunk, err)
  local ret = chunk()
  t.eq(ret, env.apigw, "it returns the apigw table")
  local globals = {}
  for k in pairs(env) do globals[#globals + 1] = k end
  t.eq(#globals, 1, "it defines one global, apigw")
end)

-- Parses the annotations: per class, its fields ("---@field"), its methods and functions
-- ("function Var:name" / "function Var.name", Var bound to the class by the line after
-- "---@class"), and the text of each ---@field's type.
local classes, var_class, field_type, overloads = {}, {}, {}, {}
do
  local current, pending_class, pending_overloads
  for line in (text .. "\n"):gmatch("(.-)\n") do
    local cname = line:match("^%-%-%-@class ([%w%._]+)")
    if cname then
      current, pending_class = cname, cname
      classes[cname] = classes[cname] or {}
      field_type[cname] = field_type[cname] or {}
    else
      local fname, ftype = line:match("^%-%-%-@field ([%w_]+)%??%s+(%S+)")
      if fname and current then
        classes[current][fname] = "field"
        field_type[current][fname] = ftype
      elseif line:match("^%-%-%-@overload") then
        pending_overloads = (pending_overloads or 0) + 1
        local ev = line:match('fun%(event: "(%w+)"') or line:match('event: "(%w+)"')
        if ev then overloads[#overloads + 1] = ev end
      elseif not line:match("^%-%-%-") then
        current = nil
        local var = line:match("^local ([%w_]+) = {}") or line:match("^([%w_]+) = {}")
        if var and pending_class then var_class[var] = pending_class end
        pending_class = nil
        local owner, sep, name = line:match("^function ([%w_]+)([%.:])([%w_]+)%(")
        if owner then
          local class = var_class[owner]
          t.truthy(class, "function " .. owner .. sep .. name .. " on a table with no class")
          classes[class][name] = sep == ":" and "method" or "function"
        end
        pending_overloads = nil
      end
    end
  end
end

-- The public names of a table: not starting with "_" (private, or a metamethod).
local function public(tbl, skip)
  local s = {}
  for k in pairs(tbl) do
    if type(k) == "string" and k:sub(1, 1) ~= "_" and not (skip and skip[k]) then s[k] = true end
  end
  return s
end

local function same(what, annotated, real)
  for k in pairs(real) do t.truthy(annotated[k], ("%s.%s is in the module but not annotated"):format(what, k)) end
  for k in pairs(annotated) do t.truthy(real[k], ("%s.%s is annotated but not in the module"):format(what, k)) end
end

t.case("the module: every public function and field, and nothing else", function()
  same("apigw", classes["apigw"], public(apigw))
end)

t.case("clients: every method", function()
  local c = apigw.client{}
  local methods = public(getmetatable(c))
  same("apigw.Client", classes["apigw.Client"], methods)
end)

t.case("tasks, errors, json", function()
  local task = apigw.spawn(function() end)
  task:wait()
  same("apigw.Task", classes["apigw.Task"], public(getmetatable(task)))
  same("apigw.Error (the table)", classes["apigw.ErrorModule"], public(apigw.Error, ERROR_INTERNAL))
  same("apigw.json", classes["apigw.json"], public(apigw.json))
  t.eq(field_type["apigw"].Error, "apigw.ErrorModule")
  t.eq(field_type["apigw"].json, "apigw.json")
end)

t.case("an error's fields are annotated (a local check's and a waiter's)", function()
  local ok, e = pcall(apigw.describe_domain, { GroupId = "g" })
  t.eq(ok, false)
  for k in pairs(public(e)) do t.truthy(classes["apigw.Error"][k], "apigw.Error field " .. k) end
  local ok2, w = pcall(apigw.wait, "DescribeDomain", { GroupId = "g", DomainName = "a.example.com" },
    { X = 1 }, { timeout = 0, retry_on = { "connect" }, client = apigw.client{ endpoint = "http://127.0.0.1:1",
      retries = 0, access_key_id = "LTAIx", access_key_secret = "y" } })
  t.eq(ok2, false); t.eq(w.code, "WaiterTimeout")
  for k in pairs(public(w)) do t.truthy(classes["apigw.Error"][k], "apigw.Error field " .. k) end
end)

t.case("hooks: apigw.on has one overload per event; hooks are annotated", function()
  if not apigw.on then
    t.eq(classes["apigw.Hook"], nil, "no hooks in the module, none annotated")
    return
  end
  local h = apigw.on("done", function() end)
  same("apigw.Hook", classes["apigw.Hook"], public(getmetatable(h)))
  h:remove()
  local want = { "start", "call", "request", "response", "retry", "error", "done", "finish" }
  for _, ev in ipairs(want) do
    local n = 0
    for _, o in ipairs(overloads) do if o == ev then n = n + 1 end end
    t.truthy(n >= 1, "an overload for " .. ev)
  end
end)

t.case("every entry: a params class with its parameters, an answer class with its fields", function()
  for _, entry in ipairs(actions.actions) do
    local P, A = "apigw." .. entry.action .. "Params", "apigw." .. entry.action .. "Answer"
    t.truthy(classes[P], P); t.truthy(classes[A], A)
    local want = {}
    for _, x in ipairs(entry.params) do want[x.name] = true end
    same(P, classes[P], want)
    want = {}
    for _, x in ipairs(entry.answer) do want[x.name] = true end
    same(A, classes[A], want)
    t.eq(classes["apigw"][entry.lua], "function", "apigw." .. entry.lua)
    t.eq(classes["apigw.Client"][entry.lua], "method", "client:" .. entry.lua)
  end
end)

t.case("enums are literal unions; required parameters have no '?'", function()
  t.eq(field_type["apigw.SetDomainParams"].BindStageName, '"TEST"|"PRE"|"RELEASE"|""')
  t.eq(field_type["apigw.SetDomainWebSocketStatusParams"].ActionValue, '"OPEN"|"CLOSE"')
  t.match(text, "\n%-%-%-@field GroupId string ")
  t.match(text, "\n%-%-%-@field IsForce%? boolean ")
  t.eq(field_type["apigw.DescribeApiGroupAnswer"].CustomDomains, "{DomainItem:")
end)

t.done()
