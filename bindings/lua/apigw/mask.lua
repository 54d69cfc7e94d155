-- The redactor for secret parameters: values an action marks secret (the action table's
-- `secret` marks, apigw.actions) are replaced by "***" wherever a payload or a printout
-- would carry them (docs/hooks.md, "No secret is in a payload"). The set of secret names is
-- an input of every function here.
local M = {}

local MASK = "***"

local actions = require "apigw.actions"

-- Parameter names whose values are secret, as a set: every name the action table marks
-- secret (CertificatePrivateKey).
M.SECRET = actions.secret_names

-- The secret parameter names of an action (a set), from the action table's marks.
M.secrets_of = actions.secrets_of

-- Is this (possibly flattened) parameter name secret? "CertificatePrivateKey" and
-- "Certs.1.CertificatePrivateKey" both are.
local function is_secret(name, secrets)
  if type(name) ~= "string" then return false end
  if secrets[name] then return true end
  local last = name:match("%.([^.]+)$")
  return last ~= nil and secrets[last] == true
end
M.is_secret = is_secret

local function copy(v, secrets, depth)
  if type(v) ~= "table" or depth > 32 then return v end
  local out = {}
  for k, x in pairs(v) do
    if is_secret(k, secrets) then out[k] = MASK else out[k] = copy(x, secrets, depth + 1) end
  end
  return out
end

-- A deep copy of params (flat or nested) with every secret value masked.
function M.params(params, secrets)
  return copy(params, secrets or M.SECRET, 0)
end

-- Does the flat parameter table hold a secret parameter at all?
function M.has_secret(flat, secrets)
  secrets = secrets or M.SECRET
  for k in pairs(flat) do
    if is_secret(k, secrets) then return true end
  end
  return false
end

-- Masks every value after prefix in an RPC string to sign, where the query is encoded once
-- more: a value runs up to the next "%26" (an '&' inside a value reads "%2526").
local function mask_encoded(s, prefix)
  local out, i = {}, 1
  while true do
    local a, b = s:find(prefix, i, true)
    if not a then break end
    out[#out + 1] = s:sub(i, b) .. MASK
    local stop = s:find("%26", b + 1, true)
    local ws = s:find("%s", b + 1)
    if ws and (not stop or ws < stop) then stop = ws end
    if not stop then
      i = #s + 1
      break
    end
    i = stop
  end
  out[#out + 1] = s:sub(i)
  return table.concat(out)
end

-- text with the value of every secret parameter masked, in the forms a signed request
-- shows it: "Name=value" (a URL query, a V3 canonical query) and "Name%3Dvalue" (the RPC
-- string to sign). A flattened name ("X.1.Name") ends with the name, so it is caught too.
function M.text(s, secrets)
  for name in pairs(secrets or M.SECRET) do
    if s:find(name, 1, true) then
      s = s:gsub("(" .. name:gsub("%p", "%%%0") .. "=)[^&%s]*", "%1" .. MASK)
      s = mask_encoded(s, name .. "%3D")
    end
  end
  return s
end

return M
