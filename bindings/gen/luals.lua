-- Writes the LuaLS definition file (---@meta apigw) from the action table, at build time:
--   apigw-lua bindings/gen/luals.lua OUT PART...
-- PARTs are the hand-written definitions (bindings/luals/*.lua), copied first, in order; then
-- per entry of the table (as the built module embeds it): a params class, an answer class,
-- the item classes of its lists, the module function and the client method.
local here = arg[0]:match("^(.*)/[^/]*$") or "."
package.path = here .. "/?.lua;" .. package.path
local describe = require "describe"
local actions = require "apigw.actions"
-- the table's shape, checked here rather than at each start: a typo fails the build
actions.check()

local out_path = assert(arg[1], "usage: luals.lua OUT PART...")
local out = {}
local function w(s) out[#out + 1] = s end

w("---@meta apigw")
w("-- LuaLS definitions for apigw-lua's apigw module. Generated at build time by")
w("-- bindings/gen/luals.lua from the action table (bindings/lua/apigw/actions.lua) and")
w("-- bindings/luals/*.lua: do not edit. Keep this file off package.path (docs/lua-api.md).")
w("")
for i = 2, #arg do
  local f = assert(io.open(arg[i], "r"))
  w(f:read("a"))
  f:close()
end

-- A description on one line (LuaLS takes the rest of a ---@field line as its text).
local function one_line(s)
  return ((s or ""):gsub("`", ""):gsub("%s+", " "))
end

-- "---@field" lines, without a trailing space when there is no description.
local function field(name, optional, type_, text)
  local line = ("---@field %s%s %s %s"):format(name, optional and "?" or "", type_, one_line(text))
  w((line:gsub("%s+$", "")))
end

local classes_done = {}
local function item_classes(fields)
  for _, x in ipairs(fields) do
    if x.type == "list" then
      item_classes(x.item)
      local class = describe.item_class(x)
      if not classes_done[class] then
        classes_done[class] = true
        w(("---@class %s"):format(class))
        for _, y in ipairs(x.item) do
          field(y.name, y.optional, describe.field_type(y), describe.field_note(y))
        end
        w("")
      end
    end
  end
end

for _, entry in ipairs(actions.actions) do
  local P, A = ("apigw.%sParams"):format(entry.action), ("apigw.%sAnswer"):format(entry.action)
  w(("-- %s"):format(entry.action))
  w("")
  w(("---@class %s"):format(P))
  for _, x in ipairs(entry.params) do
    field(x.name, not x.required, describe.param_type(x), describe.param_rule(x))
  end
  w("")
  item_classes(entry.answer)
  w(("---@class %s: apigw.Answer"):format(A))
  for _, x in ipairs(entry.answer) do
    field(x.name, x.optional, describe.field_type(x), describe.field_note(x))
  end
  w("")
  for _, owner in ipairs{ "apigw.", "Client:" } do
    w("---" .. one_line(entry.summary) .. " (" .. entry.action .. ")")
    w(("---@param params %s"):format(P))
    w("---@param opts? apigw.CallOpts")
    w(("---@return %s"):format(A))
    w(("function %s%s(params, opts) end"):format(owner, entry.lua))
    w("")
  end
end

w("return apigw")

local tmp = out_path .. ".tmp"
local f = assert(io.open(tmp, "w"))
assert(f:write(table.concat(out, "\n"), "\n"))
assert(f:close())
assert(os.rename(tmp, out_path))
