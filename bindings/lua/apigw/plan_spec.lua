-- The desired state's check (docs/declarative.md, "The desired state"): the whole spec is
-- read before any call, every problem is named by the entry's index and field, and all of
-- them are raised together as one InvalidSpec error (err.problems lists them). What passes
-- is normalized: domains in lower case, the certificate's key kept out of the entry.
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local domain = require "apigw.domain"

local S = {}

S.MAX_SHOWN = 50 -- problems named in the error's message

local STAGES = { "TEST", "PRE", "RELEASE", "" }
local TYPES = { "INTERNET", "INTRANET" }

-- Every field an entry may have, with its kind (the SetDomain parameters, the certificate,
-- WebSocket and state); the order is the order problems are listed in.
local FIELDS = {
  { "GroupId", "group" }, { "DomainName", "domain" }, { "BindStageName", "enum", STAGES },
  { "CustomDomainType", "enum", TYPES }, { "IsHttpRedirectToHttps", "boolean" },
  { "IsForce", "boolean" }, { "Certificate", "pem" }, { "CertificateKey", "pem" },
  { "CertificateName", "string" }, { "WebSocket", "enum", { "OPEN", "CLOSE" } },
  { "WSSEnable", "boolean" }, { "SslOcspEnable", "boolean" }, { "SslOcspCacheEnable", "boolean" },
  { "state", "enum", { "present", "absent" } },
}
local NAMES, IS_FIELD = {}, {}
for i, f in ipairs(FIELDS) do NAMES[i] = f[1]; IS_FIELD[f[1]] = true end
S.FIELDS = NAMES

-- Fields that need another one beside them (what the service needs to apply them).
local NEEDS = {
  CertificateKey = "Certificate", CertificateName = "Certificate", SslOcspEnable = "Certificate",
  SslOcspCacheEnable = "Certificate", WSSEnable = "WebSocket", Certificate = "CertificateKey",
}

local function shown(v, secret)
  if type(v) ~= "string" then return type(v) == "table" and "a table" or tostring(v) end
  if secret then return ("a string of %d bytes"):format(#v) end
  if #v > 40 then return ("%q..."):format(v:sub(1, 36)) end
  return ("%q"):format(v)
end

-- The problem with value v of field f, or nil.
local function value_problem(f, v)
  local name, kind, values = f[1], f[2], f[3]
  if kind == "group" then
    if type(v) ~= "string" or v == "" then return "must be a non-empty string (a GroupId), got " .. shown(v) end
    if not v:match("^[%w%-_]+$") then return "is not a GroupId (letters and digits), got " .. shown(v) end
  elseif kind == "domain" then
    if type(v) ~= "string" or v == "" then return "must be a domain name (a string), got " .. shown(v) end
    local why = domain.domain_problem(v)
    if why then return ("%s %s"):format(shown(v), why) end
  elseif kind == "boolean" then
    if type(v) ~= "boolean" then
      local hint = type(v) == "string" and (" (write %s, not %q)"):format(v:lower() == "true" and "true" or "false", v) or ""
      return "must be true or false, got " .. (type(v) == "string" and "a string" or shown(v)) .. hint
    end
  elseif kind == "string" then
    if type(v) ~= "string" or v == "" then return "must be a non-empty string, got " .. shown(v) end
  elseif kind == "pem" then
    local secret = name == "CertificateKey"
    if type(v) ~= "string" then return "must be PEM text (a string; apigw.pem(path) reads a file), got " .. type(v) end
    if not v:find("-----BEGIN [%w ]+-----") then
      local path_like = #v < 4096 and not v:find("\n")
      return "is not PEM text" .. (path_like and " (it looks like a file name: use apigw.pem(path))" or "")
    end
    if secret and not v:find("PRIVATE KEY-----", 1, true) then return "is PEM text but not a private key" end
    if not secret and v:find("PRIVATE KEY-----", 1, true) then
      return "holds a private key; the key goes in CertificateKey"
    end
  elseif kind == "enum" then
    for _, a in ipairs(values) do if v == a then return nil end end
    local list = {}
    for i, a in ipairs(values) do list[i] = ("%q"):format(a) end
    local hint = ""
    if type(v) == "string" then
      for _, a in ipairs(values) do
        if a ~= "" and a:lower() == v:lower() and a ~= v then hint = (" (the spelling is %q)"):format(a) end
      end
    end
    return ("must be one of %s, got %s%s"):format(table.concat(list, ", "), shown(v), hint)
  end
  return nil
end

-- S.check(want, fn_name, now [, cert_checks]) -> entries: the normalized entries in spec
-- order, each { index, group, domain, want = {...}, key = <CertificateKey> }; raises
-- InvalidSpec. now (epoch seconds) is for the certificate checks that make a spec problem (a
-- key that is not the certificate's); cert_checks (core.cert_cache()) runs them once per
-- distinct certificate and key.
function S.check(want, fn, now, cert_checks)
  local problems = {}
  local function problem(i, field, msg)
    problems[#problems + 1] = ("want[%s]%s: %s"):format(tostring(i), field and ("." .. field) or "", msg)
  end
  if type(want) ~= "table" then
    Error.raise_client(nil, "InvalidSpec", ("%s: the desired state must be a list of entries (a table), got %s"):format(fn, type(want)))
  end
  local n = #want
  for k in pairs(want) do
    if math.type(k) ~= "integer" or k < 1 or k > n then
      problems[#problems + 1] = ("want[%s]: the desired state must be a list with keys 1..n"):format(
        type(k) == "string" and ("%q"):format(k) or tostring(k))
    end
  end
  local entries = {}
  local seen = {} -- domain -> { {i, group, state, force}, ... }
  for i = 1, n do
    local e = want[i]
    if type(e) ~= "table" then
      problem(i, nil, "an entry must be a table, got " .. type(e))
    else
      local bad = false
      for k in pairs(e) do
        if not IS_FIELD[k] then
          local s = type(k) == "string" and util.suggest(k, NAMES)
          problem(i, tostring(k), "unknown field" .. (s and (" (did you mean %s?)"):format(s)
            or (" (fields: %s)"):format(table.concat(NAMES, ", "))))
          bad = true
        end
      end
      for _, f in ipairs(FIELDS) do
        local v = e[f[1]]
        if v ~= nil then
          local why = value_problem(f, v)
          if why then problem(i, f[1], why); bad = true end
        end
      end
      if e.GroupId == nil then problem(i, "GroupId", "is required"); bad = true end
      if e.DomainName == nil then problem(i, "DomainName", "is required"); bad = true end
      local state = e.state or "present"
      if state == "absent" then
        for _, f in ipairs(FIELDS) do
          local k = f[1]
          if e[k] ~= nil and k ~= "GroupId" and k ~= "DomainName" and k ~= "state" then
            problem(i, k, 'does not go with state = "absent" (only GroupId and DomainName do)'); bad = true
          end
        end
      else
        for k, other in pairs(NEEDS) do
          if e[k] ~= nil and e[other] == nil then
            problem(i, k, ("needs %s beside it"):format(other)); bad = true
          end
        end
      end
      if not bad and e.Certificate and e.CertificateKey then
        local ok, code, msg
        if cert_checks then
          ok, code, msg = cert_checks:check(e.Certificate, e.CertificateKey, e.DomainName, now)
        else
          ok, code, msg = core.check_certificate(e.Certificate, e.CertificateKey, e.DomainName, now)
        end
        -- a domain the certificate does not cover, or an expired one, is a blocked entry
        -- (the plan says how to fix it); a key that does not fit or broken PEM is the spec's
        if not ok and code ~= "CertificateDomainMismatch" and code ~= "CertificateExpired" then
          problem(i, code == "InvalidCertificateBody" and "Certificate" or "CertificateKey", msg); bad = true
        end
      end
      -- duplicates are looked for also among entries with other problems, so that one run
      -- names them all
      if bad and type(e.GroupId) == "string" and type(e.DomainName) == "string" then
        local d = e.DomainName:lower()
        local list = seen[d]
        if not list then list = {}; seen[d] = list end
        list[#list + 1] = { index = i, group = e.GroupId, domain = d, state = state, want = { IsForce = e.IsForce == true } }
      end
      if not bad then
        local w = {}
        for _, f in ipairs(FIELDS) do
          local k = f[1]
          if k ~= "CertificateKey" and k ~= "state" then w[k] = e[k] end
        end
        w.DomainName = e.DomainName:lower()
        -- without a CertificateName, apply names the certificate itself (docs/declarative.md,
        -- "Apply") and the plan does not compare the live name
        local name_given = e.CertificateName ~= nil
        local x = { index = i, group = e.GroupId, domain = w.DomainName, state = state, want = w,
                    key = e.CertificateKey, name_given = name_given }
        entries[#entries + 1] = x
        local list = seen[x.domain]
        if not list then list = {}; seen[x.domain] = list end
        list[#list + 1] = x
      end
    end
  end
  -- a domain binds to one group: listed twice in a group is a mistake; in two groups it is
  -- a move, which must say IsForce = true, and the other entries must be absent
  local order = {}
  for d in pairs(seen) do order[#order + 1] = d end
  table.sort(order, function(a, b) return seen[a][1].index < seen[b][1].index end)
  for _, d in ipairs(order) do
    local list = seen[d]
    if #list > 1 then
      local by_group, present = {}, {}
      for _, x in ipairs(list) do
        local first = by_group[x.group]
        if first then
          problem(x.index, "DomainName", ("%s is listed twice for group %s (also want[%d])"):format(d, x.group, first.index))
        else
          by_group[x.group] = x
        end
        if x.state == "present" then present[#present + 1] = x end
      end
      local groups = 0
      for _ in pairs(by_group) do groups = groups + 1 end
      if groups > 1 then
        if #present > 1 then
          local idx = {}
          for j, x in ipairs(present) do idx[j] = ("want[%d] (%s)"):format(x.index, x.group) end
          problem(present[2].index, "DomainName", ("%s is wanted in two groups: %s; a domain binds to one group"):format(
            d, table.concat(idx, ", ")))
        elseif #present == 1 and not present[1].want.IsForce then
          problem(present[1].index, "IsForce", ("%s is listed in two groups; moving it to %s needs IsForce = true"):format(
            d, present[1].group))
        end
      end
    end
  end
  if #problems > 0 then
    -- the message names the first MAX_SHOWN (a spec of thousands of bad entries must not make
    -- a message of megabytes); err.problems has them all
    local shown_list = {}
    for j = 1, math.min(#problems, S.MAX_SHOWN) do shown_list[j] = problems[j] end
    local more = #problems > S.MAX_SHOWN and ("; and %d more (err.problems lists them all)"):format(#problems - S.MAX_SHOWN) or ""
    local err = Error.new{ code = "InvalidSpec", kind = "client",
      message = ("%s: %d problem%s in the desired state: %s%s"):format(fn, #problems, #problems == 1 and "" or "s",
        table.concat(shown_list, "; "), more) }
    err.problems = problems
    error(err, 0)
  end
  return entries
end

return S
