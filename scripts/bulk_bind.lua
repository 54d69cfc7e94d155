-- Binds every domain of a CSV file (domain,group,stage) with apigw.map, prints a report of
-- successes and failures, and fails (exit status non-zero) if any binding failed.
--   apigw-lua --emulate scripts/bulk_bind.lua scripts/domains.csv
--   apigw-lua --progress scripts/bulk_bind.lua my-domains.csv [concurrency]
-- A header line "domain,group,stage", blank lines and lines starting with # are skipped;
-- an empty stage means RELEASE.
local path = arg[1] or error("usage: bulk_bind.lua FILE.csv [concurrency]", 0)
local concurrency = math.tointeger(tonumber(arg[2] or "16"))
  or error("concurrency must be an integer, got " .. tostring(arg[2]), 0)

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

local rows = {}
local f = assert(io.open(path, "r"))
local n = 0
for line in f:lines() do
  n = n + 1
  line = trim(line)
  if line ~= "" and line:sub(1, 1) ~= "#" and not line:lower():match("^domain%s*,") then
    local domain, group, stage = line:match("^([^,]*),([^,]*),?([^,]*)$")
    if not domain or trim(domain) == "" or trim(group) == "" then
      error(("%s:%d: expected domain,group,stage, got %q"):format(path, n, line), 0)
    end
    stage = trim(stage)
    rows[#rows + 1] = { domain = trim(domain), group = trim(group),
                        stage = stage ~= "" and stage:upper() or "RELEASE", line = n }
  end
end
f:close()

local results, errors = apigw.map(rows, function(r)
  return apigw.set_domain{ GroupId = r.group, DomainName = r.domain, BindStageName = r.stage }
end, { concurrency = concurrency })

local ok, failed = 0, 0
for i, r in ipairs(rows) do
  local a = results[i]
  if a then
    ok = ok + 1
    print(("ok      %-40s group %s stage %-7s %s%s"):format(r.domain, r.group, r.stage,
      tostring(a.DomainBindingStatus), a.DomainLegalStatus == "ABNORMAL" and " (ICP: ABNORMAL)" or ""))
  end
end
for i, r in ipairs(rows) do
  local e = errors[i]
  if e then
    failed = failed + 1
    print(("FAILED  %-40s group %s (line %d): %s"):format(r.domain, r.group, r.line, tostring(e)))
  end
end
print(("%d domains: %d bound, %d failed"):format(#rows, ok, failed))
if failed > 0 then error(("%d of %d bindings failed"):format(failed, #rows), 0) end
