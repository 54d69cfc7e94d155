-- Which failed attempts are tried again, and after how long (docs/bulk.md, "Retries").
local R = {}

local BACKOFF_BASE, BACKOFF_CAP = 0.2, 20.0
local RETRY_AFTER_CAP = 60

-- Idempotent actions: a read timeout (the request was sent, no answer came) is retried only
-- for these, because sending them twice leaves the same state as sending them once. The
-- action table says which (apigw.actions: each entry's idempotent, with the reason); an
-- action outside it is idempotent only when its name promises it (Describe*, Delete*).
-- Any other action (Create*, Modify*, Deploy*, Abolish*, ...) may have taken effect before
-- the timeout, and repeating it could create a duplicate or act twice, so it fails with the
-- timeout error instead. Failures to connect (nothing was sent) and connections closed
-- before an answer (most often a kept-alive connection the server had already closed) are
-- retried for every action; each retry is a new request with a new nonce and signature.
local idempotent = require("apigw.actions").idempotent
R.idempotent = idempotent

local function throttled(code)
  return code:find("Throttling", 1, true) ~= nil
end

-- Is a failed attempt worth another one? (the classes of docs/bulk.md)
local function retryable(err, action)
  local code = err.code or ""
  if err.kind == "network" then
    if code == "connect" or code == "closed" then return true end
    if code == "timeout" then return idempotent(action) end
    return false -- tls, InvalidResponse: retrying will not change the answer
  end
  if throttled(code) then return true end
  if code == "ServiceUnavailable" or code == "InternalError" then return true end
  return (err.http_status or 0) >= 500
end
R.retryable = retryable

R.throttled = throttled

-- The jitter's random source: a number in [0, 1). A field, so that specs can fix it.
R.random = math.random

-- Seconds to wait before attempt number attempt + 1: exponential backoff with full jitter
-- (base 0.2 s, cap 20 s), or the server's x-acs-retry-after (milliseconds) when it gave one.
function R.delay(attempt, retry_after_ms)
  if retry_after_ms and retry_after_ms > 0 then
    return math.min(retry_after_ms / 1000, RETRY_AFTER_CAP)
  end
  return R.random() * math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ^ (attempt - 1))
end

return R
