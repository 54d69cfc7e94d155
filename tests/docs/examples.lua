-- Runs every ```lua block of a Markdown file, in the file's order, against the emulator the
-- host embeds (apigw-lua --emulate, built-in seed), and reports each by file and line.
--   apigw-lua --emulate examples.lua DOC LABEL
-- LABEL is the name errors give the file (docs/lua-api.md). A block runs in its own
-- environment (globals it sets do not reach the next block) where `group` is the seed's demo
-- group, as the docs say; the emulator's state does carry over, so a block may use a domain an
-- earlier block bound. A block directly preceded by `<!-- not run: REASON -->` is skipped and
-- counted. Prints "ran N, skipped M, failed K" last; exits 1 when a block failed, a skip has
-- no reason, or the file has no block at all.
local path, label = arg[1], arg[2] or arg[1]
local f = assert(io.open(path, "r"))
local lines = {}
for l in f:lines() do lines[#lines + 1] = l end
f:close()

local DEMO_GROUP = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903" -- apigw-emulator --print-seed

local blocks, i = {}, 1
while i <= #lines do
  local indent = lines[i]:match("^(%s*)```lua%s*$")
  if indent then
    local b = { line = i + 1, code = {} }
    local prev = lines[i - 1] or ""
    local reason = prev:match("^%s*<!%-%- not run:(.-)%-%->%s*$")
    if reason then b.skip = reason:match("^%s*(.-)%s*$") end
    if prev:match("^%s*<!%-%- not run") and not reason then b.bad = "a malformed 'not run' comment" end
    i = i + 1
    while i <= #lines and not lines[i]:match("^%s*```%s*$") do
      -- an indented fence (in a list item) indents its code the same
      b.code[#b.code + 1] = lines[i]:sub(1, #indent) == indent and lines[i]:sub(#indent + 1) or lines[i]
      i = i + 1
    end
    if i > #lines then b.bad = "no closing fence" end
    blocks[#blocks + 1] = b
  end
  i = i + 1
end

local ran, skipped, failed = 0, 0, 0
local function fail(b, why)
  failed = failed + 1
  print(("FAIL %s:%d: %s"):format(label, b.line - 1, why))
end
for _, b in ipairs(blocks) do
  if b.bad then
    fail(b, b.bad)
  elseif b.skip then
    if b.skip == "" then
      fail(b, "'not run' without a reason")
    else
      skipped = skipped + 1
      print(("skip %s:%d: %s"):format(label, b.line - 1, b.skip))
    end
  else
    -- leading newlines make the chunk's line numbers the file's
    local code = string.rep("\n", b.line - 1) .. table.concat(b.code, "\n") .. "\n"
    local env = setmetatable({ group = DEMO_GROUP }, { __index = _G })
    local fn, why = load(code, "@" .. label, "t", env)
    if not fn then
      fail(b, "does not compile: " .. why)
    else
      local ok, err = xpcall(fn, function(e)
        -- name the block's line that raised (a service error carries none of its own)
        for level = 2, 50 do
          local info = debug.getinfo(level, "Sl")
          if not info then break end
          if info.source == "@" .. label and info.currentline > 0 then
            return ("line %d: %s"):format(info.currentline, tostring(e))
          end
        end
        return debug.traceback(tostring(e), 2)
      end)
      if ok then
        ran = ran + 1
        print(("ok   %s:%d"):format(label, b.line - 1))
      else
        fail(b, err)
      end
    end
  end
end
if #blocks == 0 then
  print(("FAIL %s: no ```lua block"):format(label))
  failed = failed + 1
end
print(("%s: ran %d, skipped %d, failed %d"):format(label, ran, skipped, failed))
os.exit(failed == 0 and 0 or 1)
