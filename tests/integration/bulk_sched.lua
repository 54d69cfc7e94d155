-- The scheduler: spawn, wait, sleep, map; errors never kill siblings. Run with --emulate
-- (the built-in seed: the demo group and *.demo.example.com).
local t = dofile(arg[1])
local GROUP = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"

local function now()
  local p = assert(io.popen("date +%s.%N"))
  local s = p:read("l")
  p:close()
  return tonumber(s)
end

t.case("spawn passes arguments; wait returns every result", function()
  local task = apigw.spawn(function(a, b) return a + b, "x", nil, 4 end, 1, 2)
  local r = table.pack(task:wait())
  t.eq(r.n, 4)
  t.eq(r[1], 3); t.eq(r[2], "x"); t.eq(r[3], nil); t.eq(r[4], 4)
  t.eq(task:done(), true)
  -- waiting again returns the same
  t.eq((task:wait()), 3)
end)

t.case("sleep inside tasks runs them side by side", function()
  local t0 = now()
  local tasks = {}
  for i = 1, 20 do tasks[i] = apigw.spawn(function() apigw.sleep(0.3) return i end) end
  for i = 1, 20 do t.eq(tasks[i]:wait(), i) end
  local el = now() - t0
  t.truthy(el >= 0.29, ("20 sleeps of 0.3 s took %.2f s, at least 0.3"):format(el))
  t.truthy(el < 3.0, ("20 sleeps of 0.3 s took %.2f s: they ran together"):format(el))
end)

t.case("sleep outside a task blocks, and lets tasks run meanwhile", function()
  local ran = false
  apigw.spawn(function() ran = true end)
  local t0 = now()
  apigw.sleep(0.2)
  t.truthy(now() - t0 >= 0.19, "slept")
  t.eq(ran, true, "the task ran during the sleep")
  apigw.sleep(0)
  t.raises(function() apigw.sleep(-1) end, "InvalidParameter")
  t.raises(function() apigw.sleep("1") end, "InvalidParameter")
end)

t.case("sleeps end in order of their deadlines", function()
  local order = {}
  local ts = {}
  for _, d in ipairs{ 0.25, 0.05, 0.15 } do
    ts[#ts + 1] = apigw.spawn(function() apigw.sleep(d) order[#order + 1] = d end)
  end
  for _, x in ipairs(ts) do x:wait() end
  t.eq(table.concat(order, " "), "0.05 0.15 0.25")
end)

t.case("a failing task beside healthy ones: siblings finish, wait raises its error", function()
  local healthy = {}
  for i = 1, 5 do
    healthy[i] = apigw.spawn(function() apigw.sleep(0.05 * i) return i * 10 end)
  end
  local bad = apigw.spawn(function() apigw.sleep(0.02) error({ code = "Boom" }) end)
  local bad2 = apigw.spawn(function()
    return apigw.set_domain{ GroupId = GROUP, DomainName = "nodns.example.net" }
  end)
  for i = 1, 5 do t.eq(healthy[i]:wait(), i * 10) end
  local ok, err = pcall(bad.wait, bad)
  t.eq(ok, false); t.eq(err.code, "Boom")
  ok, err = pcall(bad2.wait, bad2)
  t.eq(ok, false); t.eq(err.code, "DomainNotResolved"); t.eq(err.attempts, 1)
end)

t.case("a task waits for another task", function()
  local a = apigw.spawn(function() apigw.sleep(0.05) return "a" end)
  local b = apigw.spawn(function() return a:wait() .. "b" end)
  t.eq(b:wait(), "ab")
  local self_wait
  self_wait = apigw.spawn(function() apigw.sleep(0) return self_wait:wait() end)
  t.raises(function() self_wait:wait() end, "InvalidParameter")
end)

t.case("bindings yield inside tasks: calls from several tasks overlap", function()
  local tasks = {}
  for i = 1, 4 do
    tasks[i] = apigw.spawn(function()
      return apigw.set_domain{ GroupId = GROUP, DomainName = "s" .. i .. ".demo.example.com" }
    end)
  end
  for i = 1, 4 do t.eq(tasks[i]:wait().DomainName, "s" .. i .. ".demo.example.com") end
end)

t.case("map: results in order, errors by index, none dropped; nil counts as true", function()
  local items = {}
  for i = 1, 300 do items[i] = i end
  local results, errors = apigw.map(items, function(x)
    if x % 7 == 0 then apigw.sleep(0.001) end
    if x % 50 == 0 then error("item " .. x .. " is bad") end
    if x % 11 == 0 then return nil end
    return x * 2
  end, { concurrency = 32 })
  local nres, nerr = 0, 0
  for i = 1, 300 do
    if i % 50 == 0 then
      t.eq(results[i], nil); t.eq(errors[i].code, "LuaError")
      t.match(errors[i].message, "item " .. i .. " is bad")
      nerr = nerr + 1
    else
      t.eq(errors[i], nil)
      t.eq(results[i], i % 11 == 0 and true or i * 2, "results[" .. i .. "]")
      nres = nres + 1
    end
  end
  t.eq(nres + nerr, 300)
end)

t.case("map with apigw.Error failures keeps them as they are", function()
  local r, e = apigw.map({ "m1.demo.example.com", "bad..name", "m1.demo.example.com" }, function(d)
    return apigw.set_domain{ GroupId = GROUP, DomainName = d }
  end)
  t.eq(r[1].DomainName, "m1.demo.example.com")
  t.eq(e[2].code, "InvalidDomainName")
  t.eq(r[3].DomainName, "m1.demo.example.com")
end)

t.case("map inside a task, and an empty map", function()
  local task = apigw.spawn(function()
    return apigw.map({ 1, 2, 3 }, function(x) apigw.sleep(0.01) return -x end, { concurrency = 2 })
  end)
  local r = task:wait()
  t.eq(r[1], -1); t.eq(r[3], -3)
  local r2, e2 = apigw.map({}, function() error("never") end)
  t.eq(next(r2), nil); t.eq(next(e2), nil)
end)

t.case("map arguments are checked", function()
  t.raises(function() apigw.map("x", print) end, "InvalidParameter")
  t.raises(function() apigw.map({}, "f") end, "InvalidParameter")
  t.raises(function() apigw.map({}, print, { progress = "yes" }) end, "InvalidOption")
end)

t.case("a playbook's own coroutine.yield inside a task just lets others run", function()
  local log = {}
  local a = apigw.spawn(function() for i = 1, 3 do log[#log + 1] = "a" .. i; coroutine.yield() end end)
  local b = apigw.spawn(function() for i = 1, 3 do log[#log + 1] = "b" .. i; coroutine.yield() end end)
  a:wait(); b:wait()
  t.eq(table.concat(log, " "), "a1 b1 a2 b2 a3 b3")
end)

-- docs/bulk.md: a binding called from a plain coroutine inside a task runs the loop nested
-- there. The nested turns must walk the same ready queue as the turn they interrupted.
t.case("a binding from a plain coroutine inside a task, while other tasks run", function()
  local inner = apigw.spawn(function()
    return coroutine.wrap(function() apigw.sleep(0.1) return 1 end)()
  end)
  local other = apigw.spawn(function() apigw.sleep(0.05) return 2 end)
  t.eq(inner:wait(), 1); t.eq(other:wait(), 2)
end)

t.case("nested loop: tasks readied before it still run, and a call from the coroutine", function()
  local log = {}
  -- b, c and d are ready in the same turn as a; a's nested loop must run them, and a's
  -- coroutine can wait for one of them (which only the nested loop can finish)
  local b, c, d
  local a = apigw.spawn(function()
    return coroutine.wrap(function()
      local r = apigw.set_domain{ GroupId = GROUP, DomainName = "s1.demo.example.com" }
      log[#log + 1] = "a"
      return r.DomainName .. " " .. c:wait()
    end)()
  end)
  b = apigw.spawn(function() log[#log + 1] = "b" end)
  c = apigw.spawn(function() apigw.sleep(0.02) log[#log + 1] = "c" return "c" end)
  d = apigw.spawn(function() coroutine.yield() log[#log + 1] = "d" end)
  t.eq(a:wait(), "s1.demo.example.com c")
  b:wait(); d:wait()
  table.sort(log)
  t.eq(table.concat(log, " "), "a b c d")
end)

t.case("nested loop inside a nested loop", function()
  local tasks = {}
  for i = 1, 3 do
    tasks[i] = apigw.spawn(function()
      return coroutine.wrap(function()
        apigw.sleep(0.01 * i)
        return coroutine.wrap(function() apigw.sleep(0.01) return i end)()
      end)()
    end)
  end
  for i = 1, 3 do t.eq(tasks[i]:wait(), i) end
end)

t.done()
