-- Host-name rules for the parameters of kind "domain" (apigw.params): why a name is not a
-- domain name the service takes. The typed bindings themselves are made from the action
-- table (apigw.actions, apigw.bindings).
local core = require "apigw.core"

local D = {}

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

return D
