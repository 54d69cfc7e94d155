-- Read-only views of hook payloads (docs/hooks.md: "writing one raises, naming the field").
-- A view holds only private keys (the table it shows, and what names it in messages), so
-- every field read goes through __index to that table, and every write through __newindex,
-- which raises. Nested tables are wrapped when they are read, so a write anywhere below
-- raises too. A few top-level fields stay open (e.ctx, e.client, and e.params where it is
-- editable). pairs, ipairs, # and tostring work on a view; apigw.Error.is is true for the
-- view of an error. All views share two metatables: a view costs one small table.
local Error = require "apigw.error"

local R = {}

local rawget, rawset, type, error, next, tostring = rawget, rawset, type, error, next, tostring
local setmetatable, getmetatable = setmetatable, getmetatable

R.made = false -- set once any view exists (apigw.json.encode then looks through them)

-- private keys of a view: the table shown; {event =, path =, open =}; nested views made
local RAW, INFO, CACHE = {}, {}, {}

local function path_of(info, k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return info.path .. "." .. k end
  return info.path .. "[" .. tostring(k) .. "]"
end

local view

local function index(v, k)
  local x = rawget(v, RAW)[k]
  if type(x) ~= "table" then return x end
  local info = rawget(v, INFO)
  local open = info.open
  if open and open[k] then return x end
  local cache = rawget(v, CACHE)
  if not cache then
    cache = {}
    rawset(v, CACHE, cache)
  end
  local w = cache[k]
  if w == nil then
    w = view(x, { event = info.event, path = path_of(info, k) })
    cache[k] = w
  end
  return w
end

local function newindex(v, k)
  local info = rawget(v, INFO)
  error(("apigw: the %s payload is read-only: cannot set %s"):format(info.event, path_of(info, k)), 2)
end

local function len(v)
  return #rawget(v, RAW)
end

local function pairs_of(v)
  local raw = rawget(v, RAW)
  return function(_, k)
    local nk = next(raw, k)
    if nk == nil then return nil end
    return nk, index(v, nk)
  end, v, nil
end

local function tostring_of(v)
  return tostring(rawget(v, RAW))
end

local function shared(protect)
  return { __index = index, __newindex = newindex, __len = len, __pairs = pairs_of,
           __tostring = tostring_of, __name = "apigw.readonly", __metatable = protect }
end
local PLAIN_MT, ERROR_MT = shared(false), shared(Error)

-- view(t, info) -> a read-only view of t. info = {event = name, path = "e" or "e.answer",
-- open = set of top-level keys given out as they are, or nil}; it may be shared by views.
function view(t, info)
  R.made = true
  return setmetatable({ [RAW] = t, [INFO] = info }, getmetatable(t) == Error and ERROR_MT or PLAIN_MT)
end
R.view = view

-- The table behind a view, or nil when v is not one.
function R.raw(v)
  if type(v) ~= "table" then return nil end
  local raw = rawget(v, RAW)
  if raw ~= nil and rawget(v, INFO) then return raw end
  return nil
end

-- v with every view inside it replaced by a plain copy of what it shows (for the JSON
-- encoder, which reads tables raw). Tables without a view inside are returned as they are.
local function plain(v, depth)
  if type(v) ~= "table" or depth > 1000 then return v end
  local raw = R.raw(v)
  if raw then
    local out = {}
    for k, x in next, raw do out[k] = x end
    return plain(out, depth + 1)
  end
  local copy
  for k, x in next, v do
    local p = plain(x, depth + 1)
    if p ~= x then
      if not copy then
        copy = {}
        for k2, x2 in next, v do copy[k2] = x2 end
        setmetatable(copy, debug.getmetatable(v))
      end
      copy[k] = p
    end
  end
  return copy or v
end
function R.plain(v)
  return plain(v, 0)
end

return R
