-- A configuration error (kind "config": no credentials, a bad profile, no region...) inside
-- apigw.map stops the map and raises that one error, instead of becoming one error per item:
-- every item would fail the same way (docs/bulk.md, docs/credentials.md). Run with no
-- credentials anywhere (tests/lua.cmake), against a closed port.
local t = dofile(arg[1])

local function items(n)
  local l = {}
  for i = 1, n do l[i] = i end
  return l
end

t.case("a config error stops the map: one error, raised, the other items not started", function()
  for _, conc in ipairs{ 1, 4, 16 } do
    local calls = 0
    local ok, err = pcall(apigw.map, items(50), function()
      calls = calls + 1
      apigw.call("DescribeApiGroups", {})
    end, { concurrency = conc })
    t.eq(ok, false, "map raised")
    t.truthy(apigw.Error.is(err), "an apigw.Error: " .. tostring(err))
    t.eq(err.kind, "config"); t.eq(err.code, "NoCredentials")
    t.truthy(calls >= 1 and calls <= conc, ("calls %d with concurrency %d"):format(calls, conc))
  end
end)

t.case("calls in flight end before the map raises; then nothing else runs", function()
  local started, finished = 0, 0
  local ok, err = pcall(apigw.map, items(20), function(i)
    started = started + 1
    if i == 1 then
      apigw.sleep(0.01)
      error(apigw.Error.new{ code = "InvalidProfile", message = "bad profile", kind = "config" }, 0)
    end
    apigw.sleep(0.05) -- items 2..4 are running when item 1 fails
    finished = finished + 1
  end, { concurrency = 4 })
  t.eq(ok, false); t.eq(err.code, "InvalidProfile")
  t.eq(started, 4, "only the items already running when it failed")
  t.eq(finished, 3, "and those were waited for")
end)

t.case("errors of other kinds stay one per item", function()
  local results, errors = apigw.map(items(6), function(i)
    if i % 2 == 0 then
      error(apigw.Error.new{ code = "DomainNotResolved", message = "no", kind = "client" }, 0)
    end
    if i == 3 then error("plain Lua error") end
    return i
  end, { concurrency = 2 })
  t.eq(results[1], 1); t.eq(results[5], 5)
  t.eq(errors[2].code, "DomainNotResolved"); t.eq(errors[4].code, "DomainNotResolved")
  t.eq(errors[3].code, "LuaError")
end)

t.case("inside a task, the task fails with the config error", function()
  local task = apigw.spawn(function()
    return apigw.map(items(5), function() apigw.call("DescribeApiGroups", {}) end)
  end)
  local err = t.raises(function() task:wait() end, "NoCredentials")
  t.eq(err.kind, "config")
end)

t.done()
