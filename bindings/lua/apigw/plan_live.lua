-- The plan's reads of the live state (docs/declarative.md, "What a plan reads"): one
-- DescribeApiGroup per group, concurrently through apigw.map (so under the client's qps and
-- the map's concurrency), and DescribeDomain only for the bindings whose certificate must
-- be compared, by the SHA-256 fingerprint of the leaf (core.cert_fingerprint): the body is
-- dropped once hashed and the private key DescribeDomain returns is never kept.
local core = require "apigw.core"
local Error = require "apigw.error"
local map = require "apigw.map"

local L = {}

-- What the plan keeps of a DomainItem (no secret is in one; the list is explicit so that a
-- field the service adds later is not carried into the plan's output unseen).
local ITEM_FIELDS = { "DomainName", "BindStageName", "BindStageAlias", "CustomDomainType",
  "IsHttpRedirectToHttps", "DomainBindingStatus", "DomainCNAMEStatus", "DomainLegalStatus",
  "DomainRemark", "DomainWebSocketStatus", "WildcardDomainPatterns", "CertificateId",
  "CertificateName", "CertificateValidStart", "CertificateValidEnd" }

local function items_of(answer)
  local cd = answer.CustomDomains
  local list = type(cd) == "table" and cd.DomainItem or nil
  if type(list) ~= "table" then return {} end
  if list.DomainName then list = { list } end -- one item, not wrapped in a list
  return list
end

L.ITEM_FIELDS = ITEM_FIELDS

-- L.item(item [, drop_empty]) -> the DomainItem's fields above, the name in lower case, a
-- boolean as a boolean. The plan keeps "" (the item as the service gave it); apply's stale
-- check drops it (drop_empty), so that an empty field and an absent one compare equal.
function L.item(item, drop_empty)
  local out = {}
  for _, k in ipairs(ITEM_FIELDS) do
    local v = item[k]
    if v ~= nil and not (drop_empty and v == "") then out[k] = v end
  end
  if type(out.DomainName) == "string" then out.DomainName = out.DomainName:lower() end
  if out.IsHttpRedirectToHttps == "true" then out.IsHttpRedirectToHttps = true
  elseif out.IsHttpRedirectToHttps == "false" then out.IsHttpRedirectToHttps = false end
  return out
end

-- L.groups(client, ids, concurrency) -> live, reads
--   live[gid] = { SubDomain =, RegionId =, items = { [domain] = item }, order = { domain... } }
-- Raises the first failure (in the order of ids), naming the group.
function L.groups(client, ids, concurrency)
  local results, errors = map.map(ids, function(gid)
    return client:describe_api_group{ GroupId = gid }
  end, { concurrency = concurrency, progress = false })
  for i, gid in ipairs(ids) do
    local e = errors[i]
    if e then
      e.message = ("apigw.plan: reading group %s: %s"):format(gid, tostring(e.message))
      error(e, 0)
    end
  end
  local live = {}
  for i, gid in ipairs(ids) do
    local a = results[i]
    local g = { SubDomain = a.SubDomain, RegionId = a.RegionId, GroupName = a.GroupName,
                items = {}, order = {} }
    for _, item in ipairs(items_of(a)) do
      local it = L.item(item)
      if it.DomainName and not g.items[it.DomainName] then
        g.items[it.DomainName] = it
        g.order[#g.order + 1] = it.DomainName
      end
    end
    live[gid] = g
  end
  return live, #ids
end

-- L.fingerprints(client, list, concurrency [, fingerprint]) -> reads
--   list: { {group =, domain =, item = <live item>}, ... }; each item gets .fingerprint (hex)
--   or .fingerprint_error (why the live certificate could not be read). fingerprint(body)
--   answers as core.cert_fingerprint (the plan's, remembering each body's).
function L.fingerprints(client, list, concurrency, fingerprint)
  if #list == 0 then return 0 end
  fingerprint = fingerprint or core.cert_fingerprint
  local _, errors = map.map(list, function(x)
    local a = client:describe_domain{ GroupId = x.group, DomainName = x.domain }
    a.CertificatePrivateKey = nil -- never kept, whatever happens next
    local body = a.CertificateBody
    a.CertificateBody = nil
    if type(body) ~= "string" or body == "" then
      x.item.fingerprint_error = "DescribeDomain returned no certificate body"
      return
    end
    local fp, _, msg = fingerprint(body)
    if fp then x.item.fingerprint = fp else x.item.fingerprint_error = msg end
  end, { concurrency = concurrency, progress = false })
  for i, x in ipairs(list) do
    local e = errors[i]
    if e then
      if not Error.is(e) then e = Error.new{ code = "LuaError", message = tostring(e), kind = "client" } end
      e.message = ("apigw.plan: reading the certificate of %s in group %s: %s"):format(x.domain, x.group, tostring(e.message))
      error(e, 0)
    end
  end
  return #list
end

return L
