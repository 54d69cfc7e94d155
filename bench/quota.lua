-- The client side of bench/quota: N SetDomain calls through apigw.map at concurrency C,
-- against an emulator with a quota, with the client's qps option or without (QPS = 0).
--   apigw-lua --endpoint URL bench/quota.lua N C QPS GROUP
-- Prints "done OK ERR THROTTLED_ERR" after the map: THROTTLED_ERR counts the calls that failed
-- for throttling (their retries ran out), which the goal allows none of.
local N, C, Q = math.tointeger(tonumber(arg[1])), math.tointeger(tonumber(arg[2])), tonumber(arg[3])
local group = arg[4]
assert(N and C and Q and group, "usage: quota.lua N CONCURRENCY QPS GROUPID")
local client = apigw.client{ qps = Q > 0 and Q or nil }
local items = setmetatable({}, {
  __len = function() return N end,
  __index = function(_, i) return "d" .. i .. ".quota.example.com" end,
})
local results, errors = apigw.map(items, function(domain)
  return client:set_domain{ GroupId = group, DomainName = domain, BindStageName = "RELEASE" }
end, { concurrency = C })
local ok, bad, throttled, first = 0, 0, 0, nil
for i = 1, N do
  if results[i] then
    ok = ok + 1
  elseif errors[i] then
    bad = bad + 1
    first = first or errors[i]
    if tostring(errors[i].code):find("Throttling", 1, true) then throttled = throttled + 1 end
  end
end
io.stdout:write(("done %d %d %d\n"):format(ok, bad, throttled)); io.stdout:flush()
if first then io.stderr:write("first error: ", tostring(first), "\n") end
