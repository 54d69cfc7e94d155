-- The client side of bench/bulk: N SetDomain calls through apigw.map at concurrency C.
--   apigw-lua --endpoint URL bench/bulk.lua N C GROUP [no-hook|done-hook]
-- done-hook registers one no-op `done` hook (what a hook costs when it does nothing).
-- Prints "start" just before the map and "done OK ERR" just after it, so the driver can
-- time the map alone. The item list is computed on demand (a list with __len and __index)
-- so that memory measures the client, not a list of N names the playbook built.
local N, C, group = math.tointeger(tonumber(arg[1])), math.tointeger(tonumber(arg[2])), arg[3]
assert(N and C and group, "usage: bulk.lua N CONCURRENCY GROUPID [no-hook|done-hook]")
local mode = arg[4] or "no-hook"
assert(mode == "no-hook" or mode == "done-hook", "the 4th argument must be no-hook or done-hook")
if mode == "done-hook" then apigw.on("done", function() end, { id = "bench-noop" }) end
local items = setmetatable({}, {
  __len = function() return N end,
  __index = function(_, i) return "d" .. i .. ".bulk.example.com" end,
})
local params = { GroupId = group, DomainName = "", BindStageName = "RELEASE" }
local function bind(domain)
  params.DomainName = domain -- set_domain copies what it sends, so one table serves all tasks
  apigw.set_domain(params)
end
io.stdout:write("start\n"); io.stdout:flush()
local results, errors = apigw.map(items, bind, { concurrency = C })
local ok, bad, first = 0, 0, nil
for i = 1, N do
  if results[i] then ok = ok + 1 elseif errors[i] then bad = bad + 1; first = first or errors[i] end
end
io.stdout:write(("done %d %d\n"):format(ok, bad)); io.stdout:flush()
if first then io.stderr:write("first error: ", tostring(first), "\n") end
