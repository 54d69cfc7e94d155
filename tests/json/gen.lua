-- Seeded generator of Lua values that JSON can hold, for the round-trip tests: strings and
-- keys of any bytes (NUL, quotes, backslashes, control bytes, invalid UTF-8), every kind of
-- 64-bit integer, floats of every kind but NaN and infinities (subnormals, -0.0, integral
-- ones), booleans, apigw.json.null, arrays, objects, the empty table, nested.
--   local gen = dofile("gen.lua")(apigw.json, seed) ; local v = gen.value()
return function(json, seed)
  math.randomseed(seed)
  local R = math.random
  local G = {}

  local special = { 0, 1, 8, 9, 10, 12, 13, 31, 34, 47, 92, 127, 128, 191, 192, 237, 255 }
  local utf8s = { "é", "€", "𐀀", "\u{FEFF}", "\u{2028}", "\xed\xa0\x80" --[[a surrogate, as bytes]] }
  function G.string()
    local n = R(6) == 1 and R(0, 300) or R(0, 12)
    local out = {}
    for i = 1, n do
      local k = R(10)
      if k <= 3 then out[i] = string.char(R(0, 255))
      elseif k <= 6 then out[i] = string.char(special[R(#special)])
      elseif k <= 8 then out[i] = string.char(R(0x61, 0x7a))
      else out[i] = utf8s[R(#utf8s)] end
    end
    return table.concat(out)
  end

  local int_edges = { 0, 1, -1, math.maxinteger, math.mininteger, math.maxinteger - 1,
                      math.mininteger + 1 }
  for k = 0, 62 do
    for _, d in ipairs{ -1, 0, 1 } do
      int_edges[#int_edges + 1] = (1 << k) + d
      int_edges[#int_edges + 1] = -(1 << k) + d
    end
  end
  local p = 1
  for _ = 0, 18 do
    for _, d in ipairs{ -1, 0, 1 } do
      int_edges[#int_edges + 1] = p + d
      int_edges[#int_edges + 1] = -p + d
    end
    p = p * 10
  end
  G.int_edges = int_edges
  function G.integer()
    local k = R(4)
    if k == 1 then return int_edges[R(#int_edges)] end
    if k == 2 then return R(-1000, 1000) end
    if k == 3 then return R(0) >> R(0, 63) end -- every magnitude
    return R(0) -- all 64 bits
  end

  local float_edges = { 0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1 / 3, 2 ^ -1074, -2 ^ -1074,
                        2.2250738585072009e-308, 2.2250738585072014e-308, 1.7976931348623157e308,
                        -1.7976931348623157e308, 2 ^ 53, 2 ^ 53 + 2, 2 ^ 63, -2 ^ 63, 2 ^ 64, 1e15,
                        1e16, 1e21, 1e22, 5e-324, 123456789.125, 9007199254740993.0 }
  G.float_edges = float_edges
  local function from_bits(i) return (string.unpack("<d", string.pack("<i8", i))) end
  function G.float()
    local k = R(6)
    if k == 1 then return float_edges[R(#float_edges)] end
    if k == 2 then return (R() - 0.5) * 10.0 ^ R(-30, 30) end
    if k == 3 then return from_bits(R(0) & 0x800FFFFFFFFFFFFF) end -- subnormal (or zero)
    if k == 4 then return R(-100000, 100000) + 0.0 end              -- integral floats
    local x
    repeat x = from_bits(R(0)) until x == x and x ~= math.huge and x ~= -math.huge
    return x
  end

  function G.scalar()
    local k = R(12)
    if k <= 3 then return G.string() end
    if k <= 6 then return G.integer() end
    if k <= 9 then return G.float() end
    if k == 10 then return R(2) == 1 end
    return json.null
  end

  function G.value(depth)
    depth = depth or 0
    local k = R(10)
    if depth >= 5 or k <= 5 then return G.scalar() end
    if k == 6 then return {} end
    local t, n = {}, R(1, 6)
    if k <= 8 then
      for i = 1, n do t[i] = G.value(depth + 1) end
    else
      for _ = 1, n do t[G.string()] = G.value(depth + 1) end
    end
    return t
  end

  return G
end
