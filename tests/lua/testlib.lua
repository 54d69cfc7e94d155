-- A tiny test harness for specs run by apigw-lua itself.
--   local t = dofile(TESTLIB) ; t.case("name", function() t.eq(a, b) end) ; t.done()
local T = { passed = 0, failed = 0 }

local function fmt(v)
  if type(v) == "string" then return ("%q"):format(v) end
  return tostring(v)
end

function T.case(name, fn)
  local ok, err = pcall(fn)
  if ok then
    T.passed = T.passed + 1
    print("ok   " .. name)
  else
    T.failed = T.failed + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end

function T.eq(got, want, what)
  if got ~= want then
    error(("%sexpected %s, got %s"):format(what and (what .. ": ") or "", fmt(want), fmt(got)), 2)
  end
end

function T.truthy(v, what)
  if not v then error((what or "expected a true value") .. ", got " .. fmt(v), 2) end
end

function T.match(s, pattern, what)
  if type(s) ~= "string" or not s:find(pattern) then
    error(("%s%s does not match %s"):format(what and (what .. ": ") or "", fmt(s), fmt(pattern)), 2)
  end
end

-- Calls fn and returns the apigw.Error it raises; fails if it raises nothing or
-- something else, or (when given) a different code.
function T.raises(fn, code)
  local ok, err = pcall(fn)
  if ok then error("expected an error" .. (code and (" " .. code) or "") .. ", got none", 2) end
  if not apigw.Error.is(err) then error("expected an apigw.Error, got " .. fmt(err), 2) end
  if code and err.code ~= code then
    error(("expected error code %s, got %s (%s)"):format(code, fmt(err.code), tostring(err)), 2)
  end
  return err
end

function T.done()
  print(("%d passed, %d failed"):format(T.passed, T.failed))
  if T.failed > 0 then os.exit(1) end
end

return T
