-- The apigw side of differential.py: decodes every document of a batch file and writes one
-- line per document: "ok <canonical value>" or "err <message>".
--   apigw-lua decode_all.lua JSONDIR BATCH OUT
-- BATCH is a run of "<byte count>\n<bytes>" records.
local canon = dofile(arg[1] .. "/canon.lua")(apigw.json)
local f = assert(io.open(arg[2], "rb"))
local data = f:read("a")
f:close()
local out = assert(io.open(arg[3], "wb"))
local pos = 1
while pos <= #data do
  local len, body = data:match("^(%d+)\n()", pos)
  assert(len, "bad batch file")
  local doc = data:sub(body, body + tonumber(len) - 1)
  pos = body + tonumber(len)
  local ok, v = pcall(apigw.json.decode, doc)
  if ok then
    out:write("ok ", canon(v), "\n")
  else
    out:write("err ", (tostring(v):gsub("[\r\n]", " ")), "\n")
  end
end
out:close()
