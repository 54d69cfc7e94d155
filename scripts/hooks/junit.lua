-- junit.lua: a JUnit XML report of the run, one <testcase> per call, for CI systems to
-- show: named by action and DomainName (or GroupId), its time, and for a failed call a
-- <failure> with the error code and message. Written when the run ends, to
-- APIGW_JUNIT_FILE (default apigw-junit.xml). Load it before hooks that refuse calls (guard.lua),
-- so that a refused call's testcase is named by its parameters too.
local path = os.getenv("APIGW_JUNIT_FILE")
if path == nil then path = "apigw-junit.xml" end
if path == "" then error("APIGW_JUNIT_FILE is set but empty", 0) end
local cases = {}

local function xml(s)
  s = tostring(s):gsub("[%z\1-\8\11\12\14-\31]", "?")
  return (s:gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;" }))
end

return {
  id = "junit",
  call = function(e)
    local p = e.params
    e.ctx.junit_name = e.action .. " " .. tostring(p.DomainName or p.GroupId or "")
  end,
  done = function(e)
    local err = e.error
    cases[#cases + 1] = {
      name = e.ctx.junit_name or e.action, action = e.action, time = e.ms / 1000,
      code = err and err.code, message = err and tostring(err), attempts = e.attempts,
      dry_run = e.dry_run,
    }
  end,
  finish = function(e)
    local failures, total = 0, 0
    for _, c in ipairs(cases) do
      if c.code then failures = failures + 1 end
      total = total + c.time
    end
    local out = { '<?xml version="1.0" encoding="UTF-8"?>',
      ('<testsuites tests="%d" failures="%d" errors="0" time="%.3f">'):format(#cases, failures, e.summary.elapsed),
      ('  <testsuite name="apigw-lua" tests="%d" failures="%d" errors="0" skipped="0" time="%.3f">'):format(
        #cases, failures, total) }
    for _, c in ipairs(cases) do
      local open = ('    <testcase classname="apigw.%s" name="%s" time="%.3f"'):format(xml(c.action), xml(c.name), c.time)
      if c.code then
        out[#out + 1] = open .. ">"
        out[#out + 1] = ('      <failure type="%s" message="%s">%s (%d attempts)</failure>'):format(
          xml(c.code), xml(c.message), xml(c.message), c.attempts)
        out[#out + 1] = "    </testcase>"
      else
        out[#out + 1] = open .. "/>"
      end
    end
    out[#out + 1] = "  </testsuite>"
    out[#out + 1] = "</testsuites>"
    local f = assert(io.open(path, "w"))
    f:write(table.concat(out, "\n"), "\n")
    f:close()
  end,
}
