-- How the generators (luals.lua, docs.lua) spell an entry of the action table: Lua types
-- for LuaLS, rules and error codes for the docs. One place, so that the editor's view and
-- the reference say the same.
local D = {}

local function quoted_list(values, sep)
  local t = {}
  for i, v in ipairs(values) do t[i] = ("%q"):format(v) end
  return table.concat(t, sep)
end

-- The LuaLS type of a parameter.
function D.param_type(x)
  local k = x.kind
  if k == "string" or k == "domain" or k == "pem" then return "string" end
  if k == "boolean" then return "boolean" end
  if k == "integer" then return "integer" end
  if k == "enum" then return quoted_list(x.values, "|") end
  if k == "list" then
    if x.item == "string" then return "string[]" end
    local parts = {}
    for i, f in ipairs(x.item) do parts[i] = ("%s%s: string"):format(f.name, f.required and "" or "?") end
    return "{" .. table.concat(parts, ", ") .. "}[]"
  end
  error("describe: no type for kind " .. tostring(k))
end

-- The name of the LuaLS class of a list field's items.
function D.item_class(x)
  return x.class or ("apigw." .. x.item_key)
end

-- The LuaLS type of an answer field.
function D.field_type(x)
  if x.type == "list" then return ("{%s: %s[]}"):format(x.item_key, D.item_class(x)) end
  return x.type
end

-- A parameter's rule, in words, for the docs' table (backticks are Markdown code).
function D.param_rule(x)
  local k, parts = x.kind, {}
  if k == "string" then
    if x.max_len then parts[1] = ("at most %d characters"):format(x.max_len) end
  elseif k == "domain" then
    parts[1] = "a host name (letters, digits and `-` in labels of at most 63, at least two labels; a leading `*.` wildcard allowed; no trailing dot; punycode for Unicode)"
  elseif k == "pem" then
    parts[1] = "PEM text (`-----BEGIN ...`), not a file name"
  elseif k == "boolean" then
    parts[1] = "`true` or `false`"
  elseif k == "integer" then
    parts[1] = (x.min and x.max) and ("an integer from %d to %d"):format(x.min, x.max) or "an integer"
  elseif k == "enum" then
    local t = {}
    for i, v in ipairs(x.values) do t[i] = ("`%q`"):format(v) end
    parts[1] = "one of " .. table.concat(t, ", ")
  elseif k == "list" then
    if x.item == "string" then
      parts[1] = "a list of strings" .. (x.wire == "json" and ", sent as one JSON array" or "")
    else
      local t = {}
      for i, f in ipairs(x.item) do t[i] = f.name .. " = " .. (f.required and "..." or "...?") end
      parts[1] = ("a list of `{%s}`"):format(table.concat(t, ", "))
      if x.max then parts[1] = parts[1] .. (", at most %d"):format(x.max) end
    end
  end
  if x.note then parts[#parts + 1] = x.note end
  if x.secret then parts[#parts + 1] = "secret: never shown" end
  if x.where == "body" then parts[#parts + 1] = "travels in the request body" end
  return table.concat(parts, "; ")
end

-- The codes the local checks raise for a parameter.
function D.param_codes(x)
  local t = {}
  if x.required then t[#t + 1] = "`Missing" .. x.name .. "`" end
  t[#t + 1] = "`Invalid" .. x.name .. "`"
  return table.concat(t, ", ")
end

-- A parameter's Lua type as the docs show it.
function D.param_lua_type(x)
  local k = x.kind
  if k == "enum" or k == "domain" or k == "pem" then return "string" end
  if k == "list" then return x.item == "string" and "list of strings" or "list of tables" end
  return k
end

-- An answer field's note for the docs.
function D.field_note(x)
  local parts = {}
  if x.values then
    local t = {}
    for i, v in ipairs(x.values) do t[i] = v == "" and '`""`' or ("`%s`"):format(v) end
    parts[#parts + 1] = table.concat(t, ", ")
  end
  if x.note then parts[#parts + 1] = x.note end
  if x.echo then parts[#parts + 1] = "as sent" end
  if x.optional then parts[#parts + 1] = "only " .. x.optional end
  if x.secret then parts[#parts + 1] = "secret" end
  return table.concat(parts, "; ")
end

return D
