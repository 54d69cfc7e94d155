-- One action per entry (docs/declarative.md, "Actions"): the spec entry against what the
-- plan read. + bind, ~ update, -/+ move, - unbind, = unchanged, ! blocked (with the fix in
-- one line); write-only fields are listed as unverifiable rather than as drift.
local core = require "apigw.core"

local F = {}

-- The fields SetDomain sets, as DescribeApiGroup's DomainItem returns them.
local SETDOMAIN = { "BindStageName", "CustomDomainType", "IsHttpRedirectToHttps" }
-- Written, never read back by any Describe action.
local WRITE_ONLY = { "WSSEnable", "SslOcspEnable", "SslOcspCacheEnable" }
F.WRITE_ONLY = WRITE_ONLY

local function live_value(item, field)
  if field == "BindStageName" then return item.BindStageName or "" end
  if field == "CustomDomainType" then
    local t = item.CustomDomainType
    return (t == nil or t == "") and "INTERNET" or t:upper() -- the SDK's example is "intranet"
  end
  if field == "IsHttpRedirectToHttps" then return item.IsHttpRedirectToHttps == true end
  if field == "WebSocket" then
    local s = item.DomainWebSocketStatus
    if s == "OPEN" or s == "NORMAL" then return "OPEN" end -- NORMAL: the SDK's examples for open
    if s == "CLOSE" or s == nil then return "CLOSE" end
    return nil -- a value nobody documented: cannot be compared
  end
  if field == "CertificateName" then return item.CertificateName end
end

local function block(x, code, reason, fix)
  if x.blocked then return end -- the first cause found is the one to fix first
  x.blocked = { code = code, reason = reason, fix = fix }
end
F.block = block

-- The certificate's own problems for a binding that will carry it: a domain it does not
-- cover, or an expired one.
local function cert_block(x, s, ctx)
  local w = s.want
  if not w.Certificate then return end
  local checks, now = ctx.cert_checks, ctx.now
  local ok, code, msg
  if checks then
    ok, code, msg = checks:check(w.Certificate, s.key, s.domain, now)
  else
    ok, code, msg = core.check_certificate(w.Certificate, s.key, s.domain, now)
  end
  if ok then return end
  if code == "CertificateDomainMismatch" then
    block(x, code, msg, ("use a certificate that covers %s (or a wildcard of its parent)"):format(s.domain))
  elseif code == "CertificateExpired" then
    block(x, code, msg, "renew the certificate and give the new one")
  else
    block(x, code, msg, "fix the certificate or its key")
  end
end

local function push_change(x, field, before, after)
  x.changes[#x.changes + 1] = { field = field, before = before, after = after }
end

-- The steps a new binding (bind, or move: a fresh binding in the new group) needs.
local function new_steps(w)
  local steps = { "SetDomain" }
  if w.Certificate then steps[#steps + 1] = "SetDomainCertificate" end
  if w.WebSocket == "OPEN" or w.WSSEnable ~= nil then steps[#steps + 1] = "SetDomainWebSocketStatus" end
  return steps
end

local function unverifiable_of(w)
  local out = {}
  for _, k in ipairs(WRITE_ONLY) do if w[k] ~= nil then out[#out + 1] = k end end
  return out
end

-- F.entry(s, ctx) -> a plan entry for spec entry s.
--   ctx: live (by group), holder (domain -> group holding it among those read), dns
--   (domain/group -> proof record, or nil when DNS is off), now, fp_of(want) -> hex,
--   cert_checks (core.cert_cache(), or nil: core.check_certificate each time).
function F.entry(s, ctx)
  local w = s.want
  local g = ctx.live[s.group]
  local here = g.items[s.domain]
  local x = { index = s.index, group = s.group, domain = s.domain, state = s.state, want = w, live = here,
              changes = {}, unverifiable = {}, steps = {}, cert = {} }
  if s.state == "absent" then
    if here then
      x.action, x.steps = "-", { "DeleteDomain" }
    else
      x.action = "="
      local other = ctx.holder[s.domain]
      if other and other ~= s.group then x.note = ("bound to group %s, not this one"):format(other) end
    end
    return x
  end

  x.unverifiable = unverifiable_of(w)
  local want_fp = w.Certificate and ctx.fp_of(w.Certificate) or nil
  x.cert.after = want_fp
  if here then
    -- update in place: each given field against the live one
    local set_domain = false
    for _, k in ipairs(SETDOMAIN) do
      if w[k] ~= nil then
        local before = live_value(here, k)
        if before ~= w[k] then push_change(x, k, before, w[k]); set_domain = true end
      end
    end
    local cert_step = false
    if want_fp then
      x.cert.before = here.fingerprint
      if not here.CertificateId or here.CertificateId == "" then
        push_change(x, "Certificate", nil, want_fp); cert_step = true
      elseif here.fingerprint_error then
        push_change(x, "Certificate", "unreadable (" .. here.fingerprint_error .. ")", want_fp); cert_step = true
      elseif here.fingerprint ~= want_fp then
        push_change(x, "Certificate", here.fingerprint, want_fp); cert_step = true
      elseif s.name_given and here.CertificateName ~= w.CertificateName then
        push_change(x, "CertificateName", here.CertificateName, w.CertificateName); cert_step = true
      end
    end
    local ws_step = false
    if w.WebSocket ~= nil then
      local before = live_value(here, "WebSocket")
      if before == nil then
        x.unverifiable[#x.unverifiable + 1] = "WebSocket"
      elseif before ~= w.WebSocket then
        push_change(x, "WebSocket", before, w.WebSocket); ws_step = true
      end
    end
    if set_domain then x.steps[#x.steps + 1] = "SetDomain" end
    if cert_step then x.steps[#x.steps + 1] = "SetDomainCertificate" end
    if ws_step then x.steps[#x.steps + 1] = "SetDomainWebSocketStatus" end
    x.action = #x.steps > 0 and "~" or "="
    if cert_step then cert_block(x, s, ctx) end
    if here.DomainLegalStatus == "ABNORMAL" then
      x.reactivate = true
      x.steps[#x.steps + 1] = "ReactivateDomain"
      block(x, "DomainAbnormal", ("the domain is ABNORMAL (traffic blocked): %s"):format((here.DomainRemark or "") ~= "" and here.DomainRemark or "no remark given"),
        "remove the cause (for a missing ICP filing: file the domain), then apply: it sends ReactivateDomain first")
    end
    if x.blocked then x.action = "!" end
    return x
  end

  -- not bound here: a bind, or a move from the group that holds it
  local from = ctx.holder[s.domain]
  x.steps = new_steps(w)
  local old = from and ctx.live[from].items[s.domain] or nil
  for _, k in ipairs(SETDOMAIN) do
    if w[k] ~= nil then push_change(x, k, old and live_value(old, k) or nil, w[k]) end
  end
  if want_fp then push_change(x, "Certificate", nil, want_fp) end
  if w.WebSocket ~= nil then push_change(x, "WebSocket", old and "CLOSE" or nil, w.WebSocket) end
  if from then
    x.from_group = from
    x.live = old -- the binding read in the group that holds it now
    table.insert(x.changes, 1, { field = "GroupId", before = from, after = s.group })
    if w.IsForce then
      x.action = "-/+"
    else
      x.action = "!"
      block(x, "DomainAlreadyBind", ("%s is bound to group %s"):format(s.domain, from),
        ("add IsForce = true to want[%d] to move it here (it is then unbound from %s)"):format(s.index, from))
    end
  else
    x.action = "+"
  end
  local proof = ctx.dns and ctx.dns[s.group .. "/" .. s.domain]
  if not ctx.dns then
    x.unverifiable[#x.unverifiable + 1] = "DNS"
    x.dns = "not checked (dns = false)"
  elseif proof.proof then
    x.dns = proof.proof
  elseif proof.failure then
    x.unverifiable[#x.unverifiable + 1] = "DNS"
    x.dns = "cannot be verified: " .. proof.failure
  else
    local sub = g.SubDomain
    block(x, "DomainNotResolved", ("no DNS proof that the domain is yours: %s, and no TXT record at %s.%s"):format(
      proof.missing or "no CNAME", s.group, s.domain),
      ("add a CNAME record %s -> %s, or a TXT record %s.%s = \"apigateway-domain-verification=%s\""):format(
        s.domain, sub, s.group, s.domain, sub))
  end
  cert_block(x, s, ctx)
  if x.blocked then x.action = "!" end
  return x
end

-- F.pruned(group, item) -> the entry that unbinds a live domain nobody listed.
function F.pruned(group, item)
  return { group = group, domain = item.DomainName, pruned = true, action = "-", live = item,
           changes = {}, unverifiable = {}, steps = { "DeleteDomain" }, cert = {} }
end

-- The quota (docs/service-behaviour.md A.16): at most limit domains of each
-- CustomDomainType per group. Counts what stays, takes away what leaves, then adds what
-- arrives in spec order; an arrival past the limit is blocked. limit 0: no limit.
function F.quota(entries, live, limit)
  if not limit or limit == 0 then return end
  local count = {} -- group/type -> n
  local function key(gid, t) return gid .. "/" .. t end
  for gid, g in pairs(live) do
    for _, item in pairs(g.items) do
      local k = key(gid, live_value(item, "CustomDomainType"))
      count[k] = (count[k] or 0) + 1
    end
  end
  local function leave(gid, item)
    local k = key(gid, live_value(item, "CustomDomainType"))
    count[k] = count[k] - 1
  end
  for _, x in ipairs(entries) do
    if x.action == "-" then leave(x.group, x.live)
    elseif x.action == "-/+" then leave(x.from_group, live[x.from_group].items[x.domain])
    elseif x.action == "~" and x.want.CustomDomainType and
           x.want.CustomDomainType ~= live_value(x.live, "CustomDomainType") then
      leave(x.group, x.live)
    end
  end
  for _, x in ipairs(entries) do
    local arriving = x.action == "+" or x.action == "-/+" or
      (x.action == "~" and x.want.CustomDomainType and x.want.CustomDomainType ~= live_value(x.live, "CustomDomainType"))
    if arriving then
      local t = x.want.CustomDomainType or "INTERNET"
      local k = key(x.group, t)
      local n = (count[k] or 0) + 1
      if n > limit then
        block(x, "ExceedLimitDomain", ("group %s would have %d %s domains; the limit is %d"):format(x.group, n, t, limit),
          ("unbind one of the group's %s domains (state = \"absent\", or prune) or bind this one in another group"):format(t))
        x.action = "!"
      else
        count[k] = n
      end
    end
  end
end

return F
