-- The run's drift count: how many changes the playbook's plans found to make. apigw.plan
-- adds each plan's `changes` here; the host reads count() at the end of the run and, under
-- --detailed-exitcode, exits 4 when it is above 0 and the playbook otherwise succeeded.
-- One count per Lua state (the module is loaded once per state), never reset during a run.
local Error = require "apigw.error"

local D = {}

local total = 0

-- drift.note(n): adds n (a whole number >= 0) to the run's drift count; anything else
-- raises InvalidParameter naming what was given, so that a bad count is never taken as 0.
function D.note(n)
  local i = math.type(n) and math.tointeger(n)
  if not i then
    local what
    if type(n) ~= "number" then what = type(n)
    elseif n ~= n then what = "nan"
    else what = tostring(n) end
    Error.raise_client(nil, "InvalidParameter",
      "apigw.drift.note: expected a whole number of changes >= 0, got " .. what)
  end
  if i < 0 then
    Error.raise_client(nil, "InvalidParameter",
      "apigw.drift.note: expected a whole number of changes >= 0, got " .. i)
  end
  if i > math.maxinteger - total then
    Error.raise_client(nil, "InvalidParameter", "apigw.drift.note: the drift count would overflow")
  end
  total = total + i
  return total
end

-- drift.count() -> the run's drift count so far
function D.count()
  return total
end

return D
