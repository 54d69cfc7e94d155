-- The checks before sending, made from an entry of the action table (apigw.actions): each
-- failure names the parameter with the service's own codes (Missing<Name>, Invalid<Name>),
-- an unknown name gets the nearest valid one. What passes is turned into the strings to send.
-- A secret parameter's value is never quoted in a message.
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local domain = require "apigw.domain"

local P = {}

local json_encode = core.json.encode

local names_of = setmetatable({}, { __mode = "k" })
local function names(list)
  local n = names_of[list]
  if not n then
    n = {}
    for i, x in ipairs(list) do n[i] = x.name end
    names_of[list] = n
  end
  return n
end
P.names = names

local function invalid(action, x, fmt, ...)
  Error.raise_client(action, "Invalid" .. x.name, ("parameter '%s' "):format(x.name) .. fmt:format(...))
end

-- How a wrong value is shown: quoted unless the parameter is secret or PEM text (a key, or a
-- certificate nobody wants in a terminal).
local function shown(x, v)
  if type(v) ~= "string" then return type(v) end
  if x.secret or x.kind == "pem" then return ("a string of %d bytes"):format(#v) end
  if #v > 64 then return ("%q..."):format(v:sub(1, 60)) end
  return ("%q"):format(v)
end

local function is_sequence(t)
  local n = #t
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local check_value -- (action, x, v, out): stores what to send for x into out

local function check_string(action, x, v)
  if type(v) ~= "string" then
    invalid(action, x, "must be a string, got %s", type(v))
  end
  if x.max_len and utf8.len(v) and utf8.len(v) > x.max_len then
    invalid(action, x, "must be at most %d characters, got %d", x.max_len, utf8.len(v))
  end
  return v
end

local KIND = {}

KIND.string = check_string

function KIND.boolean(action, x, v)
  if type(v) ~= "boolean" then
    local hint = type(v) == "string" and (" (write %s, not %q)"):format(v:lower() == "true" and "true" or "false", v) or ""
    invalid(action, x, "must be a boolean (true or false), got %s%s", type(v), hint)
  end
  return v and "true" or "false" -- as the service spells booleans
end

function KIND.integer(action, x, v)
  local i = math.type(v) == "integer" and v or (type(v) == "number" and math.tointeger(v))
  if not i then
    local hint = ""
    if type(v) == "string" and math.tointeger(tonumber(v)) then hint = (" (write %s, not %q)"):format(v, v) end
    invalid(action, x, "must be an integer, got %s%s", type(v) == "number" and tostring(v) or type(v), hint)
  end
  if (x.min and i < x.min) or (x.max and i > x.max) then
    invalid(action, x, "must be an integer from %d to %d, got %d", x.min or math.mininteger, x.max or math.maxinteger, i)
  end
  return tostring(i)
end

function KIND.enum(action, x, v)
  if type(v) == "string" then
    for _, allowed in ipairs(x.values) do if v == allowed then return v end end
  end
  local list = {}
  for i, a in ipairs(x.values) do list[i] = ("%q"):format(a) end
  local hint = ""
  if type(v) == "string" then
    for _, a in ipairs(x.values) do
      if a ~= "" and a:lower() == v:lower() then hint = (" (the service's spelling is %q)"):format(a) end
    end
  end
  invalid(action, x, "must be one of %s, got %s%s", table.concat(list, ", "), shown(x, v), hint)
end

function KIND.domain(action, x, v)
  check_string(action, x, v)
  local why = domain.domain_problem(v)
  if why then
    Error.raise_client(action, "Invalid" .. x.name, ("%s %q %s"):format(x.name, v, why))
  end
  return v
end

function KIND.pem(action, x, v)
  if type(v) ~= "string" then invalid(action, x, "must be PEM text (a string), got %s", type(v)) end
  if not v:find("-----BEGIN [%w ]+-----") or not v:find("-----END [%w ]+-----") then
    local hint = ""
    if #v < 4096 and not v:find("\n") then
      hint = "; it looks like a file name: give the file's contents (io.open(path):read(\"a\"))"
    end
    invalid(action, x, "must be PEM text (-----BEGIN ...----- ... -----END ...-----), got %s%s", shown(x, v), hint)
  end
  return v
end

-- A list: a sequence of strings, or of tables with the item's fields. Sent flattened
-- (Tag.1.Key=...) or, with wire = "json", as one JSON array.
local function check_list(action, x, v, out)
  if type(v) ~= "table" or not is_sequence(v) then
    invalid(action, x, "must be a list (a table with items 1..n), got %s",
            type(v) == "table" and "a table with other keys" or type(v))
  end
  if x.max and #v > x.max then invalid(action, x, "has %d items; at most %d are allowed", #v, x.max) end
  if x.item == "string" then
    local parts = {}
    for i, s in ipairs(v) do
      if type(s) ~= "string" then invalid(action, x, "item %d must be a string, got %s", i, type(s)) end
      parts[i] = s
    end
    if x.wire == "json" then
      for i, s in ipairs(parts) do parts[i] = json_encode(s) end
      out[x.name] = "[" .. table.concat(parts, ",") .. "]"
    else
      for i, s in ipairs(parts) do out[x.name .. "." .. i] = s end
    end
    return
  end
  local keys = names(x.item)
  for i, item in ipairs(v) do
    local where = ("%s item %d"):format(x.name, i)
    if type(item) ~= "table" then invalid(action, x, "item %d must be a table such as {%s = ...}, got %s", i, keys[1], type(item)) end
    util.check_keys(item, keys, "field of " .. where, action, "Invalid" .. x.name)
    for _, k in ipairs(x.item) do
      local s = item[k.name]
      if s == nil or s == "" then
        if k.required then invalid(action, x, "item %d needs a non-empty %s", i, k.name) end
      elseif type(s) ~= "string" then
        invalid(action, x, "item %d: %s must be a string, got %s", i, k.name, type(s))
      end
      if s ~= nil then out[("%s.%d.%s"):format(x.name, i, k.name)] = s end
    end
  end
end

function check_value(action, x, v, out)
  if x.kind == "list" then return check_list(action, x, v, out) end
  out[x.name] = KIND[x.kind](action, x, v)
end

-- P.check(entry, params) -> the parameters to send (names to strings), or raises the first
-- failure: the required parameters first, in the table's order (as the service does), then
-- each value.
function P.check(entry, params)
  local action = entry.action
  if type(params) ~= "table" then
    local first = entry.params[1]
    Error.raise_client(action, "InvalidParameter",
      ("expected a table of parameters such as {%s = ...}, got %s"):format(first and first.name or "...", type(params)))
  end
  local list = entry.params
  util.check_keys(params, names(list), "parameter", action, "InvalidParameter")
  for _, x in ipairs(list) do
    if x.required then
      local v = params[x.name]
      if v == nil or v == "" then
        Error.raise_client(action, "Missing" .. x.name,
          ("parameter '%s' is required%s"):format(x.name,
            v == "" and " and must not be empty" or ""))
      end
    end
  end
  local out = {}
  for _, x in ipairs(list) do
    local v = params[x.name]
    if v ~= nil then check_value(action, x, v, out) end
  end
  return out
end

return P
