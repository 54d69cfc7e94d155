-- One plan entry's writes (docs/declarative.md, "Apply"): the parameters of each step, made
-- from the entry's want; the stale check against a fresh read of the live state; and the
-- verification of what was written against a read-back. No call is made here except the
-- entry's own writes and its certificate read-back: the group reads are apigw.apply's.
local core = require "apigw.core"
local Error = require "apigw.error"
local live_items = require "apigw.plan_live"

local E = {}

-- Fields the service takes but never returns (issue 10 §2, "?"): written, never verified.
E.WRITE_ONLY = { WSSEnable = true, SslOcspEnable = true, SslOcspCacheEnable = true }

local function show(v)
  if v == nil then return "(none)" end
  if v == "" then return '""' end
  return tostring(v)
end

-- The DomainItem fields the service returns (DescribeApiGroup's CustomDomains, the plan's
-- list): what the stale check compares. A plan may add its own fields to the items it keeps
-- (a certificate's fingerprint); those are not the service's and are never compared.
E.ITEM_FIELDS = live_items.ITEM_FIELDS

-- The differences between what the plan saw (live, a DomainItem or nil) and what a fresh
-- read shows (now, the same), as "Field was X at plan time, is Y now" phrases, in field
-- order; nil when nothing changed.
-- A DomainItem as both sides are compared: the service's fields only, an empty string as
-- absent (a plan keeps no empty field), the name in lower case, a boolean as a boolean.
function E.normalize(item)
  if item == nil then return nil end
  return live_items.item(item, true)
end

function E.stale_phrases(live, now)
  if live == nil and now == nil then return nil end
  live, now = E.normalize(live), E.normalize(now)
  if live == nil then return { ("binding was absent at plan time, is %s now"):format(show(now.DomainBindingStatus or "bound")) } end
  if now == nil then return { ("binding was %s at plan time, is absent now"):format(show(live.DomainBindingStatus or "bound")) } end
  local out = {}
  for _, k in ipairs(E.ITEM_FIELDS) do
    local x, y = live[k], now[k]
    if x ~= y then
      out[#out + 1] = ("%s was %s at plan time, is %s now"):format(k, show(x), show(y))
    end
  end
  if #out == 0 then return nil end
  return out
end

-- The step's parameters. key: the private key (never kept in the plan; apigw.apply gets
-- it from the plan's accessor). live: what the plan saw.
local SETDOMAIN_FIELDS = { "BindStageName", "CustomDomainType", "IsHttpRedirectToHttps" }

function E.params(step, entry, key)
  local w = entry.want or {}
  local p = { GroupId = entry.group, DomainName = entry.domain }
  if step == "SetDomain" then
    for _, f in ipairs(SETDOMAIN_FIELDS) do p[f] = w[f] end
    -- IsForce only for a move: an entry planned as a bind must not take a domain that
    -- another group took meanwhile without saying so (the service refuses it instead).
    if entry.action == "-/+" then p.IsForce = true end
  elseif step == "SetDomainCertificate" then
    p.CertificateBody = w.Certificate
    p.CertificatePrivateKey = key
    p.CertificateName = w.CertificateName or E.default_cert_name(entry)
    p.SslOcspEnable, p.SslOcspCacheEnable = w.SslOcspEnable, w.SslOcspCacheEnable
  elseif step == "SetDomainWebSocketStatus" then
    p.ActionValue = w.WebSocket or (entry.live and entry.live.DomainWebSocketStatus) or "CLOSE"
    p.WSSEnable = w.WSSEnable
  elseif step ~= "ReactivateDomain" and step ~= "DeleteDomain" then
    Error.raise_client(nil, "InvalidParameter", ("plan:apply: entry %s has an unknown step '%s'"):format(
      tostring(entry.index or entry.domain), tostring(step)))
  end
  return p
end

-- CertificateName when the spec gives none: the domain and the start of the fingerprint,
-- so that a new certificate gets a new name and the same one keeps its name.
function E.default_cert_name(entry)
  local fp = entry.cert and entry.cert.after
  local base = entry.domain:gsub("^%*%.", "wildcard.")
  if type(fp) == "string" and #fp >= 8 then return base .. "-" .. fp:sub(1, 8) end
  return base
end

-- The binding method of each step (a client's typed bindings).
E.METHOD = {
  SetDomain = "set_domain", SetDomainCertificate = "set_domain_certificate",
  SetDomainWebSocketStatus = "set_domain_websocket_status", ReactivateDomain = "reactivate_domain",
  DeleteDomain = "delete_domain",
}

-- A certificate's fingerprint: the plan's (hex SHA-256 of the leaf's DER, core.cert_fingerprint)
-- when the build has it, else the PEM text itself with its line ends normalised.
function E.fingerprint(pem)
  if type(pem) ~= "string" then return nil end
  if core.cert_fingerprint then
    local ok, fp = pcall(core.cert_fingerprint, pem)
    if ok and fp then return fp end
    return nil
  end
  return (pem:gsub("\r\n", "\n"):gsub("%s+$", ""))
end

local function norm_stage(v) if v == nil then return "" end return v end
local function norm_type(v) if v == nil then return nil end return tostring(v):upper() end

-- Checks what the entry wrote (rec.sent: step -> params) against item (its DomainItem in a
-- fresh DescribeApiGroup, or nil) and dom (the DescribeDomain answer, when a certificate
-- was sent). Returns nil, or an apigw.Error ApplyVerifyFailed naming every field that
-- differs, and the write-only fields sent, which are not verified.
function E.verify(rec, item, dom)
  local bad, unverified = {}, {}
  local function mismatch(step, field, got, want)
    bad[#bad + 1] = { step = step, field = field,
      text = ("%s is %s after %s, want %s"):format(field, show(got), step, show(want)) }
  end
  local sent = rec.sent
  if sent.DeleteDomain then
    if item then mismatch("DeleteDomain", "DomainName", "still bound to group " .. rec.group, "unbound") end
  else
    if item == nil then
      bad[#bad + 1] = { step = rec.steps[#rec.steps], field = "DomainName",
        text = ("DomainName is not bound to group %s after %s"):format(rec.group, table.concat(rec.steps, ", ")) }
    else
      local p = sent.SetDomain
      if p then
        if p.BindStageName ~= nil and norm_stage(item.BindStageName) ~= p.BindStageName then
          mismatch("SetDomain", "BindStageName", item.BindStageName, p.BindStageName)
        end
        if p.CustomDomainType ~= nil and norm_type(item.CustomDomainType) ~= norm_type(p.CustomDomainType) then
          mismatch("SetDomain", "CustomDomainType", item.CustomDomainType, p.CustomDomainType)
        end
        if p.IsHttpRedirectToHttps ~= nil and (item.IsHttpRedirectToHttps == true) ~= p.IsHttpRedirectToHttps then
          mismatch("SetDomain", "IsHttpRedirectToHttps", item.IsHttpRedirectToHttps, p.IsHttpRedirectToHttps)
        end
      end
      p = sent.SetDomainWebSocketStatus
      if p and item.DomainWebSocketStatus ~= p.ActionValue then
        mismatch("SetDomainWebSocketStatus", "DomainWebSocketStatus", item.DomainWebSocketStatus, p.ActionValue)
      end
      if sent.ReactivateDomain and item.DomainLegalStatus ~= "NORMAL" then
        mismatch("ReactivateDomain", "DomainLegalStatus", item.DomainLegalStatus, "NORMAL")
      end
      p = sent.SetDomainCertificate
      if p then
        local got = dom and E.fingerprint(dom.CertificateBody)
        if got == nil or got ~= E.fingerprint(p.CertificateBody) then
          bad[#bad + 1] = { step = "SetDomainCertificate", field = "Certificate",
            text = dom and dom.CertificateBody and "Certificate (fingerprint) differs from the one sent after SetDomainCertificate"
                   or "Certificate is absent after SetDomainCertificate" }
        end
        if dom and dom.CertificateName ~= p.CertificateName then
          mismatch("SetDomainCertificate", "CertificateName", dom.CertificateName, p.CertificateName)
        end
      end
    end
  end
  for _, step in ipairs(rec.steps) do
    for k in pairs(sent[step] or {}) do
      if E.WRITE_ONLY[k] then unverified[#unverified + 1] = k end
    end
  end
  table.sort(unverified)
  if #bad == 0 then return nil, unverified end
  local texts = {}
  for i, b in ipairs(bad) do texts[i] = b.text end
  return Error.new{ code = "ApplyVerifyFailed", kind = "server", action = bad[1].step, field = bad[1].field,
    message = ("%s (group %s): %s"):format(rec.domain, rec.group, table.concat(texts, "; ")) }, unverified
end

return E
