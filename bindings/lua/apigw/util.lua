-- Small helpers: name suggestions, option-table checks, parameter flattening.
local Error = require "apigw.error"
local M = {}

local function distance(a, b)
  a, b = a:lower(), b:lower()
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

-- The candidate closest to name (case-insensitive edit distance), or nil when none is close.
function M.suggest(name, candidates)
  local best, bestd
  for _, c in ipairs(candidates) do
    local d = distance(name, c)
    if not bestd or d < bestd then best, bestd = c, d end
  end
  if best and bestd <= math.max(2, #name // 3) then return best end
  return nil
end

-- Raises for a key of t not in allowed (a list); what names the table, e.g. "apigw.client".
-- A list's names as a set (cached per list: the lists are constants of their modules).
local sets = setmetatable({}, { __mode = "k" })
local function set_of(list)
  local s = sets[list]
  if not s then
    s = {}
    for _, name in ipairs(list) do s[name] = true end
    sets[list] = s
  end
  return s
end

function M.check_keys(t, allowed, what, action, code)
  local set = set_of(allowed)
  for k in pairs(t) do
    if not set[k] then
      local msg = ("unknown %s '%s'"):format(what, tostring(k))
      local s = type(k) == "string" and M.suggest(k, allowed)
      if s then msg = msg .. (" (did you mean '%s'?)"):format(s)
      else msg = msg .. " (valid: " .. table.concat(allowed, ", ") .. ")" end
      Error.raise_client(action, code or "InvalidParameter", msg)
    end
  end
end

local function scalar(action, name, v)
  local t = type(v)
  if t == "string" then return v end
  if t == "boolean" then return v and "true" or "false" end
  if t == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    if v ~= v or v == math.huge or v == -math.huge then
      Error.raise_client(action, "InvalidParameter",
        ("parameter '%s' is not a finite number"):format(name))
    end
    local i = math.tointeger(v)
    if i then return tostring(i) end
    return ("%.17g"):format(v)
  end
  Error.raise_client(action, "InvalidParameter",
    ("parameter '%s' has a %s value; use a string, number, boolean or table"):format(name, t))
end

local function is_list(t)
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local function flatten_into(action, out, name, v, depth)
  if depth > 16 then
    Error.raise_client(action, "InvalidParameter", ("parameter '%s' is nested too deeply"):format(name))
  end
  if type(v) ~= "table" then
    out[name] = scalar(action, name, v)
  elseif is_list(v) then
    for i = 1, #v do flatten_into(action, out, name .. "." .. i, v[i], depth + 1) end
  else
    for k, sub in pairs(v) do
      if type(k) ~= "string" and math.type(k) ~= "integer" then
        Error.raise_client(action, "InvalidParameter",
          ("parameter '%s' has a key of type %s"):format(name, type(k)))
      end
      flatten_into(action, out, name .. "." .. tostring(k), sub, depth + 1)
    end
  end
end

-- {Name = value, ...} -> {["Name"] = "text", ["List.1"] = ..., ["Map.Key"] = ...}
function M.flatten(action, params)
  local out = {}
  for k, v in pairs(params) do
    if type(k) ~= "string" or k == "" then
      Error.raise_client(action, "InvalidParameter",
        ("parameter names must be non-empty strings, got %s"):format(type(k) == "string" and '""' or type(k)))
    end
    flatten_into(action, out, k, v, 0)
  end
  return out
end

return M
