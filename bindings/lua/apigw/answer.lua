-- One attempt's outcome as an answer table or an apigw.Error.
local core = require "apigw.core"
local Error = require "apigw.error"
local json = core.json
local byte, find = string.byte, string.find

local A = {}

-- A server may echo the security token inside its string to sign (RPC: a SecurityToken
-- parameter, percent-encoded twice) or canonical request (V3: x-acs-security-token), and
-- with it any secret parameter. The redactor (core.redact, by name: no client here) masks
-- them whatever the encoding, so that no message ever carries them and two strings to sign
-- can be compared with the same things masked on both sides.
local redact = core.redact
local function mask_token(s)
  return redact(nil, s)
end
A.mask_token = mask_token

-- The clock quoted by the InvalidTimeStamp diagnostic (seconds since the epoch);
-- a field so that specs can fix it.
A.time = os.time

-- A field of an error body as text: the service sends strings; a number is shown as
-- such; anything else (a table, a boolean, null) is not a request id or a code, so nil.
local function text(v)
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then return tostring(v) end
  return nil
end

-- The Message as text; a structured one (some gateways send {"en": ..., "zh": ...}) is
-- shown as its JSON rather than dropped.
local function message_text(v, status)
  local s = text(v)
  if s then return s end
  if type(v) == "table" then
    local ok, j = pcall(json.encode, v)
    if ok then return j end
  elseif type(v) == "boolean" then
    return tostring(v)
  end
  return "HTTP status " .. status
end

-- Turns one attempt's outcome into an answer table or an Error.
function A.interpret(action, status, body, retry_after, date, sts)
  if not status then -- body is the transport's error table
    body.action = action
    body.kind = "network"
    return nil, Error.new(body)
  end
  local ok, doc = pcall(json.decode, body)
  -- An answer is a JSON object. The decoder gives a table for arrays too (and an empty
  -- array and an empty object are the same table), so the text itself is checked: a valid
  -- JSON document whose first character other than white space is '{' is an object.
  if not ok or type(doc) ~= "table" or (byte(body, 1) ~= 123 and not find(body, "^[ \t\r\n]*{")) then
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
  local code = doc.Code
  if code == nil then code = doc.code end
  local message = doc.Message
  if message == nil then message = doc.message end
  local request_id = doc.RequestId
  if request_id == nil then request_id = doc.requestId end
  local e = Error.new{
    action = action,
    code = type(code) == "string" and code ~= "" and code or ("HTTP" .. status),
    message = mask_token(message_text(message, status)),
    request_id = text(request_id),
    host_id = text(doc.HostId),
    recommend = text(doc.Recommend),
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
      date, os.date("!%Y-%m-%dT%H:%M:%SZ", A.time()))
  end
  e.retry_after = tonumber(retry_after)
  return nil, e
end

return A
