-- apigw.answer on its own: how one attempt's outcome (HTTP status, body, headers, or the
-- transport's error) becomes an answer table or an apigw.Error. Pure: no server, and the
-- clock it quotes in the InvalidTimeStamp diagnostic is injected.
local t = dofile(arg[1])
local answer = require "apigw.answer"
local Error = apigw.Error

local function interpret(status, body, retry_after, date, sts)
  return answer.interpret("SetDomain", status, body, retry_after, date, sts)
end

-- Every text field of an error is a string or nil, and tostring works on it.
local TEXT = { "code", "message", "request_id", "host_id", "recommend", "action", "kind" }
local function well_formed(e)
  t.truthy(Error.is(e), "an apigw.Error")
  for _, k in ipairs(TEXT) do
    local v = e[k]
    t.truthy(v == nil or type(v) == "string", ("field %s is a string or nil (got %s)"):format(k, type(v)))
  end
  t.eq(type(e.retryable), "boolean", "retryable")
  local ok, s = pcall(tostring, e)
  t.truthy(ok, "tostring(err) works: " .. tostring(s))
  t.eq(s:find("\n"), nil, "one line")
  return s
end

t.case("a 2xx JSON object is the answer", function()
  local a, e = interpret(200, '{"RequestId":"R1","DomainName":"a.example.com","N":12345678901234567}')
  t.eq(e, nil); t.eq(a.RequestId, "R1"); t.eq(a.N, 12345678901234567)
  a = interpret(201, ' \t\r\n{}')
  t.eq(type(a), "table")
end)

t.case("a 2xx answer that is not a JSON object is InvalidResponse", function()
  for _, body in ipairs{ '[]', '[{"RequestId":"R1"}]', ' [1,2]', '"text"', '12', 'null', 'true',
                         '', '{"a":', 'not json', '{"a":1} trailing' } do
    local a, e = interpret(200, body)
    t.eq(a, nil, ("answer for %q"):format(body))
    t.eq(e.code, "InvalidResponse", ("code for %q"):format(body))
    t.eq(e.kind, "network"); t.eq(e.http_status, 200); t.eq(e.action, "SetDomain")
    t.match(e.message, "not a JSON object %(HTTP 200, " .. #body .. " bytes%)")
    well_formed(e)
  end
end)

t.case("a 4xx error body gives the service's fields", function()
  local a, e = interpret(400, '{"RequestId":"R2","HostId":"apigateway.cn-hangzhou.aliyuncs.com",' ..
    '"Code":"DomainAlreadyBind","Message":"taken\\nby another group","Recommend":"https://r"}')
  t.eq(a, nil)
  t.eq(e.code, "DomainAlreadyBind"); t.eq(e.message, "taken\nby another group")
  t.eq(e.request_id, "R2"); t.eq(e.host_id, "apigateway.cn-hangzhou.aliyuncs.com")
  t.eq(e.recommend, "https://r"); t.eq(e.http_status, 400); t.eq(e.kind, "client")
  t.eq(e.retry_after, nil)
  t.eq(well_formed(e), "SetDomain: DomainAlreadyBind: taken by another group (HTTP 400, RequestId R2)")
  -- lower-case spellings some gateways use
  _, e = interpret(404, '{"requestId":"r3","code":"NotFound","message":"gone"}')
  t.eq(e.code, "NotFound"); t.eq(e.request_id, "r3"); t.eq(e.message, "gone")
end)

t.case("an error body whose fields have other types: strings or nil, tostring works", function()
  local bodies = {
    '{"RequestId":{"a":1},"Code":"X","Message":"m"}',
    '{"RequestId":true,"Code":"X","Message":"m"}',
    '{"RequestId":[1,2],"HostId":false,"Recommend":{},"Code":"X","Message":"m"}',
    '{"Code":{"x":1},"Message":"m"}',
    '{"Code":true,"Message":false}',
    '{"Code":"X","Message":{"en":"english","zh":"chinese"}}',
    '{"Code":"X","Message":["a","b"],"RequestId":null}',
    '{"Code":[],"Message":null,"RequestId":[]}',
  }
  for _, body in ipairs(bodies) do
    local _, e = interpret(400, body)
    well_formed(e)
    t.eq(e.http_status, 400)
  end
  local _, e = interpret(400, '{"RequestId":{"a":1},"Code":{"x":1},"Message":"m"}')
  t.eq(e.request_id, nil); t.eq(e.code, "HTTP400")
  _, e = interpret(400, '{"RequestId":12345,"Code":"X","Message":7}')
  t.eq(e.request_id, "12345"); t.eq(e.message, "7")
  _, e = interpret(400, '{"Code":"X","Message":{"en":"english"}}')
  t.eq(e.message, '{"en":"english"}', "a structured message is shown as its JSON")
  _, e = interpret(503, '{"Code":true}')
  t.eq(e.code, "HTTP503"); t.eq(e.message, "HTTP status 503"); t.eq(e.kind, "server")
end)

t.case("a 4xx or 5xx whose body is not a JSON object", function()
  local _, e = interpret(502, "<html>Bad Gateway</html>", "1500")
  t.eq(e.code, "HTTP502"); t.eq(e.kind, "server"); t.eq(e.http_status, 502)
  t.eq(e.retry_after, 1500)
  t.match(e.message, "not JSON: <html>Bad Gateway</html>")
  _, e = interpret(503, "[1]")
  t.eq(e.code, "HTTP503")
  _, e = interpret(403, "\0\1\2 denied\n")
  t.eq(e.code, "InvalidResponse"); t.eq(e.kind, "network")
  t.eq(e.message:find("[%c]"), nil, "control characters are not echoed")
  local long = ("x"):rep(1000)
  _, e = interpret(400, long)
  t.truthy(#e.message < 200, "the body is cut to a snippet")
end)

t.case("a transport failure is a network error of the action", function()
  local _, e = interpret(nil, { code = "connect", message = "Connection refused", retryable = true })
  t.eq(e.code, "connect"); t.eq(e.kind, "network"); t.eq(e.action, "SetDomain")
  t.eq(e.retryable, true)
  well_formed(e)
end)

t.case("x-acs-retry-after is read as milliseconds, anything else ignored", function()
  local _, e = interpret(400, '{"Code":"Throttling.User","Message":"slow"}', "250")
  t.eq(e.retry_after, 250)
  _, e = interpret(400, '{"Code":"Throttling.User","Message":"slow"}', "soon")
  t.eq(e.retry_after, nil)
end)

t.case("the security token is masked whatever its encoding", function()
  t.eq(answer.mask_token("a&SecurityToken%3DTOK%26b"), "a&SecurityToken%3D***%26b")
  t.eq(answer.mask_token("x SecurityToken%3DTOK"), "x SecurityToken%3D***")
  t.eq(answer.mask_token("SecurityToken=TOK&x=1"), "SecurityToken=***&x=1")
  t.eq(answer.mask_token("x-acs-security-token:TOK\nhost:h"), "x-acs-security-token:***\nhost:h")
  local _, e = interpret(400, '{"Code":"InvalidParameter","Message":"bad SecurityToken=SECRETTOKEN"}')
  t.eq(e.message:find("SECRETTOKEN", 1, true), nil)
end)

t.case("SignatureDoesNotMatch: compares the strings to sign", function()
  local ours = "POST&%2F&AccessKeyId%3Dk%26SecurityToken%3DTOK%26Timestamp%3Dt"
  local body = '{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched ' ..
    'with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Dk%26SecurityToken%3DOTHER%26Timestamp%3Dt"}'
  local _, e = interpret(400, body, nil, nil, ours)
  t.match(e.message, "the strings to sign are equal, so the AccessKey secret is wrong")
  t.eq(e.message:find("TOK", 1, true), nil); t.eq(e.message:find("OTHER", 1, true), nil)
  _, e = interpret(400, body, nil, nil, "GET&%2F&x%3D1")
  t.match(e.message, "our string to sign differs: GET&%%2F&x%%3D1%]$")
  _, e = interpret(400, body) -- no string to sign of ours: no diagnostic
  t.eq(e.message:find("apigw-lua", 1, true), nil)
end)

t.case("InvalidTimeStamp: the server's Date beside the local UTC clock (injected)", function()
  local saved = answer.time
  answer.time = function() return 86400 + 3661 end
  local ok, err = pcall(function()
    local _, e = interpret(400, '{"Code":"InvalidTimeStamp.Expired","Message":"expired"}', nil,
      "Thu, 01 Jan 1970 00:00:00 GMT")
    t.eq(e.message, "expired [apigw-lua: server Date Thu, 01 Jan 1970 00:00:00 GMT, " ..
      "local UTC 1970-01-02T01:01:01Z: check the clock]")
    _, e = interpret(400, '{"Code":"InvalidTimeStamp.Expired","Message":"expired"}')
    t.eq(e.message, "expired", "no Date header: no diagnostic")
  end)
  answer.time = saved
  assert(ok, err)
end)

t.done()
