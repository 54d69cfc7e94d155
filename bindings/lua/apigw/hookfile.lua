-- Hook files: --hook FILE and APIGW_HOOKS (docs/hooks.md, "Loading hooks"). Host only.
-- A file that cannot be loaded stops the run before anything is sent: every failure here
-- is a configuration error (exit 3) that names the file.
local Error = require "apigw.error"
local util = require "apigw.util"
local hooks = require "apigw.hooks"

local F = {}

local function fail(path, msg)
  error(Error.new{ code = "InvalidHookFile", kind = "config", message = ("hook file %s: %s"):format(path, msg) }, 0)
end

local TABLE_KEYS = { "id", "action" }
for _, e in ipairs(hooks.EVENTS) do TABLE_KEYS[#TABLE_KEYS + 1] = e end

-- Registers the hooks of a table returned by a hook file: {id =, action =, <event> = fn...}.
local function register_table(path, t)
  for k in pairs(t) do
    local known = false
    for _, name in ipairs(TABLE_KEYS) do if k == name then known = true break end end
    if not known then
      local s = type(k) == "string" and util.suggest(k, TABLE_KEYS)
      fail(path, ("unknown key '%s'%s"):format(tostring(k),
        s and (" (did you mean '%s'?)"):format(s) or " (keys: id, action and the events " .. table.concat(hooks.EVENTS, ", ") .. ")"))
    end
  end
  local id = t.id
  if id == nil then id = path:match("([^/]+)$"):gsub("%.lua$", "") end
  for _, e in ipairs(hooks.EVENTS) do
    local fn = t[e]
    if fn ~= nil then
      local ok, err = pcall(hooks.on, e, fn, { id = id, action = t.action })
      if not ok then
        local msg = type(err) == "table" and err.message or tostring(err)
        fail(path, ("key '%s': %s"):format(e, (msg:gsub("^apigw%.on: ", ""))))
      end
    end
  end
end

-- Loads one hook file in the playbook's state (its path as `...`).
function F.load(path)
  local chunk, why = loadfile(path)
  if not chunk then fail(path, why) end
  local ok, r = pcall(chunk, path)
  if not ok then fail(path, "failed while loading: " .. tostring(r)) end
  if type(r) == "table" then
    register_table(path, r)
  elseif r ~= nil and r ~= true then
    fail(path, ("returned a %s; a hook file returns nothing, or a table {id =, <event> = function, ...}"):format(type(r)))
  end
end

-- The files to load: APIGW_HOOKS (unless no_env) first, then files (--hook, in order).
function F.load_all(files, no_env, getenv)
  local list = {}
  local env = not no_env and (getenv or os.getenv)("APIGW_HOOKS")
  if env then
    for p in env:gmatch("[^:]+") do list[#list + 1] = p end
  end
  for _, p in ipairs(files or {}) do list[#list + 1] = p end
  for _, p in ipairs(list) do F.load(p) end
  return #list
end

return F
