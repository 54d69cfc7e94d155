-- docs/declarative.md's worked example, run as the doc shows it: the live state it describes
-- is made first, then its Lua block runs and what it prints must be the block between the
-- "example output" markers, byte for byte.
--   apigw-lua --emulate docs_example.lua DOC
local f = assert(io.open(arg[1], "r"))
local doc = f:read("a")
f:close()
local section = assert(doc:match("### A worked example(.-)\n## "), "no worked example section")
local code = assert(section:match("```lua\n(.-)```"), "no Lua block in the example")
local want = assert(section:match("<!%-%- BEGIN example output %-%->\n```\n(.-)```\n<!%-%- END example output %-%->"),
                    "no output block between the markers")

local G1 = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"
for _, d in ipairs{ "api.example.com", "y.demo.example.com", "api.example.org" } do
  apigw.set_domain{ GroupId = G1, DomainName = d }
end
apigw.set_domain{ GroupId = G1, DomainName = "x.demo.example.com", BindStageName = "TEST" }

local out = {}
local env = setmetatable({ print = function(...)
  local parts = table.pack(...)
  for i = 1, parts.n do parts[i] = tostring(parts[i]) end
  out[#out + 1] = table.concat(parts, "\t") .. "\n"
end }, { __index = _G })
assert(load(code, "=docs/declarative.md", "t", env))()
local got = table.concat(out)
if got ~= want then
  io.stderr:write("FAIL the worked example's output differs from docs/declarative.md\n--- doc\n", want, "--- got\n", got)
  os.exit(1)
end
print("ok   the worked example prints what docs/declarative.md shows")
