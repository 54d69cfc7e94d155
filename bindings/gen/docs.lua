-- The parameter and answer tables of docs/lua-api.md, made from the action table:
--   apigw-lua bindings/gen/docs.lua check  docs/lua-api.md   exit 1 when the docs differ
--   apigw-lua bindings/gen/docs.lua update docs/lua-api.md   rewrite the tables in place
-- Each binding's section holds two generated blocks, between the lines
--   <!-- BEGIN generated params SetDomain -->  ...  <!-- END generated params SetDomain -->
-- (and the same with "answer"); everything else in the file is hand-written. Every entry
-- must have both blocks, and no block may name an action the table lacks.
local here = arg[0]:match("^(.*)/[^/]*$") or "."
package.path = here .. "/?.lua;" .. package.path
local describe = require "describe"
local actions = require "apigw.actions"

local mode, path = arg[1], arg[2]
if (mode ~= "check" and mode ~= "update") or not path then
  io.stderr:write("usage: docs.lua check|update DOC\n")
  os.exit(2)
end

local function cell(s) return (s:gsub("|", "\\|")) end

local function params_block(entry)
  local t = { "| Parameter | Lua type | Required | Rule (checked before sending) | Local error codes |",
              "|---|---|---|---|---|" }
  for _, x in ipairs(entry.params) do
    t[#t + 1] = ("| `%s` | %s | %s | %s | %s |"):format(x.name, describe.param_lua_type(x),
      x.required and "yes" or "no", cell(describe.param_rule(x)), describe.param_codes(x))
  end
  if #entry.params == 0 then t = { "No parameters." } end
  return table.concat(t, "\n")
end

local function answer_rows(t, prefix, fields)
  for _, x in ipairs(fields) do
    local name = prefix .. x.name
    if x.type == "list" then
      t[#t + 1] = ("| `%s.%s[]` | list | %s |"):format(name, x.item_key, cell(describe.field_note(x)))
      answer_rows(t, ("%s.%s[]."):format(name, x.item_key), x.item)
    else
      t[#t + 1] = ("| `%s` | %s | %s |"):format(name, x.type, cell(describe.field_note(x)))
    end
  end
end

local function answer_block(entry)
  local t = { "| Answer field | Type | Notes |", "|---|---|---|", "| `RequestId` | string | |" }
  answer_rows(t, "", entry.answer)
  local idem = entry.idempotent and "idempotent: a read timeout is retried" or
               "not idempotent: a read timeout is not retried"
  if entry.why_idempotent then idem = idem .. " (" .. entry.why_idempotent .. ")" end
  t[#t + 1] = ""
  t[#t + 1] = ("`%s` is %s."):format(entry.action, idem)
  t[#t + 1] = entry.writes and "It writes: under `--check` it is not sent (the answer says `Check = true`)."
              or "It only reads: `--check` sends it."
  if entry.errors and #entry.errors > 0 then
    t[#t + 1] = ""
    local codes = {}
    for i, c in ipairs(entry.errors) do codes[i] = "`" .. c .. "`" end
    t[#t + 1] = "Service errors worth knowing: " .. table.concat(codes, ", ") .. "."
  end
  return table.concat(t, "\n")
end

local f = assert(io.open(path, "r"))
local doc = f:read("a")
f:close()

local want = {}
for _, entry in ipairs(actions.actions) do
  want["params " .. entry.action] = params_block(entry)
  want["answer " .. entry.action] = answer_block(entry)
end

local problems, seen = {}, {}
local out = doc:gsub("(<!%-%- BEGIN generated (%w+ %w+) %-%->\n)(.-)(<!%-%- END generated (%w+ %w+) %-%->)",
  function(open, key, body, close, key2)
    if key ~= key2 then
      problems[#problems + 1] = ("block '%s' ends with '%s'"):format(key, key2)
      return nil
    end
    seen[key] = true
    local w = want[key]
    if not w then
      problems[#problems + 1] = ("block '%s': no such action in the table"):format(key)
      return nil
    end
    if body ~= w .. "\n" then
      problems[#problems + 1] = ("block '%s' differs from the table"):format(key)
    end
    return open .. w .. "\n" .. close
  end)
for _, entry in ipairs(actions.actions) do
  for _, kind in ipairs{ "params", "answer" } do
    local key = kind .. " " .. entry.action
    if not seen[key] then problems[#problems + 1] = ("no block '%s' (the section of apigw.%s)"):format(key, entry.lua) end
  end
end

if mode == "update" then
  if out ~= doc then
    local g = assert(io.open(path, "w"))
    assert(g:write(out))
    assert(g:close())
    print("docs.lua: updated " .. path)
  end
  for _, p in ipairs(problems) do
    if not p:find("differs") then io.stderr:write("docs.lua: " .. p .. "\n") end
  end
  return
end
if #problems > 0 then
  for _, p in ipairs(problems) do io.stderr:write("docs.lua: " .. path .. ": " .. p .. "\n") end
  io.stderr:write("docs.lua: run `apigw-lua bindings/gen/docs.lua update " .. path .. "` after changing the table\n")
  os.exit(1)
end
print(("docs.lua: %s agrees with the action table (%d actions)"):format(path, #actions.actions))
