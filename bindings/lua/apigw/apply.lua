-- plan:apply(opts) = apigw.apply.run(plan, opts) (docs/declarative.md, "Apply"): writes each
-- entry's steps, domains concurrently through apigw.map, with the plan's client.
--
-- Calls: one DescribeApiGroup per group written (a move's old group too), made when the
-- first entry of that group starts, so the stale check compares with a read made just before
-- the writes; the entry's steps; and, once every entry of a group has written, one
-- DescribeApiGroup of that group for the read-back, plus one DescribeDomain per entry that
-- sent a certificate (its fingerprint). So a plan of N entries over G groups costs 2G + C
-- reads (C: certificates sent) beside its writes; "=" and blocked entries cost nothing.
-- Under check mode (writes answer {Check = true}) nothing is read back. With a journal, each
-- written entry reads its group back itself (N reads instead of G): the journal records an
-- entry as done when its function returns, so it must be verified by then.
local Error = require "apigw.error"
local util = require "apigw.util"
local map = require "apigw.map"
local sched = require "apigw.sched"
local entry_mod = require "apigw.apply_entry"
local result_mod = require "apigw.apply_result"
local order_mod = require "apigw.apply_order"

local M = {}

local OPTIONS = { "concurrency", "journal", "progress" }
local DEFAULT_CONCURRENCY = 8
local ACTIONS = { ["+"] = true, ["~"] = true, ["-/+"] = true, ["-"] = true, ["="] = true, ["!"] = true }

local function as_error(e)
  return Error.is(e) and e or Error.new{ code = "LuaError", message = tostring(e), kind = "client" }
end

local function bad_plan(fmt, ...)
  Error.raise_client(nil, "InvalidParameter", "plan:apply: " .. fmt:format(...))
end

local function check_plan(plan)
  if type(plan) ~= "table" or type(plan.entries) ~= "table" then
    bad_plan("expected a plan (from apigw.plan), got %s", type(plan) == "table" and "a table without entries" or type(plan))
  end
  for i, e in ipairs(plan.entries) do
    if type(e) ~= "table" or type(e.group) ~= "string" or type(e.domain) ~= "string"
        or not ACTIONS[e.action] or type(e.steps or {}) ~= "table" then
      bad_plan("entry %d is not a plan entry (group, domain, action, steps)", i)
    end
  end
end

local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    Error.raise_client(nil, "InvalidOption", "plan:apply: options must be a table, got " .. type(opts))
  end
  util.check_keys(opts, OPTIONS, "plan:apply option", nil, "InvalidOption")
  local c = opts.concurrency
  if c ~= nil and (math.type(c) ~= "integer" or c < 1 or c > 256) then
    Error.raise_client(nil, "InvalidOption", "plan:apply: concurrency must be an integer from 1 to 256, got " .. tostring(c))
  end
  if opts.progress ~= nil and type(opts.progress) ~= "boolean" then
    Error.raise_client(nil, "InvalidOption", "plan:apply: progress must be a boolean, got " .. type(opts.progress))
  end
  if opts.journal ~= nil then
    if type(opts.journal) ~= "string" or opts.journal == "" then
      Error.raise_client(nil, "InvalidOption", "plan:apply: journal must be a file name (a non-empty string)")
    end
    if not pcall(require, "apigw.journal") then
      Error.raise_client(nil, "InvalidOption",
        "plan:apply: journal needs apigw.map's journals, which this build lacks (issue 10 §5)")
    end
  end
  return opts
end

-- The live DomainItems of a group, by lower-case name; nil for a dry run's answer (no state
-- to compare with).
local function items_of(answer)
  if answer.DryRun then return nil end
  local cd = answer.CustomDomains
  local list = type(cd) == "table" and cd.DomainItem or {}
  if type(list) ~= "table" then list = {} end
  if list.DomainName then list = { list } end -- one item, not wrapped in a list
  local by = {}
  for _, it in ipairs(list) do
    if type(it.DomainName) == "string" then by[it.DomainName:lower()] = it end
  end
  return by
end

-- Reads of groups, shared by the entries: the first entry that needs a group starts its
-- DescribeApiGroup as a task; the others wait for the same task. A shared read that fails
-- is not the failure of every entry that waited for it: each of them then reads on its own,
-- so that one failed call fails at most one entry.
local function reader(client, counts)
  local tasks = {}
  local function read(gid)
    counts.reads = counts.reads + 1
    return items_of(client:describe_api_group{ GroupId = gid })
  end
  return function(gid)
    local t = tasks[gid]
    if not t then
      t = sched.spawn(read, gid)
      tasks[gid] = t
    end
    local ok, items = pcall(t.wait, t)
    if ok then return items end
    return read(gid)
  end, read
end

local function key_of(entry)
  return entry.group .. "/" .. entry.domain .. "/" .. entry.action
end

-- The private key of an entry's certificate: the plan keeps none in its entries; its
-- accessor (plan:key_of(entry), which reads the caller's spec) gives it to apply alone.
local function private_key(plan, entry)
  if type(plan.key_of) == "function" then return plan:key_of(entry) end
  return nil
end

local function is_check(answer)
  return type(answer) == "table" and (answer.Check == true or answer.DryRun == true)
end

-- Runs one entry to the end of its writes: returns its record (status may still be pending
-- the group's read-back).
local function write_entry(ctx, entry)
  local rec = { index = entry.index, group = entry.group, domain = entry.domain, action = entry.action,
                steps = {}, sent = {}, pruned = entry.pruned }
  local steps = entry.steps or {}
  if entry.action == "=" or (#steps == 0 and not entry.reactivate) then
    if entry.action == "!" then
      rec.status, rec.reason = "skipped", "blocked: " .. (entry.blocked and entry.blocked.reason or "(no reason given)")
      rec.blocked = true
    else
      rec.status = "ok"
    end
    return rec
  end
  if entry.action == "!" and not entry.reactivate then
    rec.status, rec.reason, rec.blocked = "skipped",
      "blocked: " .. (entry.blocked and entry.blocked.reason or "(no reason given)"), true
    return rec
  end
  -- the stale check: the binding as the plan saw it, in the group the plan saw it in
  local ok, err = pcall(function()
    local where = entry.action == "-/+" and entry.from_group or entry.group
    local now_items = ctx.read(where)
    local phrases
    if now_items then
      phrases = entry_mod.stale_phrases(entry.live, now_items[entry.domain:lower()])
      if not phrases and entry.action == "-/+" and where ~= entry.group then
        local here = ctx.read(entry.group)
        if here and here[entry.domain:lower()] then
          phrases = { ("group was %s at plan time, is %s now"):format(entry.from_group, entry.group) }
        end
      end
    end
    if phrases then
      rec.status, rec.stale = "skipped", true
      rec.reason = "stale: " .. table.concat(phrases, "; ") .. " (re-plan)"
    end
  end)
  if not ok then
    rec.status, rec.error = "failed", as_error(err)
    return rec
  end
  if rec.status then return rec end
  local client = ctx.client
  local function send(step)
    local p = entry_mod.params(step, entry, step == "SetDomainCertificate" and private_key(ctx.plan, entry) or nil)
    if step == "SetDomainCertificate" and (p.CertificateBody == nil or p.CertificatePrivateKey == nil) then
      error(Error.new{ code = "MissingCertificateKey", kind = "client", action = step,
        message = ("%s: the plan has no certificate or key to send for %s"):format(step, entry.domain) }, 0)
    end
    rec.steps[#rec.steps + 1] = step
    ctx.counts.writes = ctx.counts.writes + 1
    local answer = client[entry_mod.METHOD[step]](client, p)
    if is_check(answer) then rec.check = true end
    p.CertificatePrivateKey = nil -- the record keeps no secret
    rec.sent[step] = p
    return answer
  end
  ok, err = pcall(function()
    ctx.tracker.wait(entry) -- after the entries that free a place in its group (apigw.apply_order)
    if entry.reactivate then
      -- the cause (an ICP filing) may be gone: the service says, and a refusal leaves the
      -- entry blocked as planned
      local rok, rerr = pcall(send, "ReactivateDomain")
      if not rok then
        if Error.is(rerr) and rerr.kind == "client" and rerr.http_status and rerr.http_status < 500 then
          rec.steps[#rec.steps] = nil
          rec.sent.ReactivateDomain = nil
          rec.status, rec.blocked = "skipped", true
          rec.reason = ("blocked: %s (ReactivateDomain: %s)"):format(
            entry.blocked and entry.blocked.reason or "ABNORMAL", tostring(rerr.code))
          return
        end
        error(rerr, 0)
      end
    end
    for _, step in ipairs(steps) do
      if not (step == "ReactivateDomain" and rec.sent.ReactivateDomain) then send(step) end
    end
    -- the certificate's read-back is this entry's own
    if rec.sent.SetDomainCertificate and not rec.check then
      ctx.counts.reads = ctx.counts.reads + 1
      local d = client:describe_domain{ GroupId = entry.group, DomainName = entry.domain }
      rec.dom = { CertificateBody = d.CertificateBody, CertificateName = d.CertificateName }
    end
  end)
  if not ok then
    rec.status = "failed"
    rec.error = as_error(err)
    return rec
  end
  if rec.status then return rec end
  if rec.check then
    rec.status = "changed"
  else
    rec.status = "written" -- until the group's read-back
  end
  return rec
end

local function verify_one(r, items)
  local err, unverified = entry_mod.verify(r, items and items[r.domain:lower()], r.dom)
  r.unverified = unverified
  if err then r.status, r.error = "failed", err else r.status = "changed" end
  r.dom = nil
end

-- Verifies the written records of a group against one fresh read; when that read fails,
-- each record is verified against a read of its own (concurrently), so that the failure of
-- the shared read is nobody's failure by itself.
local function read_back(ctx, gid, recs)
  local todo = {}
  for _, r in ipairs(recs) do if r.status == "written" then todo[#todo + 1] = r end end
  if #todo == 0 then return end
  local ok, items = pcall(ctx.read_own, gid)
  if ok then
    for _, r in ipairs(todo) do verify_one(r, items) end
    return
  end
  local got, errs = map.map(todo, function(r) return ctx.read_own(gid) end,
                            { concurrency = math.min(ctx.concurrency, #todo), progress = false })
  for i, r in ipairs(todo) do
    if got[i] then
      verify_one(r, got[i])
    else
      r.status, r.error, r.note, r.dom = "failed", as_error(errs[i]), "written, but the read-back failed", nil
    end
  end
end

-- apigw.apply.run(plan [, opts]) -> result (apigw.apply_result)
function M.run(plan, opts)
  check_plan(plan)
  opts = check_opts(opts)
  local client = plan.client
  if client == nil then client = require("apigw").default_client() end
  local entries = plan.entries
  local counts = { reads = 0, writes = 0 }
  local shared, own = reader(client, counts)
  local ctx = { client = client, plan = plan, counts = counts, read = shared, read_own = own,
                concurrency = opts.concurrency or DEFAULT_CONCURRENCY }
  -- per group: how many entries may still write there, and their records
  local pending, recs_of = {}, {}
  for _, e in ipairs(entries) do
    if e.action ~= "=" and (e.action ~= "!" or e.reactivate) then
      pending[e.group] = (pending[e.group] or 0) + 1
    end
  end
  local records = {}
  local journaled = opts.journal ~= nil
  local order, tracker = order_mod.new(entries)
  ctx.tracker = tracker
  local items = {}
  for j, i in ipairs(order) do items[j] = entries[i] end
  local function one(e, j)
    local i = order[j]
    tracker.started(e)
    local rec = write_entry(ctx, e)
    tracker.ended(e)
    records[i] = rec
    -- a configuration error (no credentials...) would be every entry's: it stops the map,
    -- which raises it (docs/bulk.md, "Configuration errors")
    if rec.error and rec.error.kind == "config" then error(rec.error, 0) end
    local g = e.group
    if journaled then
      -- the journal records an entry done when this returns: it is verified first, on a
      -- read of its own, and an entry not done (failed, skipped) raises, so that a re-run
      -- with the journal does it again
      if rec.status == "written" then read_back(ctx, g, { rec }) end
      if rec.status == "failed" or rec.status == "skipped" then
        error(rec.error or Error.new{ code = rec.stale and "ApplyStale" or "ApplyBlocked", kind = "client",
                                      message = rec.reason or "skipped" }, 0)
      end
      return true
    end
    if pending[g] then
      local list = recs_of[g] or {}
      recs_of[g] = list
      list[#list + 1] = rec
      if e.action ~= "=" and (e.action ~= "!" or e.reactivate) then
        pending[g] = pending[g] - 1
        if pending[g] == 0 then read_back(ctx, g, list) end
      end
    end
    return true
  end
  local mopts = { concurrency = opts.concurrency or DEFAULT_CONCURRENCY, progress = opts.progress }
  if opts.journal then mopts.journal, mopts.key = opts.journal, key_of end
  local _, errs = map.map(items, one, mopts)
  local errors = {}
  for j, e in pairs(errs) do errors[order[j]] = e end
  -- Entries the map did not run (a journal's, done by an earlier run) and groups whose
  -- read-back is still owed (an entry not run): every entry ends accounted for.
  if not journaled then
    for g, n in pairs(pending) do
      if n > 0 and recs_of[g] then read_back(ctx, g, recs_of[g]) end
    end
  end
  for i, e in ipairs(entries) do
    if not records[i] then
      local err = errors[i]
      records[i] = { index = e.index, group = e.group, domain = e.domain, action = e.action, steps = {}, sent = {},
                     status = err and "failed" or "ok", error = err,
                     reason = not err and "done by an earlier run (journal)" or nil }
    end
  end
  return result_mod.new(records, counts)
end

return M
