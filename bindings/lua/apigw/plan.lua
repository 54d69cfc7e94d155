-- apigw.plan(want [, opts]) and client:plan(want [, opts]): the desired state checked as a
-- whole, the live state read (one DescribeApiGroup per group, DescribeDomain only where a
-- certificate must be compared, DNS proofs over DNS-over-HTTPS), and one action per entry
-- (docs/declarative.md). The plan object's shape is the contract of /work/wt/DECLARE.md:
-- entries, summary, changes, reads, dns_reads, client; tostring(plan), plan:json(),
-- plan:apply(opts).
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local call = require "apigw.call"
local spec = require "apigw.plan_spec"
local live_reads = require "apigw.plan_live"
local dns = require "apigw.plan_dns"
local diff = require "apigw.plan_diff"
local show = require "apigw.plan_show"

local P = {}

local OPTIONS = { "prune", "read", "concurrency", "dns", "now", "domains_per_group" }
P.OPTIONS = OPTIONS -- apigw.ensure routes these to the plan
P.DEFAULT_LIMIT = 5 -- domains per group and CustomDomainType (docs/service-behaviour.md A.16)

-- Set by the host (apigw._configure, call.flags.emulator_url) under --emulate: the embedded
-- emulator's URL, whose DNS twin answers the plan's lookups.
P.emulator_url = call.flags.emulator_url

local Plan = {}
Plan.__index = Plan
Plan.__name = "apigw.Plan"
Plan.__tostring = function(self) return show.text(self) end

-- plan:text{color = bool} -> the human view (tostring(plan) colours only on a terminal)
function Plan:text(o)
  return show.text(self, o)
end

-- plan:json() -> the documented JSON text (docs/declarative.md, "plan:json()")
function Plan:json()
  return show.json(self)
end

-- plan:apply(opts) -> result: apigw.apply's run (docs/declarative.md, "Apply")
function Plan:apply(opts)
  local ok, apply = pcall(require, "apigw.apply")
  if not ok or type(apply) ~= "table" or type(apply.run) ~= "function" then
    Error.raise_client(nil, "ApplyUnavailable",
      "plan:apply: apply is not available in this build (the module apigw.apply is missing)")
  end
  return apply.run(self, opts)
end

-- plan:key_of(entry) -> the CertificateKey of the spec entry an entry came from (for apply,
-- which sends it in SetDomainCertificate). The plan itself holds no key: this reads the
-- caller's own spec table.
function Plan:key_of(entry)
  local src = rawget(self, "_spec")
  local e = entry and entry.index and src and src[entry.index]
  return type(e) == "table" and e.CertificateKey or nil
end

local function check_groups(list, name)
  if list == nil then return {} end
  if type(list) ~= "table" then
    Error.raise_client(nil, "InvalidOption", ("apigw.plan: option '%s' must be a list of GroupIds, got %s"):format(name, type(list)))
  end
  for i, g in ipairs(list) do
    if type(g) ~= "string" or not g:match("^[%w%-_]+$") then
      Error.raise_client(nil, "InvalidOption", ("apigw.plan: option '%s'[%d] must be a GroupId, got %s"):format(
        name, i, type(g) == "string" and ("%q"):format(g) or type(g)))
    end
  end
  return list
end

local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    Error.raise_client(nil, "InvalidOption", "apigw.plan: options must be a table, got " .. type(opts))
  end
  util.check_keys(opts, OPTIONS, "apigw.plan option", nil, "InvalidOption")
  local c = opts.concurrency
  if c ~= nil and (math.type(c) ~= "integer" or c < 1 or c > 256) then
    Error.raise_client(nil, "InvalidOption", "apigw.plan: concurrency must be an integer from 1 to 256, got " .. tostring(c))
  end
  if opts.now ~= nil and math.type(opts.now) ~= "integer" then
    Error.raise_client(nil, "InvalidOption", "apigw.plan: now must be epoch seconds (an integer), got " .. tostring(opts.now))
  end
  local l = opts.domains_per_group
  if l ~= nil and (math.type(l) ~= "integer" or l < 0) then
    Error.raise_client(nil, "InvalidOption", "apigw.plan: domains_per_group must be an integer >= 0 (0: no limit), got " .. tostring(l))
  end
  check_groups(opts.prune, "prune")
  check_groups(opts.read, "read")
  return opts
end

-- Tells the drift count (apigw.drift, the check helper's) how many changes the plan found;
-- a build without it plans all the same.
local function note_drift(n)
  local ok, drift = pcall(require, "apigw.drift")
  if ok and type(drift) == "table" and type(drift.note) == "function" then drift.note(n) end
end

-- P.plan(client, want, opts, fn) -> plan
function P.plan(client, want, opts, fn)
  fn = fn or "apigw.plan"
  opts = check_opts(opts)
  local now = opts.now or os.time()
  -- one plan's certificate checks: a certificate and key shared by many entries are parsed
  -- and matched once (runtime/cert/cache.h); freed when the plan is made or raises
  local cert_checks <close> = core.cert_cache()
  local entries = spec.check(want, fn, now, cert_checks)
  local url = dns.url(opts.dns, P.emulator_url)
  if call.flags.dry_run then
    Error.raise_client(nil, "InvalidOption",
      fn .. ": --dry-run sends nothing, so there is no live state to plan against (--check reads and does not write)")
  end
  local conc = opts.concurrency

  -- the groups: those of the spec, then prune's, then read's, each once
  local ids, seen = {}, {}
  local function add(g) if not seen[g] then seen[g] = true; ids[#ids + 1] = g end end
  for _, s in ipairs(entries) do add(s.group) end
  for _, g in ipairs(opts.prune or {}) do add(g) end
  for _, g in ipairs(opts.read or {}) do add(g) end
  local live, reads = live_reads.groups(client, ids, conc)

  local holder = {} -- domain -> the group holding it (a domain binds to one group)
  for _, gid in ipairs(ids) do
    for _, d in ipairs(live[gid].order) do holder[d] = holder[d] or gid end
  end

  -- certificates to compare: the spec has one and the binding in place has one
  local certs = {}
  for _, s in ipairs(entries) do
    local here = live[s.group].items[s.domain]
    if s.state == "present" and s.want.Certificate and here and here.CertificateId and here.CertificateId ~= "" then
      certs[#certs + 1] = { group = s.group, domain = s.domain, item = here }
    end
  end
  -- fingerprints by body, the spec's and the live ones alike: many entries and bindings
  -- carry the same certificate (a body is public; no key is ever fingerprinted)
  local fps = {}
  local function fingerprint(body)
    local r = fps[body]
    if not r then r = table.pack(core.cert_fingerprint(body)); fps[body] = r end
    return table.unpack(r, 1, r.n)
  end
  reads = reads + live_reads.fingerprints(client, certs, conc, fingerprint)

  -- DNS proofs for the bindings to make (binds and moves)
  local proofs, dns_reads = nil, 0
  if url then
    proofs = {}
    local list = {}
    for _, s in ipairs(entries) do
      if s.state == "present" and not live[s.group].items[s.domain] then
        local x = { group = s.group, domain = s.domain, sub = live[s.group].SubDomain }
        list[#list + 1] = x
        proofs[s.group .. "/" .. s.domain] = x
      end
    end
    dns_reads = dns.prove(client, url, list, conc)
  end

  local ctx = { live = live, holder = holder, dns = proofs, now = now, cert_checks = cert_checks,
                fp_of = function(body) return (assert(fingerprint(body))) end }
  local out, listed = {}, {}
  for _, s in ipairs(entries) do
    out[#out + 1] = diff.entry(s, ctx)
    listed[s.group .. "/" .. s.domain] = true
    listed[s.domain] = listed[s.domain] or s.state == "present"
  end
  for _, gid in ipairs(opts.prune or {}) do
    for _, d in ipairs(live[gid].order) do
      -- a domain the spec wants elsewhere is moved, not unbound first
      if not listed[gid .. "/" .. d] and not listed[d] then
        out[#out + 1] = diff.pruned(gid, live[gid].items[d])
        listed[gid .. "/" .. d] = true
      end
    end
  end
  local limit = opts.domains_per_group
  if limit == nil then limit = P.DEFAULT_LIMIT end
  diff.quota(out, live, limit)

  local summary = { bind = 0, update = 0, move = 0, unbind = 0, unchanged = 0, blocked = 0, unverifiable = 0 }
  local KEY = { ["+"] = "bind", ["~"] = "update", ["-/+"] = "move", ["-"] = "unbind", ["="] = "unchanged", ["!"] = "blocked" }
  for _, x in ipairs(out) do
    summary[KEY[x.action]] = summary[KEY[x.action]] + 1
    if #x.unverifiable > 0 then summary.unverifiable = summary.unverifiable + 1 end
  end
  local plan = setmetatable({
    entries = out, summary = summary,
    changes = summary.bind + summary.update + summary.move + summary.unbind + summary.blocked,
    reads = reads, dns_reads = dns_reads, dns_url = url or false, groups = ids, client = client,
    _spec = want,
  }, Plan)
  note_drift(plan.changes)
  return plan
end

P.Plan = Plan
return P
