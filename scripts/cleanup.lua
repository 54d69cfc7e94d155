-- Deletes the custom domains of a list, idempotently: a domain that is not bound (any more) is
-- reported as already gone, so the same list can be run again until every line says done.
--   apigw-lua --emulate scripts/cleanup.lua scripts/domains.csv
--   apigw-lua scripts/cleanup.lua my-domains.csv [concurrency]
-- The list is bulk_bind.lua's CSV (domain,group[,stage]; the stage is ignored); a header line,
-- blank lines and lines starting with # are skipped. Exit status 1 if any deletion failed.
local path = arg[1] or error("usage: cleanup.lua FILE.csv [concurrency]", 0)
local concurrency = math.tointeger(tonumber(arg[2] or "8"))
  or error("concurrency must be an integer, got " .. tostring(arg[2]), 0)

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

local rows = {}
local f = assert(io.open(path, "r"))
local n = 0
for line in f:lines() do
  n = n + 1
  line = trim(line)
  if line ~= "" and line:sub(1, 1) ~= "#" and not line:lower():match("^domain%s*,") then
    local domain, group = line:match("^([^,]*),([^,]*)")
    if not domain or trim(domain) == "" or trim(group) == "" then
      error(("%s:%d: expected domain,group[,stage], got %q"):format(path, n, line), 0)
    end
    rows[#rows + 1] = { domain = trim(domain), group = trim(group), line = n }
  end
end
f:close()

-- Codes that mean the domain is gone already: the group does not hold it (NotFoundDomain,
-- also plain NotFound as some endpoints answer), or the group itself is gone.
local GONE = { NotFoundDomain = "not bound", NotFound = "not bound", NotFoundApiGroup = "group not found" }

-- One domain: look first (so the report says what was there), then delete. DeleteDomain is a
-- success on an unbound domain too, so a domain unbound between the two calls is no failure.
local function clean(r)
  local ok, d = pcall(apigw.describe_domain, { GroupId = r.group, DomainName = r.domain })
  if not ok then
    if apigw.Error.is(d) and GONE[d.code] then return "gone", GONE[d.code] end
    error(d, 0)
  end
  if d.DryRun then return "dry-run", "would delete" end
  local ok2, e = pcall(apigw.delete_domain, { GroupId = r.group, DomainName = r.domain })
  if not ok2 then
    if apigw.Error.is(e) and GONE[e.code] then return "gone", GONE[e.code] end
    error(e, 0)
  end
  return "deleted", d.CertificateName and ("had certificate " .. d.CertificateName) or ""
end

local results, errors = apigw.map(rows, function(r)
  local what, note = clean(r)
  return { what = what, note = note }
end, { concurrency = concurrency })

local count = { deleted = 0, gone = 0, ["dry-run"] = 0, failed = 0 }
for i, r in ipairs(rows) do
  local res, e = results[i], errors[i]
  if res then
    count[res.what] = count[res.what] + 1
    local label = res.what == "gone" and "already gone" or res.what
    print(("%-13s %-40s group %s%s"):format(label, r.domain, r.group, res.note ~= "" and (" (" .. res.note .. ")") or ""))
  else
    count.failed = count.failed + 1
    print(("FAILED        %-40s group %s (line %d): %s"):format(r.domain, r.group, r.line, tostring(e)))
  end
end
print(("%d domains: %d deleted, %d already gone, %d failed%s"):format(#rows, count.deleted, count.gone,
  count.failed, count["dry-run"] > 0 and (", %d dry-run"):format(count["dry-run"]) or ""))
if count.failed > 0 then error(("%d of %d deletions failed; run the list again"):format(count.failed, #rows), 0) end
