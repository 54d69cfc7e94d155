-- Every API group of the region and its custom domains, with each status in plain words
-- beside the service's value, as a table (the default) or as JSON.
--   apigw-lua --emulate scripts/inventory.lua
--   apigw-lua scripts/inventory.lua json > inventory.json
-- The groups come from every page of DescribeApiGroups (apigw.pages); each group's domains
-- from DescribeApiGroup, several groups at once (apigw.map).
local format = arg[1] or "table"
if format ~= "table" and format ~= "json" then
  error("usage: inventory.lua [table|json], got " .. format, 0)
end

-- What the service's values mean (docs/service-behaviour.md, Part B 4.3).
local WORDS = {
  DomainBindingStatus = { BINDING = "active", BOUND = "not in effect" },
  DomainLegalStatus = { NORMAL = "serving", ABNORMAL = "blocked" },
  DomainCNAMEStatus = { RESOLVED = "DNS points here", UNRESOLVED = "DNS does not point here" },
  DomainWebSocketStatus = { OPEN = "WebSocket on", CLOSE = "WebSocket off", NORMAL = "WebSocket on" },
  Status = { NORMAL = "normal", DELETE = "being deleted" },
  BillingStatus = { NORMAL = "paid up", LOCKED = "locked for an overdue payment" },
  IllegalStatus = { NORMAL = "normal", LOCKED = "locked as illegal" },
}

local function words(field, value)
  local w = WORDS[field] and WORDS[field][value]
  return w or ("unknown (%s)"):format(tostring(value))
end

local function certificate(d)
  if not d.CertificateName then return { words = "no certificate" } end
  local left = apigw.cert_days_left(d)
  local ends = left and os.date("!%Y-%m-%d", d.CertificateValidEnd // 1000) or "?"
  local w
  if not left then w = ("certificate %s"):format(d.CertificateName)
  elseif left < 0 then w = ("certificate %s EXPIRED on %s"):format(d.CertificateName, ends)
  else w = ("certificate %s, valid until %s (%d days)"):format(d.CertificateName, ends, left) end
  return { CertificateName = d.CertificateName, CertificateId = d.CertificateId,
           CertificateValidEnd = d.CertificateValidEnd, days_left = left, words = w }
end

local groups = {}
for g in apigw.pages(apigw.describe_api_groups, {}) do groups[#groups + 1] = g end
table.sort(groups, function(a, b) return a.GroupName < b.GroupName end)

local details, errors = apigw.map(groups, function(g)
  return apigw.describe_api_group{ GroupId = g.GroupId }
end, { concurrency = 8 })

local inventory = {}
for i, g in ipairs(groups) do
  local full = details[i]
  local entry = {
    GroupId = g.GroupId, GroupName = g.GroupName, RegionId = g.RegionId, SubDomain = g.SubDomain,
    BillingStatus = g.BillingStatus, billing = words("BillingStatus", g.BillingStatus),
    IllegalStatus = g.IllegalStatus, legal = words("IllegalStatus", g.IllegalStatus),
    domains = {},
  }
  if full then
    entry.Status, entry.status = full.Status, words("Status", full.Status)
    for _, d in ipairs(full.CustomDomains.DomainItem) do
      entry.domains[#entry.domains + 1] = {
        DomainName = d.DomainName, BindStageName = d.BindStageName, CustomDomainType = d.CustomDomainType,
        DomainBindingStatus = d.DomainBindingStatus, binding = words("DomainBindingStatus", d.DomainBindingStatus),
        DomainLegalStatus = d.DomainLegalStatus, legal = words("DomainLegalStatus", d.DomainLegalStatus),
        DomainRemark = d.DomainRemark,
        DomainCNAMEStatus = d.DomainCNAMEStatus, dns = words("DomainCNAMEStatus", d.DomainCNAMEStatus),
        DomainWebSocketStatus = d.DomainWebSocketStatus, websocket = words("DomainWebSocketStatus", d.DomainWebSocketStatus),
        certificate = certificate(d),
      }
    end
    table.sort(entry.domains, function(a, b) return a.DomainName < b.DomainName end)
  else
    entry.error = tostring(errors[i])
  end
  inventory[#inventory + 1] = entry
end

if format == "json" then
  print(apigw.json.encode{ groups = inventory })
else
  for _, g in ipairs(inventory) do
    print(("%s  %s  (%s)"):format(g.GroupName, g.GroupId, g.RegionId))
    print(("  status %s (%s), billing %s (%s), legal %s (%s)"):format(g.status or "?", g.Status or "?",
      g.billing, g.BillingStatus, g.legal, g.IllegalStatus))
    if g.error then print("  domains: could not be read: " .. g.error) end
    if #g.domains == 0 and not g.error then print("  no custom domains") end
    for _, d in ipairs(g.domains) do
      print(("  %s  stage %s, %s"):format(d.DomainName, d.BindStageName ~= "" and d.BindStageName or "all",
        d.CustomDomainType))
      print(("    binding    %-26s (%s)"):format(d.binding, d.DomainBindingStatus))
      print(("    traffic    %-26s (%s)%s"):format(d.legal, d.DomainLegalStatus,
        d.DomainRemark ~= "" and (": " .. d.DomainRemark) or ""))
      print(("    dns        %-26s (%s)"):format(d.dns, d.DomainCNAMEStatus))
      print(("    websocket  %-26s (%s)"):format(d.websocket, d.DomainWebSocketStatus))
      print(("    %s"):format(d.certificate.words))
    end
  end
  local nd = 0
  for _, g in ipairs(inventory) do nd = nd + #g.domains end
  print(("%d groups, %d custom domains"):format(#inventory, nd))
end
local failed = 0
for _ in pairs(errors) do failed = failed + 1 end
if failed > 0 then error(("%d groups could not be read"):format(failed), 0) end
