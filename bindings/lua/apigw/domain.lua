-- Typed bindings for the custom-domain actions. Every parameter is checked before
-- anything is sent, and each failure names the parameter (MissingGroupId,
-- InvalidBindStageName, ...), as the service would.
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local client = require "apigw.client"

local D = {}

local SET_DOMAIN = {
  { name = "GroupId", kind = "string", required = true },
  { name = "DomainName", kind = "domain", required = true },
  { name = "BindStageName", kind = "enum", values = { "TEST", "PRE", "RELEASE", "" } },
  { name = "CustomDomainType", kind = "enum", values = { "INTERNET", "INTRANET" } },
  { name = "IsForce", kind = "boolean" },
  { name = "IsHttpRedirectToHttps", kind = "boolean" },
}

-- The common case is decided in C (core.plain_hostname, the same rules in one pass);
-- rules_problem below explains anything that fails it. The two must agree on what they
-- accept: tests/lua/test_hostname.lua compares them on generated names.
local plainly_valid = core.plain_hostname

-- The rules in Lua: why a host name is not valid, or nil when it is. A leading "*."
-- wildcard is allowed.
local function rules_problem(name)
  if name:find("[\128-\255]") then
    return "contains non-ASCII characters; apigw-lua does not convert names to punycode: " ..
           "give the IDNA (xn--) form, e.g. from `idn2`"
  end
  if #name > 253 then return "is longer than 253 characters" end
  local body = name
  if body:sub(1, 2) == "*." then body = body:sub(3) end
  if body:sub(-1) == "." then return "ends with a dot; give the name without it" end
  local labels = 0
  for label in (body .. "."):gmatch("([^.]*)%.") do
    labels = labels + 1
    if label == "" then return "has an empty label (two dots in a row, or a leading dot)" end
    if label == "*" then return "has a wildcard '*' that is not the leftmost label" end
    if #label > 63 then return ("has a label longer than 63 characters ('%s...')"):format(label:sub(1, 20)) end
    if not label:match("^[%w-]+$") then return ("has an invalid character in label '%s' (letters, digits and '-' only)"):format(label) end
    if label:sub(1, 1) == "-" or label:sub(-1) == "-" then return ("has a label that starts or ends with '-' ('%s')"):format(label) end
  end
  if labels < 2 then return "needs at least two labels, such as api.example.com" end
  local tld = body:match("([^.]+)$")
  if tld:match("^%d+$") then return "looks like an IP address or ends in a numeric label; a domain name is required" end
  return nil
end
D.rules_problem = rules_problem

-- Why a host name is not valid, or nil when it is. What the C test refuses stays refused
-- even if the explanation found nothing (the two disagreeing would be a bug).
function D.domain_problem(name)
  if plainly_valid(name) then return nil end
  return rules_problem(name) or "is not a valid host name"
end

local names_of = setmetatable({}, { __mode = "k" })
local function names(spec)
  local n = names_of[spec]
  if not n then
    n = {}
    for i, p in ipairs(spec) do n[i] = p.name end
    names_of[spec] = n
  end
  return n
end

-- Checks params against spec; returns a new table with the values to send.
local function check(action, spec, params)
  if type(params) ~= "table" then
    Error.raise_client(action, "InvalidParameter",
      "expected a table of parameters such as {GroupId = ..., DomainName = ...}, got " .. type(params))
  end
  util.check_keys(params, names(spec), "parameter", action, "InvalidParameter")
  local out = {}
  for _, p in ipairs(spec) do
    local v = params[p.name]
    if v == nil or (v == "" and p.required) then
      if p.required then
        Error.raise_client(action, "Missing" .. p.name,
          ("parameter '%s' is required and must be a non-empty string"):format(p.name))
      end
    elseif p.kind == "boolean" then
      if type(v) ~= "boolean" then
        local hint = type(v) == "string" and (" (write %s, not %q)"):format(v:lower() == "true" and "true" or "false", v) or ""
        Error.raise_client(action, "Invalid" .. p.name,
          ("parameter '%s' must be a boolean (true or false), got %s%s"):format(p.name, type(v), hint))
      end
      out[p.name] = v and "true" or "false" -- sent as the service spells booleans
    else
      if type(v) ~= "string" then
        Error.raise_client(action, "Invalid" .. p.name,
          ("parameter '%s' must be a string, got %s"):format(p.name, type(v)))
      end
      if p.kind == "enum" then
        local ok = false
        for _, allowed in ipairs(p.values) do if v == allowed then ok = true break end end
        if not ok then
          local shown = {}
          for i, a in ipairs(p.values) do shown[i] = ("%q"):format(a) end
          Error.raise_client(action, "Invalid" .. p.name,
            ("parameter '%s' must be one of %s, got %q"):format(p.name, table.concat(shown, ", "), v))
        end
      elseif p.kind == "domain" then
        local why = D.domain_problem(v)
        if why then
          Error.raise_client(action, "Invalid" .. p.name, ("%s %q %s"):format(p.name, v, why))
        end
      end
      out[p.name] = v
    end
  end
  return out
end

-- client:set_domain{GroupId=, DomainName=, BindStageName=, CustomDomainType=, IsForce=,
--                   IsHttpRedirectToHttps=} [, opts] -> answer table
function client.Client:set_domain(params, opts)
  if getmetatable(self) ~= client.Client then
    Error.raise_client("SetDomain", "InvalidParameter", "client:set_domain: call it with ':' on a client")
  end
  local timeout, retries = client.call_opts("SetDomain", opts)
  return self:_send("SetDomain", check("SetDomain", SET_DOMAIN, params), timeout, retries)
end

D.SET_DOMAIN = SET_DOMAIN
return D
