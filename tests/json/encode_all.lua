-- The apigw side of differential.py's encode check: writes COUNT generated values (gen.lua)
-- as "<byte count>\n<apigw.json.encode(v)>\n<canonical value>\n" records, for Python's json
-- to read back.
--   apigw-lua encode_all.lua JSONDIR SEED COUNT OUT
local dir, seed, count = arg[1], math.tointeger(tonumber(arg[2])), math.tointeger(tonumber(arg[3]))
local json = apigw.json
local canon = dofile(dir .. "/canon.lua")(json)
local G = dofile(dir .. "/gen.lua")(json, seed)
local out = assert(io.open(arg[4], "wb"))
local function one(v)
  local s = json.encode(v)
  out:write(#s, "\n", s, "\n", canon(v), "\n")
end
for _, i in ipairs(G.int_edges) do one(i) end
for _, x in ipairs(G.float_edges) do one(x) end
for b = 0, 255 do one({ [string.char(b)] = string.char(b) }) end
for _ = 1, count do one(G.value()) end
out:close()
