-- The apigw.Error contract and local validation. Every call here goes to a closed port
-- (see tests/lua.cmake): a validation error proves nothing was sent, because sending
-- would have failed with a network error instead.
local t = dofile(arg[1])
local G = "927d50c0f2e54b359919923d908bb015"

local function sd(p) return function() return apigw.set_domain(p) end end

t.case("Error objects carry the contract's fields and print on one line", function()
  local e = t.raises(function()
    local r = apigw.set_domain{ DomainName = "api.example.com" } -- not a tail call: keeps this line
    return r
  end, "MissingGroupId")
  t.eq(getmetatable(e), apigw.Error)
  t.eq(e.kind, "client"); t.eq(e.action, "SetDomain"); t.eq(e.retryable, false)
  t.eq(e.http_status, nil); t.eq(e.request_id, nil)
  t.truthy(type(e.message) == "string" and #e.message > 0, "message")
  local s = tostring(e)
  t.match(s, "^SetDomain: MissingGroupId: ")
  t.eq(s:find("\n"), nil, "one line")
  t.match(s, "test_error.lua:%d+", "names the playbook line")
end)

t.case("Error.new and tostring with server fields", function()
  local e = apigw.Error.new{ action = "SetDomain", code = "DomainAlreadyBind", message = "taken\nby g2",
    http_status = 400, request_id = "RID-1", kind = "client" }
  t.eq(tostring(e), "SetDomain: DomainAlreadyBind: taken by g2 (HTTP 400, RequestId RID-1)")
  t.truthy(apigw.Error.is(e)); t.eq(apigw.Error.is({}), false)
end)

t.case("every text field of an error is a string or nil; tostring never raises", function()
  -- numbers are kept as their text
  local e = apigw.Error.new{ code = 404, message = 1.5, request_id = 12345, kind = "client" }
  t.eq(e.code, "404"); t.eq(e.message, "1.5"); t.eq(e.request_id, "12345")
  -- any other type is refused, naming the field
  for _, field in ipairs{ "code", "message", "request_id", "host_id", "recommend", "action", "kind", "where" } do
    for _, bad in ipairs{ {}, true, false, print } do
      local err = t.raises(function() apigw.Error.new{ code = "X", [field] = bad } end, "InvalidParameter")
      t.match(err.message, "apigw.Error.new: field '" .. field .. "' must be a string")
    end
  end
  t.raises(function() apigw.Error.new("x") end, "InvalidParameter")
  -- an error changed after it was made still prints
  e = apigw.Error.new{ code = "X", message = "m" }
  e.request_id, e.code, e.message, e.host_id = {}, true, setmetatable({}, { __tostring = error }), false
  e.http_status, e.attempts, e.action, e.where = "soon", {}, 7, {}
  local ok, s = pcall(tostring, e)
  t.truthy(ok, "tostring raised: " .. tostring(s))
  t.eq(s, "7: ?: ")
  e = apigw.Error.new{ code = "X", message = "m", http_status = 400.5, attempts = 2.0 }
  t.eq(tostring(e), "X: m (HTTP 400.5, 2 attempts)")
end)

t.case("an uncaught error with odd fields still prints (not 'error object is a table value')", function()
  local i = -1
  while arg[i - 1] do i = i - 1 end
  local self = arg[i] -- the apigw-lua running this spec
  local p = assert(io.popen(("%q -e %q 2>&1; echo \"exit=$?\""):format(self,
    "local e = apigw.Error.new{code = 'X', message = 'boom'} e.request_id = {} e.code = true error(e, 0)")))
  local out = p:read("a")
  p:close()
  t.match(out, "^apigw%-lua: %?: boom\nexit=1\n$")
end)

t.case("apigw.map keeps an error value whose __tostring raises as a LuaError", function()
  local odd = setmetatable({}, { __tostring = function() error("no text") end })
  local results, errors = apigw.map({ 1, 2 }, function(x) if x == 1 then error(odd) end return x end)
  t.eq(results[2], 2); t.eq(results[1], nil)
  t.eq(errors[1].code, "LuaError"); t.eq(errors[1].message, "an error value of type table")
end)

-- err.where: the playbook's file:line, also when the binding is called in tail position
-- (the idiom `return apigw.set_domain{...}`), which removes the caller's frame: then the
-- nearest frame left, or the line where the task's or map's function begins.
local function line() return debug.getinfo(2, "l").currentline end
local SRC = debug.getinfo(1, "S").short_src
local BAD = { GroupId = G, DomainName = "bad..example.com" }

t.case("where, for a call in tail position inside apigw.map (scripts/bulk_bind.lua)", function()
  local l = line() + 1
  local _, errors = apigw.map({ 1 }, function()
    return apigw.set_domain(BAD)
  end)
  t.eq(errors[1].code, "InvalidDomainName")
  t.eq(errors[1].where, SRC .. ":" .. l)
  t.match(tostring(errors[1]), " at " .. SRC:gsub("%p", "%%%0") .. ":" .. l .. "$")
  -- a client's method, and apigw.call, the same way
  local c = apigw.client{}
  l = line() + 1
  _, errors = apigw.map({ 1, 2 }, function(i)
    if i == 1 then return c:set_domain(BAD) end
    return apigw.call("SetDomain", { Action = "x" })
  end)
  t.eq(errors[1].where, SRC .. ":" .. l)
  t.eq(errors[2].where, SRC .. ":" .. l)
end)

t.case("where, for a call not in tail position inside apigw.map: the call's own line", function()
  local l
  local _, errors = apigw.map({ 1 }, function()
    l = line() + 1
    local r = apigw.set_domain(BAD)
    return r
  end)
  t.eq(errors[1].where, SRC .. ":" .. l)
end)

t.case("where, for a call in tail position inside a task", function()
  local l = line() + 1
  local task = apigw.spawn(function(p)
    return apigw.set_domain(p)
  end, BAD)
  local e = t.raises(function() task:wait() end, "InvalidDomainName")
  t.eq(e.where, SRC .. ":" .. l)
end)

t.case("where, for a call in tail position under pcall: the pcall's line", function()
  local l = line() + 1
  local ok, e = pcall(function() return apigw.set_domain(BAD) end)
  t.eq(ok, false)
  t.eq(e.where, SRC .. ":" .. l)
end)

t.case("required parameters", function()
  t.raises(sd{ GroupId = G }, "MissingDomainName")
  t.raises(sd{ GroupId = "", DomainName = "a.example.com" }, "MissingGroupId")
  t.raises(sd{ GroupId = G, DomainName = "" }, "MissingDomainName")
  t.raises(sd{}, "MissingGroupId")
end)

t.case("types of string parameters", function()
  t.raises(sd{ GroupId = 12, DomainName = "a.example.com" }, "InvalidGroupId")
  t.raises(sd{ GroupId = G, DomainName = true }, "InvalidDomainName")
end)

t.case("BindStageName is TEST, PRE, RELEASE or empty", function()
  local e = t.raises(sd{ GroupId = G, DomainName = "a.example.com", BindStageName = "PROD" }, "InvalidBindStageName")
  t.match(e.message, "RELEASE")
  t.raises(sd{ GroupId = G, DomainName = "a.example.com", BindStageName = "release" }, "InvalidBindStageName")
end)

t.case("CustomDomainType is INTERNET or INTRANET", function()
  t.raises(sd{ GroupId = G, DomainName = "a.example.com", CustomDomainType = "PUBLIC" }, "InvalidCustomDomainType")
end)

t.case("booleans must be Lua booleans", function()
  local e = t.raises(sd{ GroupId = G, DomainName = "a.example.com", IsForce = "true" }, "InvalidIsForce")
  t.match(e.message, "not \"true\"")
  t.raises(sd{ GroupId = G, DomainName = "a.example.com", IsHttpRedirectToHttps = 1 }, "InvalidIsHttpRedirectToHttps")
end)

t.case("domain name syntax", function()
  local bad = { "-a.example.com", "a-.example.com", "a..example.com", ".example.com", "example",
    "a b.example.com", "a_b.example.com", "*.*.example.com", "a.*.example.com", "example.com.",
    ("x"):rep(64) .. ".example.com", ("abcdefghi."):rep(26) .. "com", "1.2.3.4", "http://a.example.com" }
  for _, d in ipairs(bad) do
    t.raises(sd{ GroupId = G, DomainName = d }, "InvalidDomainName")
  end
end)

t.case("Unicode names are refused with a message that says so", function()
  local e = t.raises(sd{ GroupId = G, DomainName = "bücher.example.com" }, "InvalidDomainName")
  t.match(e.message, "non%-ASCII"); t.match(e.message, "punycode")
end)

t.case("valid names pass validation (and then reach the network)", function()
  for _, d in ipairs{ "api.example.com", "*.example.com", "xn--bcher-kva.example.com", "a-b.c-d.example.co",
                      "API.Example.COM", ("x"):rep(63) .. ".example.com" } do
    local e = t.raises(sd{ GroupId = G, DomainName = d })
    t.eq(e.kind, "network", d)
  end
end)

t.case("unknown parameters are refused with the nearest name", function()
  local e = t.raises(sd{ GroupID = G, DomainName = "a.example.com" }, "InvalidParameter")
  t.match(e.message, "'GroupID'"); t.match(e.message, "did you mean 'GroupId'")
  e = t.raises(sd{ GroupId = G, DomainName = "a.example.com", BindStage = "TEST" }, "InvalidParameter")
  t.match(e.message, "BindStageName")
  e = t.raises(sd{ GroupId = G, DomainName = "a.example.com", Zzzzzzzz = 1 }, "InvalidParameter")
  t.match(e.message, "valid:")
end)

t.case("parameters must be a table", function()
  t.raises(function() return apigw.set_domain("api.example.com") end, "InvalidParameter")
end)

t.case("apigw.call validates the action and flattens values", function()
  t.raises(function() return apigw.call("setDomain", {}) end, "InvalidAction")
  t.raises(function() return apigw.call("Set Domain", {}) end, "InvalidAction")
  t.raises(function() return apigw.call(nil, {}) end, "InvalidAction")
  t.raises(function() return apigw.call("DescribeApiGroup", { GroupId = print }) end, "InvalidParameter")
  t.raises(function() return apigw.call("DescribeApiGroup", "x") end, "InvalidParameter")
  t.raises(function() return apigw.call("DescribeApiGroup", { [1] = "x" }) end, "InvalidParameter")
  t.raises(function() return apigw.call("DescribeApiGroup", { A = 0 / 0 }) end, "InvalidParameter")
end)

t.case("parameters the signer sets are refused", function()
  for _, k in ipairs{ "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureNonce",
                      "Timestamp", "SecurityToken" } do
    local e = t.raises(function() return apigw.call("DescribeApiGroup", { [k] = "x" }) end, "InvalidParameter")
    t.match(e.message, "'" .. k .. "' is set by apigw%-lua")
  end
end)

t.case("apigw.map refuses what is not a list, instead of skipping items", function()
  local e = t.raises(function() return apigw.map({ 1, 2, x = 3 }, tostring) end, "InvalidParameter")
  t.match(e.message, 'key "x"')
  t.raises(function() return apigw.map("abc", tostring) end, "InvalidParameter")
  t.raises(function() return apigw.map({ 1 }, tostring, { concurrency = 0 }) end, "InvalidOption")
  t.raises(function() return apigw.map({ 1 }, tostring, { concurrency = 257 }) end, "InvalidOption")
  local r, errs = apigw.map({ 1, 2, 3 }, function(x) if x == 2 then error("boom") end return x * 10 end)
  t.eq(r[1], 10); t.eq(r[2], nil); t.eq(r[3], 30)
  t.eq(errs[2].code, "LuaError"); t.match(errs[2].message, "boom"); t.eq(errs[1], nil)
end)

t.case("per-call options are checked", function()
  t.raises(function() return apigw.call("DescribeApiGroup", { GroupId = G }, { timout = 1 }) end, "InvalidOption")
  t.raises(function() return apigw.call("DescribeApiGroup", { GroupId = G }, { timeout = -1 }) end, "InvalidOption")
  t.raises(function() return apigw.call("DescribeApiGroup", { GroupId = G }, { retries = 1.5 }) end, "InvalidOption")
end)

t.case("client options are checked", function()
  local e = t.raises(function() return apigw.client{ regoin = "cn-hangzhou" } end, "InvalidOption")
  t.match(e.message, "did you mean 'region'")
  t.raises(function() return apigw.client{ signature = "v2" } end, "InvalidOption")
  t.raises(function() return apigw.client{ method = "PUT" } end, "InvalidOption")
  t.raises(function() return apigw.client{ read_timeout = 0 } end, "InvalidOption")
  t.raises(function() return apigw.client{ access_key_id = "x" } end, "InvalidOption")
  t.raises(function() return apigw.client{ insecure = "yes" } end, "InvalidOption")
  t.raises(function() return apigw.client(5) end, "InvalidOption")
  local e = t.raises(function() return apigw.client{ ca_bundle = "/nonexistent/ca.pem" } end, "InvalidOption")
  t.match(e.message, "/nonexistent/ca%.pem")
end)

t.case("network failures are structured errors", function()
  local e = t.raises(function() return apigw.call("DescribeApiGroup", { GroupId = G }, { retries = 0 }) end, "connect")
  t.eq(e.kind, "network"); t.eq(e.retryable, true); t.eq(e.action, "DescribeApiGroup")
  t.match(tostring(e), "^DescribeApiGroup: connect: ")
end)

t.done()
