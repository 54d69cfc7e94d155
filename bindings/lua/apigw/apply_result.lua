-- What plan:apply returns (docs/declarative.md, "Apply"): one record per plan entry, in the
-- plan's order, each ok, changed, failed or skipped; the counts; and the human view, ending
-- with "Apply: 3 changed, 1 ok, 0 failed, 1 skipped (1 blocked, 0 stale)."
local R = {}
R.__index = R
R.__name = "apigw.ApplyResult"

local FIELDS = { "index", "group", "domain", "action", "status", "error", "reason", "steps", "check",
                 "unverified", "note", "pruned" }

-- records: apigw.apply's, in plan order; calls: {reads =, writes =}.
function R.new(records, calls)
  local counts = { ok = 0, changed = 0, failed = 0, skipped = 0, blocked = 0, stale = 0 }
  local entries = {}
  for i, r in ipairs(records) do
    local e = {}
    for _, k in ipairs(FIELDS) do e[k] = r[k] end
    if r.blocked then e.blocked = true; counts.blocked = counts.blocked + 1 end
    if r.stale then e.stale = true; counts.stale = counts.stale + 1 end
    counts[e.status] = counts[e.status] + 1
    entries[i] = e
  end
  return setmetatable({ entries = entries, counts = counts, ok = counts.failed == 0,
                        calls = { reads = calls.reads, writes = calls.writes } }, R)
end

local function line(e)
  local status = e.status
  if e.check then status = status .. " (check)" end
  local s = ("%-16s %-3s %s  (group %s)"):format(status, e.action, e.domain, e.group)
  if e.status == "failed" then
    s = s .. ": " .. tostring(e.error)
    if e.note then s = s .. " [" .. e.note .. "]" end
  elseif e.reason then
    s = s .. ": " .. e.reason
  elseif #e.steps > 0 then
    s = s .. ": " .. table.concat(e.steps, ", ")
  end
  if e.unverified and #e.unverified > 0 then
    s = s .. "; " .. table.concat(e.unverified, ", ") .. " written, cannot be verified (write-only)"
  end
  return s
end

function R:recap()
  local c = self.counts
  return ("Apply: %d changed, %d ok, %d failed, %d skipped (%d blocked, %d stale)."):format(
    c.changed, c.ok, c.failed, c.skipped, c.blocked, c.stale)
end

function R:__tostring()
  local out = {}
  for i, e in ipairs(self.entries) do out[i] = line(e) end
  out[#out + 1] = self:recap()
  return table.concat(out, "\n")
end

return R
