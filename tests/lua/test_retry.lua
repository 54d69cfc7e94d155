-- apigw.retry on its own: which failed attempts are retried and after how long
-- (docs/bulk.md, "Retries"). Deterministic: the jitter's random source is injected.
local t = dofile(arg[1])
local retry = require "apigw.retry"

local function err(code, kind, status)
  return apigw.Error.new{ code = code, kind = kind, http_status = status, message = "m" }
end

t.case("idempotent actions: the action table's, then Describe*, Delete* by name", function()
  -- the action table says so (apigw.actions: SetDomainWebSocketStatus sets a state, ...)
  for _, a in ipairs{ "SetDomain", "DescribeApiGroups", "DescribeDomain", "DeleteDomain",
                      "DeleteDomainCertificate", "SetDomainCertificate", "SetDomainWebSocketStatus",
                      "ReactivateDomain", "ModifyApiGroup", "DescribeApis", "DeleteApi" } do
    t.eq(retry.idempotent(a), true, a)
  end
  for _, a in ipairs{ "CreateApiGroup", "DeployApi", "AbolishApi", "SetDomains", "Set",
                      "describeApiGroups", "XDescribeApi", "AddIpControlPolicyItem" } do
    t.eq(retry.idempotent(a), false, a)
  end
end)

t.case("network failures: connect and closed always, timeout only when idempotent", function()
  for _, action in ipairs{ "SetDomain", "CreateApiGroup" } do
    t.eq(retry.retryable(err("connect", "network"), action), true, "connect " .. action)
    t.eq(retry.retryable(err("closed", "network"), action), true, "closed " .. action)
    t.eq(retry.retryable(err("tls", "network"), action), false, "tls " .. action)
    t.eq(retry.retryable(err("InvalidResponse", "network", 200), action), false, "InvalidResponse " .. action)
  end
  t.eq(retry.retryable(err("timeout", "network"), "SetDomain"), true)
  t.eq(retry.retryable(err("timeout", "network"), "DescribeDomain"), true)
  t.eq(retry.retryable(err("timeout", "network"), "DeleteDomain"), true)
  t.eq(retry.retryable(err("timeout", "network"), "CreateApiGroup"), false)
  t.eq(retry.retryable(err("timeout", "network"), "DeployApi"), false)
  t.eq(retry.retryable(err("timeout", "network"), "SetDomainWebSocketStatus"), true)
end)

t.case("service answers: throttling and server failures, not client errors", function()
  for _, code in ipairs{ "Throttling", "Throttling.User", "Throttling.Api", "Throttling.Resource" } do
    t.eq(retry.retryable(err(code, "client", 400), "CreateApiGroup"), true, code)
    t.eq(retry.throttled(code), true, code)
  end
  t.eq(retry.retryable(err("ServiceUnavailable", "server", 503), "CreateApiGroup"), true)
  t.eq(retry.retryable(err("InternalError", "server", 500), "CreateApiGroup"), true)
  t.eq(retry.retryable(err("HTTP502", "server", 502), "CreateApiGroup"), true)
  t.eq(retry.retryable(err("SomethingNew", "server", 599), "CreateApiGroup"), true)
  for _, code in ipairs{ "DomainAlreadyBind", "DomainNotResolved", "SignatureDoesNotMatch",
                         "InvalidTimeStamp.Expired", "SignatureNonceUsed", "NotFoundApiGroup" } do
    t.eq(retry.retryable(err(code, "client", 400), "SetDomain"), false, code)
    t.eq(retry.throttled(code), false, code)
  end
  -- local checks and configuration errors are never retried
  t.eq(retry.retryable(err("MissingGroupId", "client"), "SetDomain"), false)
  t.eq(retry.retryable(err("NoCredentials", "config"), "SetDomain"), false)
end)

-- Runs fn with retry.random replaced by a source that returns the given values in turn.
local function with_random(values, fn)
  local saved, i = retry.random, 0
  retry.random = function()
    i = i + 1
    return values[(i - 1) % #values + 1]
  end
  local ok, e = pcall(fn)
  retry.random = saved
  assert(ok, e)
end

t.case("backoff: full jitter in [0, min(20, 0.2 * 2^(attempt-1))]", function()
  local top = 1 - 2 ^ -53 -- the largest value math.random() returns
  with_random({ top }, function()
    local want = { 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 20, 20, 20 }
    for attempt = 1, 10 do
      local d = retry.delay(attempt)
      t.truthy(math.abs(d - want[attempt]) < 1e-9, ("attempt %d: %.17g, want %g"):format(attempt, d, want[attempt]))
    end
  end)
  with_random({ 0 }, function()
    for attempt = 1, 10 do t.eq(retry.delay(attempt), 0.0, "attempt " .. attempt) end
  end)
  with_random({ 0.5, 0.25 }, function()
    t.eq(retry.delay(3), 0.4); t.eq(retry.delay(3), 0.2)
    t.eq(retry.delay(12), 10.0); t.eq(retry.delay(12), 5.0)
  end)
end)

t.case("x-acs-retry-after (ms) replaces the backoff, at most 60 s", function()
  with_random({ 0.5 }, function()
    t.eq(retry.delay(1, 1500), 1.5)
    t.eq(retry.delay(5, 1), 0.001)
    t.eq(retry.delay(1, 60000), 60)
    t.eq(retry.delay(1, 3600000), 60)
    t.eq(retry.delay(2, 0), 0.2, "0 ms: the backoff")
    t.eq(retry.delay(2, -5), 0.2, "negative: the backoff")
    t.eq(retry.delay(2, nil), 0.2)
  end)
end)

t.case("the real random source stays within the bounds", function()
  for attempt = 1, 12 do
    local cap = math.min(20, 0.2 * 2 ^ (attempt - 1))
    for _ = 1, 200 do
      local d = retry.delay(attempt)
      t.truthy(d >= 0 and d < cap, ("attempt %d: %g not in [0, %g)"):format(attempt, d, cap))
    end
  end
end)

t.done()
