-- Shared by the apply tests: plans (apigw.plan's when the build has it, else made here by
-- reading the emulator, to the shape of /work/wt/DECLARE.md), direct reads of the live state.
local L = {}

local function items_of(c, g)
  local by = {}
  for _, it in ipairs(c:describe_api_group{ GroupId = g }.CustomDomains.DomainItem) do by[it.DomainName] = it end
  return by
end
L.items_of = items_of

L.has_plan = pcall(require, "apigw.plan")

local function fp(pem)
  return require("apigw.apply_entry").fingerprint(pem)
end

-- A plan of want, read with client c: apigw.plan when there is one, else a small one made
-- here (the entries' fields apply reads: group, domain, action, want, live, from_group,
-- steps, blocked, reactivate, cert; and plan:apply).
function L.plan(want, c, opts)
  if L.has_plan then
    opts = opts or {}
    -- the seed has no domain quota (the plan assumes the service's 5 per group)
    if opts.domains_per_group == nil then opts.domains_per_group = 0 end
    return c:plan(want, opts)
  end
  local groups, seen = {}, {}
  local function items(g)
    if not groups[g] then groups[g] = items_of(c, g) end
    return groups[g]
  end
  for _, w in ipairs(want) do if not seen[w.GroupId] then seen[#seen + 1] = w.GroupId; seen[w.GroupId] = true end end
  local keys = {}
  local plan = { entries = {}, client = c }
  for i, w in ipairs(want) do
    local d = w.DomainName
    local it = items(w.GroupId)[d]
    local from, from_it
    if not it then
      for _, g in ipairs(seen) do
        if g ~= w.GroupId and items(g)[d] then from, from_it = g, items(g)[d] end
      end
    end
    local nw = {}
    for k, v in pairs(w) do if k ~= "CertificateKey" then nw[k] = v end end
    keys[i] = w.CertificateKey
    local e = { index = i, group = w.GroupId, domain = d, want = nw, live = it or from_it, from_group = from,
                steps = {}, changes = {}, cert = {} }
    if w.Certificate then e.cert.after = fp(w.Certificate) end
    local function add(s) e.steps[#e.steps + 1] = s end
    if w.state == "absent" then
      e.action = it and "-" or "="
      if it then add("DeleteDomain") end
    elseif from then
      e.action = w.IsForce and "-/+" or "!"
      if not w.IsForce then e.blocked = { code = "DomainAlreadyBind", reason = "bound to group " .. from } end
      add("SetDomain")
      if w.Certificate then add("SetDomainCertificate") end
      if w.WebSocket == "OPEN" then add("SetDomainWebSocketStatus") end
    elseif not it then
      e.action = "+"
      add("SetDomain")
      if w.Certificate then add("SetDomainCertificate") end
      if w.WebSocket == "OPEN" then add("SetDomainWebSocketStatus") end
    else
      local set = false
      if w.BindStageName ~= nil and w.BindStageName ~= it.BindStageName then set = true end
      if w.CustomDomainType ~= nil and w.CustomDomainType ~= it.CustomDomainType then set = true end
      if w.IsHttpRedirectToHttps ~= nil and w.IsHttpRedirectToHttps ~= it.IsHttpRedirectToHttps then set = true end
      if set then add("SetDomain") end
      if w.Certificate then
        local before = it.CertificateId and fp(c:describe_domain{ GroupId = w.GroupId, DomainName = d }.CertificateBody)
        e.cert.before = before
        if before ~= e.cert.after then add("SetDomainCertificate") end
      end
      if w.WebSocket and w.WebSocket ~= it.DomainWebSocketStatus then add("SetDomainWebSocketStatus") end
      e.action = #e.steps > 0 and "~" or "="
      if it.DomainLegalStatus == "ABNORMAL" and it.DomainRemark ~= "" then
        e.action, e.reactivate = "!", true
        e.blocked = { code = "DomainAbnormal", reason = "ABNORMAL: " .. it.DomainRemark, fix = "file the ICP record" }
      end
    end
    plan.entries[i] = e
  end
  function plan:key_of(e) return keys[e.index] end
  function plan:apply(o) return require("apigw.apply").run(self, o) end
  return plan
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
