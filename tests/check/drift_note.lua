-- apigw.drift on its own: note adds whole numbers >= 0, count reads the total, and every
-- bad input raises InvalidParameter naming what was given (never taken as 0).
local t = dofile(arg[1])
local drift = require "apigw.drift"

t.case("starts at 0", function()
  t.eq(drift.count(), 0)
end)

t.case("note adds, count reads", function()
  t.eq(drift.note(0), 0)
  t.eq(drift.note(3), 3)
  t.eq(drift.note(2.0), 5)
  t.eq(drift.count(), 5)
  t.eq(math.type(drift.count()), "integer")
end)

for _, c in ipairs{
  { v = -1, says = "got %-1" }, { v = 1.5, says = "got 1%.5" }, { v = 0 / 0, says = "got nan" },
  { v = math.huge, says = "got inf" }, { v = "3", says = "got string" }, { v = nil, says = "got nil" },
  { v = {}, says = "got table" }, { v = true, says = "got boolean" },
} do
  t.case("note(" .. tostring(c.v) .. ") raises", function()
    local err = t.raises(function() drift.note(c.v) end, "InvalidParameter")
    t.match(err.message, "^apigw%.drift%.note: expected a whole number of changes >= 0, " .. c.says)
    t.eq(err.kind, "client")
    t.match(err.where or "", "drift_note%.lua:%d+$", "where")
  end)
end

t.case("a refused note leaves the count alone", function()
  t.eq(drift.count(), 5)
end)

t.case("overflow refused", function()
  local err = t.raises(function() drift.note(math.maxinteger) end, "InvalidParameter")
  t.match(err.message, "overflow")
  t.eq(drift.count(), 5)
end)

t.done()
