-- apigw.pages and apigw.wait against the embedded emulator (issue 9, section 4).
--   apigw-lua --emulate --seed tests/actions/seed.json test_pages_wait.lua TESTLIB
local t = dofile(arg[1])
local G1 = "aaaa1111bbbb2222cccc3333dddd4444"

local N = 123 -- groups made here, beside the seed's 2: pages of 50, 50, 25
local made = {}
for i = 1, N do
  made[apigw.create_api_group{ GroupName = ("paged_%03d"):format(i) }.GroupId] = true
end

-- A client whose describe_api_groups counts its calls and the PageSize it asked for.
local function counting()
  local c = apigw.client{ endpoint = apigw.default_client():resolve().endpoint,
    access_key_id = "LTAIactionsKey0001", access_key_secret = "actionsSecret0001" }
  local calls = {}
  c.describe_api_groups = function(self, p, o)
    calls[#calls + 1] = { number = p.PageNumber, size = p.PageSize }
    return getmetatable(self).describe_api_groups(self, p, o)
  end
  return c, calls
end

t.case("pages: every item of every page, once, with PageSize the service's maximum", function()
  local c, calls = counting()
  local seen, n = {}, 0
  for g, page in apigw.pages("DescribeApiGroups", { GroupName = "paged_" }, { client = c }) do
    t.truthy(not seen[g.GroupId], "each group once")
    t.truthy(made[g.GroupId], "a group of the filter")
    t.eq(page.TotalCount, N)
    seen[g.GroupId] = true
    n = n + 1
  end
  t.eq(n, N)
  t.eq(#calls, 3, "three pages")
  for i, call in ipairs(calls) do t.eq(call.size, 50); t.eq(call.number, i) end
end)

t.case("pages: the next page is fetched only when the loop needs it", function()
  local c, calls = counting()
  for _ in apigw.pages(apigw.describe_api_groups, {}, { client = c }) do break end
  t.eq(#calls, 1, "a loop that stops at the first item makes one call")
  local k = 0
  for _ in apigw.pages("describe_api_groups", {}, { client = c }) do
    k = k + 1
    if k == 51 then break end
  end
  t.eq(#calls, 3, "item 51 needs the second page, not a third")
end)

t.case("pages: a given PageSize and PageNumber are kept; an empty result makes one call", function()
  local c, calls = counting()
  local n = 0
  for _ in apigw.pages("DescribeApiGroups", { GroupName = "paged_", PageSize = 40, PageNumber = 2 }, { client = c }) do
    n = n + 1
  end
  t.eq(n, N - 40); t.eq(#calls, 3); t.eq(calls[1].size, 40); t.eq(calls[1].number, 2)
  c, calls = counting()
  for _ in apigw.pages("DescribeApiGroups", { GroupName = "no-such-group" }, { client = c }) do error("no item") end
  t.eq(#calls, 1)
end)

t.case("pages: what is wrong is refused before anything is sent", function()
  local e = t.raises(function() return apigw.pages("DescribeDomain", {}) end, "InvalidParameter")
  t.match(e.message, "DescribeDomain is not a paged action; paged actions: DescribeApiGroups")
  t.raises(function() return apigw.pages(print, {}) end, "InvalidParameter")
  t.raises(function() return apigw.pages("DescribeApiGroups", { PageSize = 51 }) end, "InvalidPageSize")
  t.raises(function() return apigw.pages("DescribeApiGroups", { Groupname = "x" }) end, "InvalidParameter")
  t.raises(function() return apigw.pages("DescribeApiGroups", {}, { clinet = 1 }) end, "InvalidOption")
end)

-- A fake clock that sleeping moves, and the waits asked for.
local function fake_time(on_sleep)
  local now, delays = 0, {}
  return {
    clock = function() return now end,
    sleep = function(s) delays[#delays + 1] = s; now = now + s; if on_sleep then on_sleep(#delays) end end,
    random = function() return 0.5 end,
  }, delays
end

t.case("wait: until the fields match, with waits growing from min_delay to max_delay", function()
  local D = "ws.conf.example.com"
  apigw.set_domain{ GroupId = G1, DomainName = D }
  local o, delays = fake_time(function(n)
    if n == 6 then apigw.set_domain_websocket_status{ GroupId = G1, DomainName = D, ActionValue = "OPEN" } end
  end)
  local a = apigw.wait("DescribeDomain", { GroupId = G1, DomainName = D }, { DomainWebSocketStatus = "OPEN" }, o)
  t.eq(a.DomainWebSocketStatus, "OPEN")
  t.eq(#delays, 6)
  local want = { 2, 3, 6, 12, 22.5, 22.5 } -- random 0.5: 3/4 of a cap 2, 4, 8, 16, 30, 30; never below 2
  for i, d in ipairs(want) do t.eq(delays[i], d, "wait " .. i) end
end)

t.case("wait: a want may be a function of the field and the answer", function()
  local a = apigw.wait(apigw.describe_api_group, { GroupId = G1 },
    { CustomDomains = function(v) return #v.DomainItem >= 1 end }, { min_delay = 0 })
  t.eq(a.GroupId, G1)
end)

t.case("wait: retry_on codes mean not yet (NotFoundDomain until it is bound)", function()
  local D = "late.conf.example.com"
  local o, delays = fake_time(function(n) if n == 2 then apigw.set_domain{ GroupId = G1, DomainName = D } end end)
  o.retry_on = { "NotFoundDomain" }
  local a = apigw.wait(apigw.describe_domain, { GroupId = G1, DomainName = D }, { DomainBindingStatus = "BINDING" }, o)
  t.eq(a.DomainName, D); t.eq(#delays, 2)
end)

t.case("wait: a code not in retry_on is raised as it is", function()
  t.raises(function()
    return apigw.wait("DescribeDomain", { GroupId = G1, DomainName = "never.conf.example.com" },
      { DomainBindingStatus = "BINDING" }, { min_delay = 0 })
  end, "NotFoundDomain")
end)

t.case("wait: fail_on ends the wait at once with WaiterFailure and the answer", function()
  local D = "x.noicp.example.net"
  apigw.set_domain{ GroupId = G1, DomainName = D }
  local o, delays = fake_time()
  o.fail_on = { DomainLegalStatus = "ABNORMAL" }
  local e = t.raises(function()
    return apigw.wait("DescribeDomain", { GroupId = G1, DomainName = D }, { DomainLegalStatus = "NORMAL" }, o)
  end, "WaiterFailure")
  t.eq(#delays, 0); t.eq(e.attempts, 1); t.eq(e.elapsed, 0); t.eq(e.kind, "waiter")
  t.eq(e.answer.DomainLegalStatus, "ABNORMAL")
  t.match(e.message, "DomainLegalStatus is \"ABNORMAL\""); t.match(e.message, "ICP")
  t.eq(e.action, "DescribeDomain")
  -- a list of values, too
  o.fail_on = { DomainLegalStatus = { "LOCKED", "ABNORMAL" } }
  t.raises(function()
    return apigw.wait("DescribeDomain", { GroupId = G1, DomainName = D }, { DomainLegalStatus = "NORMAL" }, o)
  end, "WaiterFailure")
end)

t.case("wait: timeout raises WaiterTimeout with the last answer, attempts and elapsed time", function()
  local o, delays = fake_time()
  o.timeout, o.min_delay, o.max_delay = 20, 2, 8
  local e = t.raises(function()
    return apigw.wait("DescribeDomain", { GroupId = G1, DomainName = "ws.conf.example.com" },
      { DomainWebSocketStatus = "CLOSE" }, o)
  end, "WaiterTimeout")
  -- waits 2, 3, 6, 6, then the 3 s left: five waits, six calls, 20 s
  t.eq(#delays, 5); t.eq(delays[5], 3); t.eq(e.attempts, 6); t.eq(e.elapsed, 20)
  t.eq(e.answer.DomainWebSocketStatus, "OPEN")
  t.match(e.message, "DomainWebSocketStatus is \"OPEN\"")
  t.match(tostring(e), "^DescribeDomain: WaiterTimeout: gave up after 20%.0 s and 6 calls")
  -- a timeout while the code still says not yet carries that error
  local o2 = fake_time()
  o2.timeout, o2.retry_on = 5, { "NotFoundDomain" }
  e = t.raises(function()
    return apigw.wait("DescribeDomain", { GroupId = G1, DomainName = "never.conf.example.com" },
      { DomainBindingStatus = "BINDING" }, o2)
  end, "WaiterTimeout")
  t.eq(e.answer, nil); t.eq(e.last_error.code, "NotFoundDomain"); t.match(e.message, "failed with NotFoundDomain")
end)

t.case("wait: it sleeps with apigw.sleep, so other tasks keep running", function()
  local D = "task.conf.example.com"
  apigw.set_domain{ GroupId = G1, DomainName = D }
  local ticks = 0
  local other = apigw.spawn(function()
    for _ = 1, 5 do apigw.sleep(0.02); ticks = ticks + 1 end
    apigw.set_domain_websocket_status{ GroupId = G1, DomainName = D, ActionValue = "OPEN" }
  end)
  local waiter = apigw.spawn(function()
    return apigw.wait("DescribeDomain", { GroupId = G1, DomainName = D }, { DomainWebSocketStatus = "OPEN" },
      { min_delay = 0.01, max_delay = 0.02, timeout = 10 })
  end)
  local a = waiter:wait()
  other:wait()
  t.eq(ticks, 5); t.eq(a.DomainWebSocketStatus, "OPEN")
end)

t.case("wait: its arguments and options are checked", function()
  local P = { GroupId = G1, DomainName = "ws.conf.example.com" }
  t.raises(function() return apigw.wait("DescribeDomain", P, {}) end, "InvalidParameter")
  t.raises(function() return apigw.wait("DescribeDomain", P, "OPEN") end, "InvalidParameter")
  t.raises(function() return apigw.wait(12, P, { A = 1 }) end, "InvalidParameter")
  t.raises(function() return apigw.wait("DescribeDomain", P, { A = 1 }, { timout = 1 }) end, "InvalidOption")
  t.raises(function() return apigw.wait("DescribeDomain", P, { A = 1 }, { min_delay = -1 }) end, "InvalidOption")
  t.raises(function() return apigw.wait("DescribeDomain", P, { A = 1 }, { min_delay = 5, max_delay = 1 }) end, "InvalidOption")
  t.raises(function() return apigw.wait("DescribeDomain", P, { A = 1 }, { sleep = 1 }) end, "InvalidOption")
  t.raises(function() return apigw.wait("DescribeDomain", { GroupId = G1 }, { A = 1 }) end, "MissingDomainName")
end)

t.done()
