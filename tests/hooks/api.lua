-- Hooks without a server (docs/hooks.md): the registry, the contract of each event, the
-- read-only payloads, the hook errors. Run as
--   apigw-lua --endpoint http://127.0.0.1:1 --retries 0 api.lua testlib.lua
-- so that a call that reaches the wire fails with "connect" (and a stub proves nothing was
-- sent).
local t = dofile(arg[1])
local HERE = debug.getinfo(1, "S").short_src
local G = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"
local P = { GroupId = G, DomainName = "api.example.com" }

-- Registers hooks for the test's body only; returns the recorded events.
local function with_hooks(specs, body)
  local made, seen = {}, {}
  for _, s in ipairs(specs) do
    local event, fn, opts, target = s[1], s[2], s[3], s[4]
    local function rec(e)
      seen[#seen + 1] = e.event
      if fn then return fn(e, seen) end
    end
    made[#made + 1] = target and target:on(event, rec, opts) or apigw.on(event, rec, opts)
  end
  local ok, err = pcall(body, seen)
  for _, h in ipairs(made) do h:remove() end
  if not ok then error(err, 0) end
  return seen
end

local function order(seen) return table.concat(seen, ",") end

t.case("apigw.on returns a hook: event, id #n by default, where = file:line of fn, scope", function()
  local line = debug.getinfo(1, "l").currentline + 1
  local h = apigw.on("done", function() end)
  t.eq(h.event, "done")
  t.match(h.id, "^#%d+$", "default id")
  t.eq(h.where, HERE .. ":" .. line)
  t.eq(h.scope, "global")
  t.eq(h:remove(), true)
  t.eq(h:remove(), false, "a second remove")
end)

t.case("an unknown event is refused with the nearest one suggested", function()
  local e = t.raises(function() apigw.on("don", function() end) end, "InvalidHook")
  t.match(e.message, "unknown event 'don' %(did you mean 'done'%?%)")
  t.match(tostring(e), "api.lua:%d+", "names the playbook's line")
  t.raises(function() apigw.on(5, function() end) end, "InvalidHook")
end)

t.case("options, function and action names are checked", function()
  t.match(t.raises(function() apigw.on("done", "nope") end, "InvalidHook").message, "must be a function")
  t.match(t.raises(function() apigw.on("done", print, { ids = "x" }) end, "InvalidHook").message,
    "unknown apigw.on option 'ids' %(did you mean 'id'%?%)")
  t.match(t.raises(function() apigw.on("done", print, { id = "" }) end, "InvalidHook").message, "'id'")
  t.match(t.raises(function() apigw.on("start", print, { action = "SetDomain" }) end, "InvalidHook").message,
    "does not apply to the 'start' event")
  t.match(t.raises(function() apigw.on("call", print, { action = "setDomain" }) end, "InvalidHook").message,
    "CloudAPI actions")
  t.match(t.raises(function() apigw.on("call", print, { action = {} }) end, "InvalidHook").message,
    "non%-empty list")
  local c = apigw.client{}
  t.match(t.raises(function() c:on("finish", print) end, "InvalidHook").message, "belongs to the run")
  t.raises(function() c.on(5, "done", print) end, "InvalidHook")
end)

t.case("order: global hooks, then the client's, each in registration order; an id replaces in place", function()
  local c = apigw.client{}
  local seen = {}
  local function mark(name) return function() seen[#seen + 1] = name end end
  local hs = {
    c:on("call", mark("c1"), { id = "c1" }),
    apigw.on("call", mark("g1"), { id = "g1" }),
    apigw.on("call", mark("g2"), { id = "g2" }),
    c:on("call", mark("c2"), { id = "c2" }),
  }
  local old = hs[2]
  hs[5] = apigw.on("call", function() seen[#seen + 1] = "g1'"; return { stubbed = true } end, { id = "g1" })
  t.eq(old:remove(), false, "the replaced hook is gone already")
  local list = apigw.hooks("call")
  local ids = {}
  for _, h in ipairs(list) do ids[#ids + 1] = h.id .. "/" .. h.scope end
  t.eq(table.concat(ids, " "), "g1/global g2/global c1/client c2/client")
  t.match(list[1].where, "^" .. HERE:gsub("%p", "%%%0") .. ":%d+$")
  local r = c:call("DescribeDomain", { GroupId = G, DomainName = "a.example.com" })
  t.eq(r.stubbed, true)
  t.eq(table.concat(seen, " "), "g1'", "the stub ends the call event")
  hs[5]:remove()
  seen = {}
  t.raises(function() c:call("DescribeDomain", { GroupId = G, DomainName = "a.example.com" }) end, "connect")
  t.eq(table.concat(seen, " "), "g2 c1 c2")
  for _, h in ipairs(hs) do h:remove() end
  t.eq(#apigw.hooks("call"), 0)
  t.raises(function() apigw.hooks("nope") end, "InvalidHook")
end)

t.case("apigw.hooks() lists every event in the documented order", function()
  local a = apigw.on("finish", print, { id = "f" })
  local b = apigw.on("call", print, { id = "c" })
  local list = apigw.hooks()
  t.eq(list[1].event .. list[2].event, "callfinish")
  a:remove(); b:remove()
end)

t.case("a stub: call, done; attempts 0; nothing sent", function()
  local done
  local seen = with_hooks({
    { "call", function() return { RequestId = "stub-1", DomainName = "api.example.com" } end },
    { "request" }, { "response" },
    { "done", function(e) done = { attempts = e.attempts, id = e.answer.RequestId, ms = e.ms } end },
  }, function()
    local r = apigw.set_domain(P)
    t.eq(r.RequestId, "stub-1")
  end)
  t.eq(order(seen), "call,done")
  t.eq(done.attempts, 0)
  t.eq(done.id, "stub-1")
  t.truthy(done.ms >= 0)
end)

t.case("a refusal with an apigw.Error: the call fails with it, not retried; call, error, done", function()
  local seen = with_hooks({
    { "call", function() error(apigw.Error.new{ code = "GuardRefused", message = "no", kind = "client" }, 0) end },
    { "request" }, { "error" }, { "done" },
  }, function()
    local e = t.raises(function() apigw.set_domain(P, { retries = 3 }) end, "GuardRefused")
    t.eq(e.action, "SetDomain")
    t.eq(e.retryable, false)
  end)
  t.eq(order(seen), "call,error,done")
end)

t.case("any other error in call: HookError naming event, id and file:line, cause kept", function()
  local line
  with_hooks({}, function()
    line = debug.getinfo(1, "l").currentline + 1
    local h = apigw.on("call", function() error({ why = "table error" }) end, { id = "boom" })
    local e = t.raises(function() apigw.set_domain(P) end, "HookError")
    h:remove()
    t.match(e.message, "^call hook 'boom' %(" .. HERE:gsub("%p", "%%%0") .. ":" .. line .. "%) failed: ")
    t.eq(e.cause.why, "table error")
    t.eq(e.kind, "client")
    t.eq(e.retryable, false)
  end)
end)

t.case("HookError from request, retry and error hooks; bad returns are HookErrors", function()
  for _, ev in ipairs{ "request", "retry", "error" } do
    local h = apigw.on(ev, function() error("bad " .. ev) end, { id = "x" .. ev })
    local e = t.raises(function() apigw.set_domain(P) end, "HookError")
    h:remove()
    t.match(e.message, "^" .. ev .. " hook 'x" .. ev .. "' %(.-api%.lua:%d+%) failed: .*bad " .. ev)
  end
  local bad = {
    { "call", function() return "yes" end, "returned a string; return a table" },
    { "retry", function() return true end, "returned a boolean; return false" },
    { "retry", function() return -1 end, "returned a number; return false" },
    { "error", function() return 1 end, "returned a number; return a table" },
  }
  for _, b in ipairs(bad) do
    local h = apigw.on(b[1], b[2], { id = "bad" })
    local e = t.raises(function() apigw.set_domain(P) end, "HookError")
    h:remove()
    t.match(e.message, b[3])
  end
end)

t.case("a failure: call, request, response, retry, error, done; fields of each payload", function()
  local got = {}
  local seen = with_hooks({
    { "call", function(e) got.call = { params = e.params.DomainName, dry = e.dry_run, client = e.client } end },
    { "request", function(e) got.request = { attempt = e.attempt, params = e.params.GroupId } end },
    { "response", function(e)
        got.response = { attempt = e.attempt, status = e.status, code = e.error.code, is = apigw.Error.is(e.error),
                         ms = e.ms, answer = e.answer, str = tostring(e.error) }
      end },
    { "retry", function(e)
        got.retry = { attempt = e.attempt, retryable = e.retryable, delay = e.delay, retries = e.retries,
                      code = e.error.code }
      end },
    { "error", function(e) got.error = { attempts = e.attempts, code = e.error.code } end },
    { "done", function(e) got.done = { attempts = e.attempts, code = e.error.code, answer = e.answer } end },
  }, function()
    t.raises(function() apigw.set_domain(P) end, "connect")
  end)
  t.eq(order(seen), "call,request,response,retry,error,done")
  t.eq(got.call.params, "api.example.com")
  t.eq(got.call.dry, false)
  t.eq(got.call.client, apigw.default_client())
  t.eq(got.request.attempt, 1)
  t.eq(got.request.params, G)
  t.eq(got.response.status, nil)
  t.eq(got.response.code, "connect")
  t.eq(got.response.is, true, "apigw.Error.is(e.error)")
  t.match(got.response.str, "^SetDomain: connect: ")
  t.eq(got.response.answer, nil)
  t.eq(type(got.response.ms), "number")
  t.eq(got.retry.retryable, false, "--retries 0: the policy stops")
  t.eq(got.retry.delay, nil)
  t.eq(got.retry.retries, 0)
  t.eq(got.error.attempts, 1)
  t.eq(got.done.code, "connect")
  t.eq(got.done.answer, nil)
end)

t.case("a recovery: the error hook's table is the call's answer; done sees it", function()
  local done_answer
  local seen = with_hooks({
    { "error", function(e) return { Recovered = e.error.code } end },
    { "done", function(e) done_answer = e.answer.Recovered end },
  }, function()
    t.eq(apigw.set_domain(P).Recovered, "connect")
  end)
  t.eq(order(seen), "error,done")
  t.eq(done_answer, "connect")
end)

t.case("retry: a number retries even where the policy would not (the hook owns the count)", function()
  local attempts = {}
  local seen = with_hooks({
    { "request", function(e) attempts[#attempts + 1] = e.attempt end },
    { "retry", function(e) if e.attempt < 3 then return 0 end end },
  }, function()
    local e = t.raises(function() apigw.set_domain(P) end, "connect")
    t.eq(e.attempts, 3)
  end)
  t.eq(table.concat(attempts, ","), "1,2,3")
  t.eq(order(seen), "request,retry,request,retry,request,retry")
end)

t.case("retry: false stops a call the policy would retry", function()
  local n = 0
  with_hooks({ { "request", function() n = n + 1 end }, { "retry", function(e)
      t.eq(e.retryable, true, "connect with retries left is retryable")
      t.truthy(e.delay and e.delay >= 0, "the policy's wait")
      return false
    end } }, function()
    t.raises(function() apigw.set_domain(P, { retries = 2 }) end, "connect")
  end)
  t.eq(n, 1)
end)

t.case("ctx is one table per call, shared by all its events and attempts", function()
  local ctxs, seen_ctx = {}, {}
  with_hooks({
    { "call", function(e) e.ctx.n = 0; ctxs[#ctxs + 1] = e.ctx end },
    { "request", function(e) e.ctx.n = e.ctx.n + 1; seen_ctx[e.ctx] = true end },
    { "retry", function(e) if e.attempt < 2 then return 0 end end },
    { "done", function(e) t.eq(e.ctx.n, 2, "two attempts counted in ctx"); seen_ctx[e.ctx] = true end },
  }, function()
    pcall(apigw.set_domain, P)
    pcall(apigw.set_domain, P)
  end)
  t.eq(#ctxs, 2)
  t.truthy(ctxs[1] ~= ctxs[2], "a new ctx per call")
  local n = 0
  for _ in pairs(seen_ctx) do n = n + 1 end
  t.eq(n, 2, "each call's events saw its own ctx")
end)

t.case("request params: a fresh copy per attempt; edits never leak into the next attempt nor the playbook", function()
  local mine = { GroupId = G, DomainName = "api.example.com", IsForce = false }
  local seen = {}
  with_hooks({
    { "call", function(e) t.eq(e.params.IsForce, false, "call sees the binding's own types") end },
    { "request", function(e)
        seen[#seen + 1] = e.params.DomainName .. "/" .. tostring(e.params.BindStageName)
        e.params.DomainName = "edited" .. e.attempt .. ".example.com"
        e.params.BindStageName = "TEST"
      end },
    { "retry", function(e) if e.attempt < 3 then return 0 end end },
  }, function()
    pcall(apigw.set_domain, mine)
  end)
  t.eq(table.concat(seen, " "), "api.example.com/nil api.example.com/nil api.example.com/nil")
  t.eq(mine.DomainName, "api.example.com")
  t.eq(mine.BindStageName, nil)
end)

t.case("call params: edits are checked again by the typed binding", function()
  local seen = with_hooks({
    { "call", function(e) e.params.DomainName = "not a domain" end }, { "error" }, { "done" },
  }, function()
    local e = t.raises(function() apigw.set_domain(P) end, "InvalidDomainName")
    t.match(e.message, "not a domain")
  end)
  t.eq(order(seen), "call,error,done")
  with_hooks({ { "call", function(e) e.params.SecurityToken = "x" end } }, function()
    t.match(t.raises(function() apigw.call("DescribeDomain", { GroupId = G }) end, "InvalidParameter").message,
      "set by apigw%-lua itself")
  end)
end)

local function writes(fn)
  local ok, err = pcall(fn)
  t.eq(ok, false, "a write to a read-only payload")
  return tostring(err)
end

t.case("read-only payloads: writing raises, naming the field; params and ctx stay open where documented", function()
  local msgs = {}
  with_hooks({
    { "call", function(e)
        msgs.call_action = writes(function() e.action = "X" end)
        e.params.BindStageName = "TEST" -- editable
        e.ctx.mine = true
      end },
    { "request", function(e) msgs.request_attempt = writes(function() e.attempt = 9 end) end },
    { "response", function(e)
        msgs.response = writes(function() e.status = 1 end)
        msgs.response_error = writes(function() e.error.code = "x" end)
        msgs.response_new = writes(function() e.extra = 1 end)
        e.ctx.also = 1
      end },
    { "retry", function(e) msgs.retry = writes(function() e.delay = 0 end) end },
    { "error", function(e) msgs.error = writes(function() e.error.message = "x" end) end },
    { "done", function(e)
        msgs.done = writes(function() e.attempts = 0 end)
        msgs.done_insert = writes(function() table.insert(e.error, 1) end)
      end },
  }, function() pcall(apigw.set_domain, P) end)
  t.match(msgs.call_action, "the call payload is read%-only: cannot set e%.action")
  t.match(msgs.request_attempt, "the request payload is read%-only: cannot set e%.attempt")
  t.match(msgs.response, "the response payload is read%-only: cannot set e%.status")
  t.match(msgs.response_error, "cannot set e%.error%.code")
  t.match(msgs.response_new, "cannot set e%.extra")
  t.match(msgs.retry, "the retry payload is read%-only: cannot set e%.delay")
  t.match(msgs.error, "cannot set e%.error%.message")
  t.match(msgs.done, "the done payload is read%-only: cannot set e%.attempts")
  t.match(msgs.done_insert, "cannot set e%.error%[1%]")
end)

t.case("views: pairs, ipairs, #, tostring and apigw.json.encode see the payload", function()
  local got
  with_hooks({ { "call", function() return { RequestId = "r", List = { "a", "b" }, N = 1 } end },
               { "done", function(e)
                   local keys = {}
                   for k in pairs(e.answer) do keys[#keys + 1] = k end
                   table.sort(keys)
                   local items = {}
                   for _, v in ipairs(e.answer.List) do items[#items + 1] = v end
                   got = { keys = table.concat(keys, ","), items = table.concat(items, ","), n = #e.answer.List,
                           json = apigw.json.encode(e.answer.List), jsonall = apigw.json.decode(apigw.json.encode(e.answer)) }
                 end } },
    function() apigw.set_domain(P) end)
  t.eq(got.keys, "List,N,RequestId")
  t.eq(got.items, "a,b")
  t.eq(got.n, 2)
  t.eq(got.json, '["a","b"]')
  t.eq(got.jsonall.RequestId, "r")
end)

t.case("bindings called from inside a hook fire no hooks (nor do the tasks it spawns)", function()
  local outer, inner_ok = 0, nil
  with_hooks({ { "call", function(e, seen)
      outer = outer + 1
      local ok, err = pcall(apigw.call, "DescribeDomain", { GroupId = G, DomainName = "x.example.com" })
      inner_ok = not ok and err.code
      local task = apigw.spawn(function() return pcall(apigw.call, "DescribeDomain", { GroupId = G }) end)
      task:wait()
      return { Stub = true }
    end } }, function(seen)
    apigw.set_domain(P)
    t.eq(#seen, 1, "one call event: the nested calls fired none")
  end)
  t.eq(outer, 1)
  t.eq(inner_ok, "connect", "the nested call ran (and reached the closed port)")
end)

t.case("action filter and client scope", function()
  local c1, c2 = apigw.client{}, apigw.client{}
  local seen = {}
  local hs = {
    apigw.on("call", function(e) seen[#seen + 1] = "g:" .. e.action; return {} end, { action = { "DescribeDomain", "SetDomain" } }),
    c1:on("call", function(e) seen[#seen + 1] = "c1:" .. e.action end, { action = "SetDomain" }),
    apigw.on("call", function(e) seen[#seen + 1] = "other:" .. e.action; return {} end, { action = "DeleteDomain" }),
  }
  c1:set_domain(P)
  c2:set_domain(P)
  c1:call("DescribeDomain", { GroupId = G })
  pcall(c2.call, c2, "DeleteDomain", { GroupId = G })
  for _, h in ipairs(hs) do h:remove() end
  t.eq(table.concat(seen, " "), "g:SetDomain g:SetDomain g:DescribeDomain other:DeleteDomain",
    "the first stub ends the event; c1's hook never ran after it")
end)

t.case("a hook registered during a call takes effect from the next call; a removed one never runs again", function()
  local late, later = 0, 0
  local h2
  local h1 = apigw.on("call", function()
    if not h2 then h2 = apigw.on("done", function() late = late + 1 end) end
    return {}
  end)
  local h3 = apigw.on("done", function() later = later + 1 end)
  apigw.set_domain(P)
  t.eq(late, 0)
  h3:remove()
  apigw.set_domain(P)
  t.eq(late, 1)
  t.eq(later, 1)
  h1:remove(); h2:remove()
end)

t.case("no secret in any payload (explicit key and token, the network error path)", function()
  local SEC, TOK = "SecretValue0123/+=", "TokenValue4567/+="
  local c = apigw.client{ access_key_id = "LTAIx", access_key_secret = SEC, security_token = TOK }
  local found = {}
  local function walk(v, path, depth, seen)
    if depth > 8 then return end
    if type(v) == "string" then
      for _, s in ipairs{ SEC, TOK, "SecretValue", "TokenValue" } do
        if v:find(s, 1, true) then found[#found + 1] = path end
      end
    elseif type(v) == "table" and not seen[v] then
      seen[v] = true
      for k, x in pairs(v) do walk(x, path .. "." .. tostring(k), depth + 1, seen) end
      local mt = getmetatable(v)
      if type(mt) == "table" and mt.__tostring then walk(tostring(v), path .. ":tostring", depth + 1, seen) end
    elseif type(v) == "userdata" then
      walk(tostring(v), path .. ":tostring", depth + 1, seen)
    end
  end
  local n = 0
  local hs = {}
  for _, ev in ipairs{ "call", "request", "response", "retry", "error", "done" } do
    hs[#hs + 1] = c:on(ev, function(e) n = n + 1; walk(e, ev, 0, {}); if ev == "retry" and e.attempt < 2 then return 0 end end)
  end
  pcall(c.set_domain, c, P)
  for _, h in ipairs(hs) do h:remove() end
  t.eq(n, 9, "every event walked")
  t.eq(table.concat(found, " "), "")
end)

t.case("apigw.mask masks secret parameters, also nested and flattened", function()
  local m = apigw.mask{ CertificatePrivateKey = "k", Certs = { { CertificatePrivateKey = "k2", Name = "n" } },
                        ["X.1.CertificatePrivateKey"] = "k3", GroupId = G }
  t.eq(m.CertificatePrivateKey, "***")
  t.eq(m.Certs[1].CertificatePrivateKey, "***")
  t.eq(m.Certs[1].Name, "n")
  t.eq(m["X.1.CertificatePrivateKey"], "***")
  t.eq(m.GroupId, G)
  t.raises(function() apigw.mask("x") end, "InvalidParameter")
end)

t.done()
