-- A canonical text for a decoded JSON value, the same one tests/json/differential.py computes
-- from Python's json: equal texts mean equal values, number types and bits included.
--   n t f            null true false          e          an empty table ([] or {})
--   i<decimal>       an integer               d<16 hex>  a float's IEEE bits (-0.0 differs)
--   s<hex>           a string's bytes         [a,b]      an array
--   {<hex key>:v,...} an object, keys in byte order
return function(json)
  local function hex(s)
    local out = {}
    for i = 1, #s, 1024 do
      local part = s:sub(i, i + 1023)
      out[#out + 1] = ("%02x"):rep(#part):format(part:byte(1, -1))
    end
    return table.concat(out)
  end
  local function canon(v)
    if v == json.null then return "n" end
    local ty = type(v)
    if ty == "boolean" then return v and "t" or "f" end
    if ty == "number" then
      if math.type(v) == "integer" then return ("i%d"):format(v) end
      return "d" .. hex(string.pack(">d", v))
    end
    if ty == "string" then return "s" .. hex(v) end
    if ty ~= "table" then error("canon: unexpected " .. ty) end
    if next(v) == nil then return "e" end
    local out = {}
    if v[1] ~= nil then
      local n = 0
      for _ in pairs(v) do n = n + 1 end
      for i = 1, n do
        if v[i] == nil then error("canon: an array with a hole") end
        out[i] = canon(v[i])
      end
      return "[" .. table.concat(out, ",") .. "]"
    end
    for k, x in pairs(v) do
      if type(k) ~= "string" then error("canon: a key that is a " .. type(k)) end
      out[#out + 1] = hex(k) .. ":" .. canon(x)
    end
    table.sort(out) -- any fixed order will do: Python sorts the same ASCII texts alike
    return "{" .. table.concat(out, ",") .. "}"
  end
  return canon
end
