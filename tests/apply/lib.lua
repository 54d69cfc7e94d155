-- Shared by the apply tests: plans, direct reads of the live state.
local L = {}

local function items_of(c, g)
  local by = {}
  for _, it in ipairs(c:describe_api_group{ GroupId = g }.CustomDomains.DomainItem) do by[it.DomainName] = it end
  return by
end
L.items_of = items_of

-- A plan of want, read with client c (apigw.plan's; the seed has no domain quota, where the
-- plan assumes the service's 5 per group unless told).
function L.plan(want, c, opts)
  opts = opts or {}
  if opts.domains_per_group == nil then opts.domains_per_group = 0 end
  return c:plan(want, opts)
end

function L.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- The entry of result r for domain d.
function L.entry(r, d)
  for _, e in ipairs(r.entries) do if e.domain == d then return e end end
  error("no entry for " .. d)
end

return L
