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

t.case("integers beyond 64 bits decode as floats, as tonumber reads them", function()
  local v = json.decode('[123456789012345678901234567890, 9223372036854775808, -9223372036854775809]')
  t.eq(math.type(v[1]), "float"); t.eq(v[1], 123456789012345678901234567890)
  t.eq(math.type(v[2]), "float"); t.eq(v[2], 2^63)
  t.eq(math.type(v[3]), "float"); t.eq(v[3], -2^63)
  t.eq(json.decode("-9223372036854775808"), math.mininteger)
  t.eq(math.type(json.decode("-9223372036854775808")), "integer")
end)

t.case("a number beyond a double's range is refused, not made infinite", function()
  for _, s in ipairs{ "[1e400]", "[-1e400]", "1" .. ("0"):rep(400) } do
    local ok, err = pcall(json.decode, s)
    t.eq(ok, false, s); t.match(err, "out of range", s)
  end
  t.eq(json.decode("[1e-400]")[1], 0.0) -- underflow is the nearest double, as strtod gives
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

-- Issue 7: the marker-string scheme ("\0I<digits>") let string contents pass for numbers.
t.case("issue 7: a string that looks like the old marker stays a string", function()
  -- one document each: the old scan skipped its rewrite when any long digit run was in a string
  t.eq(json.decode('["\\u0000I5"]')[1], "\0I5")
  t.eq(json.decode('["\\u0000I0x10", 1]')[1], "\0I0x10")
  t.eq(json.decode('"\\u0000I12"'), "\0I12")
  t.eq(json.decode('{"k": "\\u0000I12345678901234567890", "n": 12345678901234567890}').k,
       "\0I12345678901234567890")
end)

t.case("issue 7: an encoded string cannot inject structure", function()
  local s = json.encode{ "\0I1,2,[3]", 1 << 60 }
  t.eq(s, '["\\u0000I1,2,[3]",1152921504606846976]')
  local v = json.decode(s)
  t.eq(#v, 2); t.eq(v[1], "\0I1,2,[3]"); t.eq(v[2], 1 << 60)
  s = json.encode{ a = "\0Ix", b = 1 << 60 }
  v = json.decode(s) -- raised before: the output was not JSON
  t.eq(v.a, "\0Ix"); t.eq(v.b, 1 << 60)
end)

t.case("issue 7: a number is not an object key", function()
  for _, s in ipairs{ '{12345678901234567890:1}', '{1:1}', '{"a":1, 2:2}' } do
    local ok, err = pcall(json.decode, s)
    t.eq(ok, false, s); t.match(err, "^apigw%.json%.decode: ", s)
  end
end)

t.case("issue 7: a cycle is refused at once, naming where", function()
  local c = {} c[1] = c c[2] = c
  local t0 = os.clock()
  local ok, err = pcall(json.encode, c)
  t.eq(ok, false); t.match(err, "cycle", "message")
  t.match(err, "%$%[1%]", "path")
  t.truthy(os.clock() - t0 < 0.5, "fast")
  local d = { x = { y = {} } } d.x.y.z = d.x
  ok, err = pcall(json.encode, d)
  t.eq(ok, false); t.match(err, "%$%.x%.y%.z", "path")
end)

t.case("nesting deeper than 1000 is refused on both sides, naming the depth", function()
  local deep = {} local cur = deep
  for _ = 1, 1000 do cur[1] = {} cur = cur[1] end
  local ok, err = pcall(json.encode, deep)
  t.eq(ok, false); t.match(err, "1000", "depth")
  ok, err = pcall(json.decode, ("["):rep(1001) .. ("]"):rep(1001))
  t.eq(ok, false); t.match(err, "^apigw%.json%.decode: ")
  t.truthy(json.decode(("["):rep(1000) .. ("]"):rep(1000)), "1000 levels")
end)

t.case("floats round-trip exactly (not cjson's 14 digits)", function()
  for _, x in ipairs{ 0.1, 1 / 3, 2 ^ -1074, 2.2250738585072009e-308, 1.7976931348623157e308,
                      123456789.12345679, -0.0, 5.0, 1e15, 1e16, 2 ^ 63 } do
    local s = json.encode(x)
    local y = json.decode(s)
    t.eq(math.type(y), "float", s)
    t.eq(string.pack("<d", y), string.pack("<d", x), s)
  end
  t.eq(json.encode(0.1), "0.1"); t.eq(json.encode(5.0), "5.0"); t.eq(json.encode(-0.0), "-0.0")
  t.eq(json.encode(1e300), "1e+300")
end)

t.case("integral floats stay floats, integers stay integers", function()
  local v = json.decode("[1.0, 1, -0, -0.0, 1e2, 1E+2]")
  t.eq(math.type(v[1]), "float"); t.eq(math.type(v[2]), "integer")
  t.eq(math.type(v[3]), "integer"); t.eq(v[3], 0)
  t.eq(math.type(v[4]), "float"); t.eq(1 / v[4], -math.huge)
  t.eq(math.type(v[5]), "float"); t.eq(v[6], 100.0)
end)

t.case("every 64-bit integer edge encodes and decodes exactly", function()
  for _, i in ipairs{ math.mininteger, math.maxinteger, math.mininteger + 1, math.maxinteger - 1,
                      0, -1, 1, (1 << 53) + 1, -(1 << 53) - 1, 99999999999999, 100000000000000 } do
    local s = json.encode(i)
    t.eq(s, ("%d"):format(i))
    local j = json.decode(s)
    t.eq(math.type(j), "integer", s); t.eq(j, i, s)
  end
end)

t.case("what is not JSON is refused with apigw.json.decode's name", function()
  for _, s in ipairs{ "[1]\0x", '["a\1b"]', '["a\tb"]', "[1.]", "[-.5]", "[01]", "[+1]", "[0x10]",
                      "[NaN]", "[Infinity]", "[-Infinity]", '["\\ud800"]', '["\\udc00x"]',
                      "\239\187\191[1]", "\f[1]", "", "[1,]", "{\"a\":1,}" } do
    local ok, err = pcall(json.decode, s)
    t.eq(ok, false, ("%q"):format(s)); t.match(err, "^apigw%.json%.decode: ", ("%q"):format(s))
  end
end)

t.case("encode refuses what JSON cannot hold", function()
  for what, v in pairs{ nan = { 0 / 0 }, inf = { x = math.huge }, fn = { print },
                        key = { [true] = 1 }, sparse = { [1] = 1, [100] = 2 } } do
    local ok, err = pcall(json.encode, v)
    t.eq(ok, false, what); t.match(err, "^apigw%.json%.encode: ", what)
  end
end)

t.case("version is a string", function()
  t.match(apigw.version, "^%d+%.%d+%.%d+$")
end)

t.case("encode writes / plainly, as Python's json.dumps does (lua-cjson 2.1.0 writes \\/)", function()
  t.eq(json.encode("https://a.example.com/x"), '"https://a.example.com/x"')
  t.eq(json.encode{ action = "-/+" }, '{"action":"-/+"}')
  t.eq(json.encode{ ["a/b"] = 1 }, '{"a/b":1}') -- keys too
  -- a backslash before a slash: the backslash is escaped, the slash is not
  t.eq(json.encode("\\/"), '"\\\\/"')
  -- the other escapes are unchanged: quote, backslash, \b \t \n \f \r, \u00xx, DEL
  t.eq(json.encode('"\\\b\t\n\f\r\0\1\31\127 \128\255'),
    '"\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u0001\\u001f\\u007f \128\255"')
  -- every byte reads back as itself
  local all = {}
  for i = 0, 255 do all[#all + 1] = string.char(i) end
  all = table.concat(all)
  t.eq(json.decode(json.encode(all)), all)
  t.eq(select(2, json.encode(all):gsub("\\/", "")), 0)
end)

t.done()
