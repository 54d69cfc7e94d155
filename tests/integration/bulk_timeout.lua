-- Per-call options {timeout =, retries =} against an emulator that delays every answer by
-- 1.5 s (slow:1500).
package.path = arg[3]:gsub("lua/testlib.lua$", "integration/?.lua;") .. package.path
local C = require "bulk_common"
local t = C.t

local client = apigw.client{ endpoint = C.URL, retries = 3,
  access_key_id = "LTAIdemoAccessKeyId01", access_key_secret = "demoAccessKeySecretForTheEmulator" }
local P = { GroupId = C.GROUP, DomainName = "t.bulk.example.com" }

t.case("timeout = 0.3 with retries = 0 fails once, fast, as a timeout", function()
  local t0 = C.now()
  local e = t.raises(function() client:set_domain(P, { timeout = 0.3, retries = 0 }) end, "timeout")
  local el = C.now() - t0
  t.eq(e.attempts, 1, "attempts")
  t.eq(e.kind, "network")
  t.truthy(el < 1.4, ("gave up after %.2f s, before the 1.5 s answer"):format(el))
end)

t.case("a read timeout of an idempotent action is retried: retries = 1 makes 2 attempts", function()
  local e = t.raises(function() client:set_domain(P, { timeout = 0.3, retries = 1 }) end, "timeout")
  t.eq(e.attempts, 2, "attempts")
  t.eq(e.retryable, true)
end)

t.case("a read timeout of a non-idempotent action is not retried", function()
  local e = t.raises(function() client:call("CreateApiGroup", { GroupName = "bulk_timeout_group" }, { timeout = 0.3, retries = 2 }) end, "timeout")
  t.eq(e.attempts, 1, "attempts")
  t.eq(e.retryable, false)
end)

t.case("a timing-out task beside a patient one: only the first fails", function()
  local t0 = C.now()
  local short = apigw.spawn(function() return client:set_domain(P, { timeout = 0.3, retries = 0 }) end)
  local long = apigw.spawn(function() return client:set_domain(P, { timeout = 10 }) end)
  local ok, err = pcall(short.wait, short)
  t.eq(ok, false)
  t.eq(err.code, "timeout")
  local answer = long:wait()
  t.eq(answer.DomainName, "t.bulk.example.com")
  t.truthy(C.now() - t0 < 6, "both ran at the same time")
end)

t.case("per-call options are checked", function()
  t.raises(function() client:set_domain(P, { timeout = 0 }) end, "InvalidOption")
  t.raises(function() client:set_domain(P, { retries = 11 }) end, "InvalidOption")
  t.raises(function() client:set_domain(P, { retry = 1 }) end, "InvalidOption")
  t.raises(function() apigw.call("SetDomain", P, { timeout = "1" }) end, "InvalidOption")
end)

t.done()
