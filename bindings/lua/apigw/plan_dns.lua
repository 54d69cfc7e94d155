-- The ownership proof a new binding needs (docs/declarative.md, "DNS proof"), checked before
-- SetDomain would refuse it with DomainNotResolved: a CNAME chain from the domain to the
-- group's SubDomain, or a TXT record "<GroupId>.<domain>" holding
-- "apigateway-domain-verification=<SubDomain>" (also the "verfication" spelling some tools
-- write). Asked over DNS-over-HTTPS in AliDNS's JSON format (GET <url>?name=&type=), through
-- the client's own transport: each lookup is a transfer on the event loop
-- (core.fetch_start, apigw.sched.await), lookups of several domains run concurrently.
local core = require "apigw.core"
local Error = require "apigw.error"
local sched = require "apigw.sched"
local map = require "apigw.map"

local D = {}

D.DEFAULT_URL = "https://dns.alidns.com/resolve" -- AliDNS's public resolver
D.TIMEOUT = 5 -- seconds per lookup
D.MAX_HOPS = 8
local TYPE = { CNAME = 5, TXT = 16 }
local PREFIXES = { "apigateway-domain-verification=", "apigateway-domain-verfication=" }

-- The resolver URL: opts.dns (a URL, or false: no lookups), else APIGW_DNS_URL, else the
-- embedded emulator's twin under --emulate, else AliDNS. Returns the URL or false.
function D.url(opt, emulator_url, getenv)
  getenv = getenv or os.getenv
  local function check(u, where)
    if type(u) ~= "string" or not (u:match("^https?://[^/?#]+")) then
      Error.raise_client(nil, "InvalidOption",
        ("apigw.plan: %s must be an http(s) URL of a DNS-over-HTTPS resolver (JSON), or false; got %s"):format(
          where, type(u) == "string" and ("%q"):format(u:sub(1, 80)) or type(u)))
    end
    return u
  end
  if opt == false then return false end
  if opt ~= nil then return check(opt, "option 'dns'") end
  local env = getenv("APIGW_DNS_URL")
  if env and env ~= "" then return check(env, "APIGW_DNS_URL") end
  if emulator_url then return emulator_url .. "/resolve" end
  return D.DEFAULT_URL
end

local function escape(s)
  return (s:gsub("[^%w%-%._~*]", function(c) return ("%%%02X"):format(c:byte()) end))
end

local function unquote(data)
  -- "\"a\" \"b\"" (a TXT record of several character-strings) -> "ab"
  if data:sub(1, 1) ~= '"' then return data end
  local parts = {}
  for part in data:gmatch('"(.-)"') do parts[#parts + 1] = part end
  return table.concat(parts)
end

local function strip_dot(s)
  s = s:lower()
  if s:sub(-1) == "." then s = s:sub(1, -2) end
  return s
end

-- One lookup: the data of the answer's records of that type (a list), or nil, why.
-- st.lookups counts them.
local function lookup(st, name, rtype)
  st.lookups = st.lookups + 1
  local sep = st.url:find("?", 1, true) and "&" or "?"
  local u = ("%s%sname=%s&type=%s"):format(st.url, sep, escape(name), rtype)
  local x, err = core.fetch_start(u, D.TIMEOUT, st.client and st.client._c or nil)
  if not x then return nil, ("%s: %s"):format(err.code or "error", err.message or "") end
  if not sched.await(x, core.fetch_cancel) then return nil, "the lookup was lost by the scheduler" end
  local status, body = core.fetch_finish(x)
  if not status then return nil, ("%s: %s"):format(body.code or "network", body.message or "") end
  if status ~= 200 then return nil, ("the resolver %s answered HTTP %d"):format(st.url, status) end
  local ok, doc = pcall(core.json.decode, body)
  if not ok or type(doc) ~= "table" or math.type(doc.Status) == nil then
    return nil, ("the resolver %s did not answer DNS JSON"):format(st.url)
  end
  if doc.Status ~= 0 and doc.Status ~= 3 then -- 3: NXDOMAIN, a plain "no"
    return nil, ("the resolver %s answered DNS status %d for %s"):format(st.url, doc.Status, name)
  end
  local out = {}
  if type(doc.Answer) == "table" then
    for _, rr in ipairs(doc.Answer) do
      if type(rr) == "table" and rr.type == TYPE[rtype] and type(rr.data) == "string" then
        out[#out + 1] = rr.data
      end
    end
  end
  return out
end

-- "CNAME" (with the chain), or nil, why-not, failure (a lookup that failed)
local function cname_proof(st, domain, sub)
  local cur, chain = domain, {}
  for _ = 1, D.MAX_HOPS do
    local datas, why = lookup(st, cur, "CNAME")
    if not datas then return nil, nil, why end
    if #datas == 0 then break end
    local target = strip_dot(datas[1])
    chain[#chain + 1] = target
    if target == sub then return table.concat(chain, " -> ") end
    cur = target
  end
  if #chain == 0 then return nil, ("%s has no CNAME record"):format(domain) end
  return nil, ("the CNAME of %s leads to %s, not %s"):format(domain, chain[#chain], sub)
end

local function txt_proof(st, domain, gid, sub)
  local names = { gid .. "." .. domain }
  if domain:sub(1, 2) == "*." then names[2] = gid .. "." .. domain:sub(3) end
  local failure
  for _, name in ipairs(names) do
    local datas, why = lookup(st, name, "TXT")
    if not datas then failure = why
    else
      for _, d in ipairs(datas) do
        local v = unquote(d)
        for _, p in ipairs(PREFIXES) do
          if v:sub(1, #p) == p and v:sub(#p + 1):lower() == sub then return name end
        end
      end
    end
  end
  return nil, failure
end

-- D.prove(client, url, list, concurrency) -> lookups
--   list: { {group =, domain =, sub = <SubDomain>}, ... }; each gets .proof ("CNAME ..." or
--   "TXT ..."), or .missing (what is not there), or .failure (a lookup failed: not known).
function D.prove(client, url, list, concurrency)
  local st = { url = url, client = client, lookups = 0 }
  if #list == 0 then return 0 end
  local _, errors = map.map(list, function(x)
    local sub = x.sub and x.sub:lower() or nil
    if not sub then x.failure = "the group has no SubDomain"; return end
    local chain, why, failed = cname_proof(st, x.domain, sub)
    if chain then x.proof = "CNAME " .. x.domain .. " -> " .. chain; return end
    local at, failed2 = txt_proof(st, x.domain, x.group, sub)
    if at then x.proof = "TXT at " .. at; return end
    if failed or failed2 then x.failure = failed or failed2; return end
    x.missing = why
  end, { concurrency = concurrency, progress = false })
  for i, x in ipairs(list) do
    if errors[i] then x.failure = tostring(errors[i].message or errors[i]) end
  end
  return st.lookups
end

return D
