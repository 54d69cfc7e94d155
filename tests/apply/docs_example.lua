-- docs/declarative.md's worked example, applied: the live state the plan's example describes
-- is made, the plan example's Lua block runs, then the Lua block of "The worked example,
-- applied"; what the latter prints must be its block between the "apply output" markers.
--   apigw-lua --emulate docs_example.lua DOC
local f = assert(io.open(arg[1], "r"))
local doc = f:read("a")
f:close()
local section = assert(doc:match("### A worked example(.-)\n## "), "no worked example section")
local plan_code = assert(section:match("```lua\n(.-)```"), "no Lua block in the example")
local mine = assert(doc:match("### The worked example, applied(.-)\n## "), "no applied example section")
local code = assert(mine:match("```lua\n(.-)```"), "no Lua block in the applied example")
local want = assert(mine:match("<!%-%- BEGIN apply output %-%->\n```\n(.-)```\n<!%-%- END apply output %-%->"),
                    "no output block between the markers")

local G1 = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"
for _, d in ipairs{ "api.example.com", "y.demo.example.com", "api.example.org" } do
  apigw.set_domain{ GroupId = G1, DomainName = d }
end
apigw.set_domain{ GroupId = G1, DomainName = "x.demo.example.com", BindStageName = "TEST" }

local out = {}
local capture = false
local env = setmetatable({ print = function(...)
  if not capture then return end
  local parts = table.pack(...)
  for i = 1, parts.n do parts[i] = tostring(parts[i]) end
  out[#out + 1] = table.concat(parts, "\t") .. "\n"
end, start_capture = function() capture = true end }, { __index = _G })
-- one chunk: the applied example goes on where the plan's example ends (its locals in scope)
assert(load(plan_code .. "\nstart_capture()\n" .. code, "=docs/declarative.md", "t", env))()
local got = table.concat(out)
if got ~= want then
  io.stderr:write("FAIL the applied example's output differs from docs/declarative.md\n--- doc\n", want, "--- got\n", got)
  os.exit(1)
end
print("ok   the applied example prints what docs/declarative.md shows")
