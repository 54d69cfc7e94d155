-- One attempt's outcome as an answer table or an apigw.Error.
local core = require "apigw.core"
local Error = require "apigw.error"
local json = core.json

local A = {}

-- A server may echo the security token inside its string to sign (RPC: a SecurityToken
-- parameter, percent-encoded twice) or canonical request (V3: x-acs-security-token). Masks
-- it whatever the encoding, so that no message ever carries it and two strings to sign
-- can be compared with the token masked on both sides.
local function mask_token(s)
  local n
  s, n = s:gsub("(SecurityToken%%3D).-(%%26)", "%1***%2")
  if n == 0 then s = s:gsub("(SecurityToken%%3D)%S*", "%1***") end
  s = s:gsub("(SecurityToken=)[^&%s]*", "%1***")
  s = s:gsub("(x%-acs%-security%-token:)[^\n]*", "%1***")
  return s
end
A.mask_token = mask_token

-- Turns one attempt's outcome into an answer table or an Error.
function A.interpret(action, status, body, retry_after, date, sts)
  if not status then -- body is the transport's error table
    body.action = action
    body.kind = "network"
    return nil, Error.new(body)
  end
  local ok, doc = pcall(json.decode, body)
  if not ok or type(doc) ~= "table" then
    local snippet = body:sub(1, 80):gsub("[%c]", " ")
    if status >= 500 then
      -- a proxy's or load balancer's error page: a server failure like any other 5xx
      return nil, Error.new{ action = action, code = "HTTP" .. status, kind = "server",
        http_status = status, retry_after = tonumber(retry_after),
        message = ("HTTP status %d with a body that is not JSON: %s"):format(status, snippet) }
    end
    return nil, Error.new{ action = action, code = "InvalidResponse", kind = "network",
      http_status = status,
      message = ("the answer is not a JSON object (HTTP %d, %d bytes): %s"):format(status, #body, snippet) }
  end
  if status >= 200 and status < 300 then return doc end
  local code = doc.Code or doc.code
  local e = Error.new{
    action = action,
    code = type(code) == "string" and code or ("HTTP" .. status),
    message = mask_token(tostring(doc.Message or doc.message or ("HTTP status " .. status))),
    request_id = doc.RequestId or doc.requestId,
    host_id = doc.HostId,
    recommend = doc.Recommend,
    http_status = status,
    kind = status >= 500 and "server" or "client",
  }
  if e.code == "SignatureDoesNotMatch" and sts then
    local server = e.message:match("server string to sign is:(.*)$")
    if server then
      if server == mask_token(sts) then
        e.message = e.message .. " [apigw-lua: the strings to sign are equal, so the AccessKey secret is wrong]"
      else
        e.message = e.message .. " [apigw-lua: our string to sign differs: " .. mask_token(sts) .. "]"
      end
    end
  elseif e.code:find("InvalidTimeStamp", 1, true) and date then
    e.message = e.message .. (" [apigw-lua: server Date %s, local UTC %s: check the clock]"):format(
      date, os.date("!%Y-%m-%dT%H:%M:%SZ"))
  end
  e.retry_after = tonumber(retry_after)
  return nil, e
end

return A
