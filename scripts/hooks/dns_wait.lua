-- dns_wait.lua: waits out DNS propagation. A SetDomain that fails with DomainNotResolved
-- (the CNAME to the group's SubDomain, or the TXT proof, is not visible yet) is retried
-- after growing waits (1, 2, 4 ... s, at most 30 s each) until the waits add up to
-- APIGW_DNS_WAIT seconds (default 300); then the error stands. Each wait is the calling
-- task's own sleep: the other tasks keep running meanwhile. Other failures are left to the
-- retry policy.
local budget = 300
local v = os.getenv("APIGW_DNS_WAIT")
if v ~= nil and v ~= "" then
  budget = tonumber(v)
  if not budget or budget <= 0 or budget ~= budget or budget == math.huge then
    error(("APIGW_DNS_WAIT must be a number of seconds > 0, got %q"):format(v), 0)
  end
end
local FIRST, CAP = 1, 30

return {
  id = "dns_wait",
  retry = function(e)
    if e.error.code ~= "DomainNotResolved" then return nil end
    local ctx = e.ctx
    local waited = ctx.dns_waited or 0
    local left = budget - waited
    if left <= 0 then return nil end
    local wait = math.min(FIRST * 2 ^ (ctx.dns_tries or 0), CAP, left)
    ctx.dns_tries = (ctx.dns_tries or 0) + 1
    ctx.dns_waited = waited + wait
    io.stderr:write(("apigw-lua: dns_wait: %s not resolved yet, retrying in %.1f s (%.1f of %g s waited)\n"):format(
      tostring(ctx.dns_domain or "the domain"), wait, waited, budget))
    return wait
  end,
  call = function(e) e.ctx.dns_domain = e.params.DomainName end,
  action = "SetDomain",
}
