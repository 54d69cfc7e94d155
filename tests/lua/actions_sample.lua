-- Valid and invalid sample values for the parameters of the action table, by kind, shared by
-- the specs that run every entry (test_actions.lua, test_dryrun_bindings.lua,
-- integration/test_conformance.lua).
local S = {}

S.PEM = "-----BEGIN CERTIFICATE-----\nMIIBsample\n-----END CERTIFICATE-----\n"

-- A valid value for parameter x.
function S.valid(x)
  if x.kind == "string" then return "sample" end
  if x.kind == "domain" then return "api.example.com" end
  if x.kind == "enum" then return x.values[1] end
  if x.kind == "boolean" then return true end
  if x.kind == "integer" then return x.min or 1 end
  if x.kind == "pem" then return S.PEM end
  if x.kind == "list" then
    if x.item == "string" then return { "a.example.com" } end
    local item = {}
    for _, k in ipairs(x.item) do item[k.name] = "v" .. k.name end
    return { item }
  end
  error("no sample for kind " .. tostring(x.kind))
end

-- Values of the wrong shape for parameter x; each must give Invalid<Name>.
function S.invalid(x)
  if x.kind == "string" then
    local t = { 12, true, {} }
    if x.max_len then t[#t + 1] = ("d"):rep(x.max_len + 1) end
    return t
  end
  if x.kind == "domain" then return { 12, "bad..example.com", "example", "api.example.com." } end
  if x.kind == "enum" then return { "not-a-value", 1, x.values[1]:lower() ~= x.values[1] and x.values[1]:lower() or "x" .. x.values[1] } end
  if x.kind == "boolean" then return { "true", 1, "false" } end
  if x.kind == "integer" then
    local t = { "5", 1.5, true }
    if x.min then t[#t + 1] = x.min - 1 end
    if x.max then t[#t + 1] = x.max + 1 end
    return t
  end
  if x.kind == "pem" then return { "/etc/ssl/cert.pem", 12, "MIIB no armour" } end
  if x.kind == "list" then
    local t = { "x", { a = 1 } }
    if x.item == "string" then t[#t + 1] = { 1 }
    else
      t[#t + 1] = { "not a table" }
      t[#t + 1] = { { Unknown = "x" } }
      for _, k in ipairs(x.item) do
        if k.required then t[#t + 1] = { {} } break end
      end
    end
    if x.max then
      local many = {}
      for i = 1, x.max + 1 do many[i] = S.valid(x)[1] end
      t[#t + 1] = many
    end
    return t
  end
  error("no sample for kind " .. tostring(x.kind))
end

-- Every parameter of the entry with a valid value.
function S.all(entry)
  local t = {}
  for _, x in ipairs(entry.params) do t[x.name] = S.valid(x) end
  return t
end

-- Only the required parameters.
function S.required(entry)
  local t = {}
  for _, x in ipairs(entry.params) do if x.required then t[x.name] = S.valid(x) end end
  return t
end

function S.copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

return S
