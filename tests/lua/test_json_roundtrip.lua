-- apigw.json: decode(encode(v)) is v (same types, same bits) for generated values.
--   apigw-lua test_json_roundtrip.lua TESTLIB JSONDIR [SEED [COUNT]]
-- JSONDIR holds canon.lua and gen.lua (tests/json). A failure prints the seed: rerun with it.
local t = dofile(arg[1])
local dir = arg[2]
local seed = math.tointeger(tonumber(arg[3] or "")) or 20240701
local count = math.tointeger(tonumber(arg[4] or "")) or 5000
local json = apigw.json
local canon = dofile(dir .. "/canon.lua")(json)
local G = dofile(dir .. "/gen.lua")(json, seed)
print(("seed %d, %d values"):format(seed, count))

local function short(s) return ("%q"):format(#s > 160 and s:sub(1, 160) .. "..." or s) end

local function roundtrip(v, what)
  local ok, s = pcall(json.encode, v)
  if not ok then error(what .. ": encode raised: " .. tostring(s), 0) end
  local ok2, w = pcall(json.decode, s)
  if not ok2 then error(what .. ": decode raised: " .. tostring(w) .. " on " .. short(s), 0) end
  local a, b = canon(v), canon(w)
  if a ~= b then
    error(("%s: %s came back as %s, not %s"):format(what, short(s), short(b), short(a)), 0)
  end
end

t.case("every integer edge: 0, +-2^k +-1, +-10^k +-1, mininteger, maxinteger", function()
  for _, i in ipairs(G.int_edges) do
    roundtrip(i, tostring(i)); roundtrip({ i }, tostring(i)); roundtrip({ k = i }, tostring(i))
  end
end)

t.case("float edges: subnormals, -0.0, DBL_MAX, integral floats, 2^53 + 2", function()
  for _, x in ipairs(G.float_edges) do
    roundtrip(x, ("%a"):format(x)); roundtrip({ x, -x }, ("%a"):format(x))
  end
end)

t.case("every byte, alone and together, in a string and in a key", function()
  local all = {}
  for b = 0, 255 do
    local c = string.char(b)
    all[#all + 1] = c
    roundtrip(c, "byte " .. b); roundtrip({ [c] = c }, "key byte " .. b)
    roundtrip({ ["a" .. c .. "\0z"] = { c } }, "key byte " .. b)
  end
  local s = table.concat(all)
  roundtrip(s, "all bytes"); roundtrip({ [s] = s }, "all bytes as a key")
  roundtrip("", "empty string"); roundtrip({ [""] = "" }, "empty key")
end)

t.case(("%d random scalars"):format(6 * count), function()
  for i = 1, 6 * count do
    local k = i % 3
    local v = k == 0 and G.integer() or k == 1 and G.float() or G.string()
    roundtrip(v, "scalar " .. i)
  end
end)

t.case(("%d generated nested values"):format(count), function()
  for i = 1, count do roundtrip(G.value(), "value " .. i) end
end)

t.case(("%d numerals decode as tonumber reads them (type and bits)"):format(6 * count), function()
  local R = math.random
  local function digits(n)
    local d = {}
    for i = 1, n do d[i] = R(0, 9) end
    return table.concat(d)
  end
  for i = 1, 6 * count do
    local int = R(3) == 1 and "0" or tostring(R(1, 9)) .. digits(R(0, R(2) == 1 and 19 or 30))
    local s = (R(2) == 1 and "-" or "") .. int
    if R(2) == 1 then s = s .. "." .. digits(R(1, 20)) end
    if R(2) == 1 then s = s .. (R(2) == 1 and "e" or "E") .. ({ "", "+", "-" })[R(3)] .. R(0, 330) end
    local want = tonumber(s)
    local ok, got = pcall(json.decode, "[" .. s .. "]")
    if want == math.huge or want == -math.huge then
      t.eq(ok, false, s)
    else
      t.eq(ok, true, s)
      got = got[1]
      t.eq(math.type(got), math.type(want), s)
      if math.type(want) == "integer" then
        t.eq(got, want, s)
      else
        t.eq(string.pack("<d", got), string.pack("<d", want), s)
      end
    end
    if i == 1 then print("  e.g. " .. s) end
  end
end)

t.case("nesting to the limit: 1000 levels of arrays and of objects", function()
  local a, o = {}, {}
  local ca, co = a, o
  for _ = 1, 999 do
    ca[1] = {}; ca = ca[1]
    co[G.string()] = {}; co = select(2, next(co))
  end
  ca[1] = math.mininteger; co.x = -0.0
  roundtrip(a, "1000 arrays"); roundtrip(o, "1000 objects")
end)

t.done()
