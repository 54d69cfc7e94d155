-- apigw.json: integers stay integers (lua-cjson alone returns floats under Lua 5.4).
local t = dofile(arg[1])
local json = apigw.json

t.case("small integers decode as Lua integers", function()
  local v = json.decode('{"a": 1, "b": -42, "c": [0, 7]}')
  t.eq(math.type(v.a), "integer"); t.eq(v.a, 1)
  t.eq(math.type(v.b), "integer"); t.eq(v.b, -42)
  t.eq(math.type(v.c[1]), "integer"); t.eq(math.type(v.c[2]), "integer")
end)

t.case("integers above 2^53 keep every digit", function()
  local v = json.decode('{"big": 9007199254740993, "neg": -9007199254740993, "max": 9223372036854775807}')
  t.eq(math.type(v.big), "integer"); t.eq(v.big, 9007199254740993)
  t.eq(v.neg, -9007199254740993)
  t.eq(v.max, math.maxinteger)
end)

t.case("epoch milliseconds (CertificateValidEnd) are exact integers", function()
  local v = json.decode('{"CertificateValidEnd": 1735689599000}')
  t.eq(math.type(v.CertificateValidEnd), "integer"); t.eq(v.CertificateValidEnd, 1735689599000)
end)

t.case("integers beyond 64 bits come back as their digits", function()
  local v = json.decode('[123456789012345678901234567890]')
  t.eq(v[1], "123456789012345678901234567890")
end)

t.case("fractions stay floats", function()
  local v = json.decode('[1.5, 2.25e3, 0.1]')
  t.eq(math.type(v[1]), "float"); t.eq(v[1], 1.5)
  t.eq(math.type(v[3]), "float")
end)

t.case("digits inside strings are untouched", function()
  local v = json.decode('{"s": "12345678901234567890", "t": "say \\"12345678901234567\\""}')
  t.eq(v.s, "12345678901234567890"); t.eq(math.type(v.s), nil)
  t.eq(v.t, 'say "12345678901234567"')
end)

t.case("top-level numbers", function()
  t.eq(math.type(json.decode("5")), "integer")
  t.eq(json.decode("9007199254740993"), 9007199254740993)
end)

t.case("encode writes big integers exactly", function()
  local s = json.encode({ n = 9007199254740993, list = { 1, 1735689599000 } })
  t.match(s, '"n":9007199254740993')
  t.match(s, "%[1,1735689599000%]")
  t.eq(json.decode(s).n, 9007199254740993)
end)

t.case("round trip keeps types", function()
  local v = json.decode(json.encode({ a = 1, b = "x", c = true, d = { 2, 3 } }))
  t.eq(v.a, 1); t.eq(math.type(v.a), "integer"); t.eq(v.b, "x"); t.eq(v.c, true); t.eq(v.d[2], 3)
end)

t.case("invalid JSON raises", function()
  local ok = pcall(json.decode, "{not json")
  t.eq(ok, false)
end)

t.case("version is a string", function()
  t.match(apigw.version, "^%d+%.%d+%.%d+$")
end)

t.done()
