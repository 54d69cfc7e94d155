-- Hooks against apigw-emulator processes (tests/hooks/emu.sh), with faults driving retry,
-- response and error:
--   1: no fault   2: 5xx:2 (every second request answers 503)   3: 5xx:1 (every one)
--   4: throttle:1 (every request throttled, x-acs-retry-after: 1000 ms)
-- args: TESTLIB URL1 LOG1 URL2 LOG2 URL3 LOG3 URL4 LOG4
local t = dofile(arg[1])
local URL, LOG = {}, {}
for i = 1, 4 do URL[i], LOG[i] = arg[2 * i], arg[2 * i + 1] end
local G = "11111111111111111111111111111111"
local json = apigw.json
local now = require("apigw.core").now

local function log_lines(i)
  local out = {}
  for line in io.lines(LOG[i]) do out[#out + 1] = json.decode(line) end
  return out
end

-- The log once it has at least n lines (the emulator may write a line just after the answer).
local function log_at_least(i, n)
  local lines
  for _ = 1, 100 do
    lines = log_lines(i)
    if #lines >= n then return lines end
    apigw.sleep(0.02)
  end
  return lines
end

local function client(i, extra)
  local o = { endpoint = URL[i] }
  for k, v in pairs(extra or {}) do o[k] = v end
  return apigw.client(o)
end

-- Records every call event of client c into a list of "event[:detail]".
local function recorder(c, detail)
  local seen, hs = {}, {}
  for _, ev in ipairs{ "call", "request", "response", "retry", "error", "done" } do
    hs[#hs + 1] = c:on(ev, function(e)
      seen[#seen + 1] = detail and detail(e) or e.event
    end)
  end
  return seen, function() for _, h in ipairs(hs) do h:remove() end end
end

t.case("success: call, request, response, done; response has the status and RequestId", function()
  local c = client(1)
  local seen, stop = recorder(c, function(e)
    if e.event == "response" then return ("response:%s:%s"):format(e.status, e.request_id ~= nil) end
    return e.event
  end)
  local ids = {}
  local h = c:on("response", function(e) ids[#ids + 1] = e.request_id end)
  local r = c:set_domain{ GroupId = G, DomainName = "a.one.example.com" }
  stop(); h:remove()
  t.eq(table.concat(seen, ","), "call,request,response:200:true,done")
  t.eq(ids[1], r.RequestId)
end)

t.case("a retried failure that then succeeds: call, request, response, retry, request, response, done", function()
  local c = client(2) -- request 1 ok, 2 fails, 3 ok
  c:call("DescribeApiGroup", { GroupId = G })
  local seen, stop = recorder(c, function(e)
    if e.event == "response" then return "response:" .. tostring(e.status) end
    if e.event == "retry" then return ("retry:%d:%s:%s"):format(e.attempt, e.retryable, e.error.code) end
    if e.event == "done" then return "done:" .. e.attempts end
    return e.event
  end)
  local ctxs = {}
  local h1 = c:on("request", function(e) ctxs[#ctxs + 1] = e.ctx end)
  local h2 = c:on("retry", function(e) ctxs[#ctxs + 1] = e.ctx end)
  c:set_domain{ GroupId = G, DomainName = "b.one.example.com" }
  stop(); h1:remove(); h2:remove()
  t.eq(table.concat(seen, ","),
    "call,request,response:503,retry:1:true:ServiceUnavailable,request,response:200,done:2")
  t.truthy(ctxs[1] == ctxs[2] and ctxs[2] == ctxs[3], "ctx shared across attempts")
end)

t.case("a failure after retries: (request, response, retry) x 3, error, done", function()
  local c = client(3, { retries = 2 })
  local seen, stop = recorder(c, function(e)
    if e.event == "retry" then return ("retry:%s"):format(e.retryable) end
    return e.event
  end)
  local e = t.raises(function() c:set_domain{ GroupId = G, DomainName = "c.one.example.com" } end, "ServiceUnavailable")
  stop()
  t.eq(e.attempts, 3)
  t.eq(table.concat(seen, ","),
    "call,request,response,retry:true,request,response,retry:true,request,response,retry:false,error,done")
end)

t.case("recovery from a real failure; a stub on a real client sends nothing", function()
  local c = client(3, { retries = 0 })
  apigw.sleep(0.2)
  local before = #log_lines(3)
  local h = c:on("error", function(e) return { Recovered = e.error.code, RequestId = e.error.request_id } end)
  local r = c:set_domain{ GroupId = G, DomainName = "d.one.example.com" }
  h:remove()
  t.eq(r.Recovered, "ServiceUnavailable")
  t.truthy(r.RequestId, "the error's RequestId")
  t.eq(#log_at_least(3, before + 1), before + 1, "one attempt")
  local s = c:on("call", function() return { Stub = true } end)
  t.eq(c:set_domain{ GroupId = G, DomainName = "d.one.example.com" }.Stub, true)
  s:remove()
  apigw.sleep(0.2)
  t.eq(#log_lines(3), before + 1, "the stub sent nothing")
end)

t.case("request edits reach the wire (the signature still verifies) and never leak into the next attempt", function()
  local c = client(2)
  -- make the next request the failing one (even count): the log tells where we are
  apigw.sleep(0.2)
  if #log_lines(2) % 2 == 0 then c:call("DescribeApiGroup", { GroupId = G }) end
  apigw.sleep(0.2)
  local before = #log_lines(2)
  local mine = { GroupId = G, DomainName = "e.one.example.com", BindStageName = "RELEASE" }
  local h = c:on("request", function(e)
    if e.attempt == 1 then
      e.params.BindStageName = "TEST"
      e.params.IsForce = true
    end
  end)
  c:set_domain(mine)
  h:remove()
  local lines = log_at_least(2, before + 2)
  t.eq(#lines, before + 2, "two attempts")
  local a1, a2 = lines[before + 1], lines[before + 2]
  t.eq(a1.verified, true, "attempt 1 signed over the edited parameters")
  t.eq(a1.params.BindStageName, "TEST")
  t.eq(a1.params.IsForce, "true")
  t.eq(a1.status, 503)
  t.eq(a2.verified, true)
  t.eq(a2.params.BindStageName, "RELEASE", "attempt 2 starts again from the call's parameters")
  t.eq(a2.params.IsForce, nil)
  t.eq(a2.status, 200)
  t.eq(mine.BindStageName, "RELEASE", "the playbook's table is untouched")
end)

t.case("retry: a returned wait is never shorter than x-acs-retry-after", function()
  local c = client(4, { retries = 0 })
  local times = {}
  local h1 = c:on("request", function() times[#times + 1] = now() end)
  local h2 = c:on("retry", function(e) if e.attempt == 1 then return 0 end end)
  t.raises(function() c:set_domain{ GroupId = G, DomainName = "f.one.example.com" } end, "Throttling.User")
  h1:remove(); h2:remove()
  t.eq(#times, 2)
  t.truthy(times[2] - times[1] >= 0.95, ("waited %.3f s, the server asked for 1 s"):format(times[2] - times[1]))
end)

t.case("a hook that yields inside a 500-item apigw.map at concurrency 50: the concurrency holds", function()
  local c = client(1)
  local h = c:on("request", function() apigw.sleep(0.1) end)
  local items = {}
  for i = 1, 500 do items[i] = ("m%d.one.example.com"):format(i) end
  local t0 = now()
  local results, errors = apigw.map(items, function(d) return c:set_domain{ GroupId = G, DomainName = d } end,
    { concurrency = 50 })
  local wall = now() - t0
  h:remove()
  t.eq(next(errors), nil, "no errors")
  t.eq(#results, 500)
  -- sequential hooks alone would take 50 s; at concurrency 50, ten rounds of 0.1 s
  t.truthy(wall < 10, ("wall time %.2f s"):format(wall))
  t.truthy(wall >= 0.95, ("wall time %.2f s: every hook slept"):format(wall))
end)

t.case("no secret in any payload: an STS key, successes and failures, every event walked", function()
  local SEC, TOK = "integrationStsSecret", "integration+sts/token="
  local forms = { SEC, TOK, "integration%2Bsts%2Ftoken%3D", "integration%252Bsts%252Ftoken%253D" }
  local found, n = {}, 0
  local function walk(v, path, depth, seen)
    if depth > 10 then return end
    if type(v) == "string" then
      for _, s in ipairs(forms) do
        if v:lower():find(s:lower(), 1, true) then found[#found + 1] = path end
      end
    elseif type(v) == "table" and not seen[v] then
      seen[v] = true
      for k, x in pairs(v) do walk(x, path .. "." .. tostring(k), depth + 1, seen) end
      walk(tostring(v), path .. ":tostring", depth + 1, seen)
    elseif type(v) == "userdata" then
      walk(tostring(v), path .. ":tostring", depth + 1, seen)
    end
  end
  for _, sig in ipairs{ "v3", "rpc" } do
    for _, secret in ipairs{ SEC, "wrongSecret" } do
      local c = client(2, { access_key_id = "STS.integrationSts01", access_key_secret = secret,
                            security_token = TOK, signature = sig, retries = 1 })
      local hs = {}
      for _, ev in ipairs{ "call", "request", "response", "retry", "error", "done" } do
        hs[#hs + 1] = c:on(ev, function(e) n = n + 1; walk(e, sig .. ":" .. ev, 0, {}) end)
      end
      pcall(c.set_domain, c, { GroupId = G, DomainName = "s.one.example.com" })
      pcall(c.call, c, "DescribeApiGroup", { GroupId = G })
      for _, h in ipairs(hs) do h:remove() end
    end
  end
  t.truthy(n >= 24, "events walked: " .. n)
  t.eq(table.concat(found, " "), "")
end)

t.done()
