-- The plan's two views (docs/declarative.md): tostring(plan), a list to read before anything
-- changes (statuses in plain words beside the raw values; colour only on a terminal, never
-- with NO_COLOR), and plan:json(), a stable shape with its keys always in the same order.
-- Neither shows a certificate (fingerprints only) nor a key.
local core = require "apigw.core"

local V = {}

local WORDS = {
  DomainBindingStatus = { BINDING = "active", BOUND = "not in effect" },
  DomainLegalStatus = { NORMAL = "serving", ABNORMAL = "blocked" },
  DomainCNAMEStatus = { RESOLVED = "DNS points here", UNRESOLVED = "DNS does not point here" },
  DomainWebSocketStatus = { OPEN = "WebSocket on", CLOSE = "WebSocket off", NORMAL = "WebSocket on" },
}
V.WORDS = WORDS

local COLOUR = { ["+"] = "32", ["~"] = "33", ["-/+"] = "35", ["-"] = "31", ["="] = "2", ["!"] = "1;31" }
local SUMMARY_ORDER = { "bind", "update", "move", "unbind", "unchanged", "blocked", "unverifiable" }

-- Colour when stdout is a terminal, NO_COLOR is unset or empty (https://no-color.org) and
-- TERM is not "dumb".
function V.colour_default(getenv, isatty)
  getenv, isatty = getenv or os.getenv, isatty or core.isatty
  local nc = getenv("NO_COLOR")
  if nc and nc ~= "" then return false end
  if getenv("TERM") == "dumb" then return false end
  return isatty(1) and true or false
end

local function value(v)
  if v == nil then return "(none)" end
  if type(v) == "string" then
    if v:match("^%x+$") and #v == 64 then return "sha256:" .. v:sub(1, 16) .. "..." end
    return ("%q"):format(v)
  end
  return tostring(v)
end

local function status_words(item)
  local parts = {}
  for _, k in ipairs{ "DomainBindingStatus", "DomainLegalStatus", "DomainCNAMEStatus", "DomainWebSocketStatus" } do
    local v = item[k]
    if v and v ~= "" then parts[#parts + 1] = ("%s (%s)"):format(v, WORDS[k][v] or "unknown") end
  end
  return table.concat(parts, ", ")
end

-- V.text(plan [, {color = bool}]) -> the human view
function V.text(plan, o)
  local colour = o and o.color
  if colour == nil then colour = V.colour_default() end
  local function paint(code, s) return colour and ("\27[%sm%s\27[0m"):format(code, s) or s end
  local lines = {}
  local function add(s) lines[#lines + 1] = s end
  local groups = plan.groups and #plan.groups or 0
  add(("apigw.plan: %d entr%s over %d group%s; %d read%s%s"):format(#plan.entries, #plan.entries == 1 and "y" or "ies",
    groups, groups == 1 and "" or "s", plan.reads, plan.reads == 1 and "" or "s",
    plan.dns_url and (", %d DNS lookup%s"):format(plan.dns_reads, plan.dns_reads == 1 and "" or "s") or ", DNS not checked"))
  for _, x in ipairs(plan.entries) do
    local where = x.from_group and ("group %s -> %s"):format(x.from_group, x.group) or ("group " .. x.group)
    local tag = x.index and ("want[%d]"):format(x.index) or "pruned"
    add(("%s %s  (%s, %s)"):format(paint(COLOUR[x.action], ("%-3s"):format(x.action)), x.domain, where, tag))
    if x.live then add("      now: " .. status_words(x.live)) end
    for _, c in ipairs(x.changes) do
      add(("      %s: %s -> %s"):format(c.field, value(c.before), value(c.after)))
    end
    if x.note then add("      " .. x.note) end
    if x.dns and x.action ~= "=" then add("      DNS: " .. x.dns) end
    if x.blocked then
      add(("      %s %s: %s"):format(paint(COLOUR["!"], "blocked:"), x.blocked.code, x.blocked.reason))
      add("      fix: " .. x.blocked.fix)
    end
    for _, f in ipairs(x.unverifiable) do
      local why = f == "DNS" and "the ownership proof is not checked" or
        f == "WebSocket" and ("the service answers %s"):format(value(x.live and x.live.DomainWebSocketStatus)) or
        "the service never returns it"
      add(("      ? %s: cannot be verified (%s)"):format(f, why))
    end
    if x.action == "=" and not x.live and x.state == "absent" then add("      not bound, as wanted (state absent)") end
    if #x.steps > 0 and x.action ~= "=" then
      -- a blocked entry sends nothing (apply skips it) unless it starts with ReactivateDomain
      local once = x.action == "!" and not x.reactivate and "once unblocked, would send: " or "sends: "
      add("      " .. once .. table.concat(x.steps, ", "))
    end
  end
  local s = plan.summary
  add(("Plan: %d to bind, %d to update, %d to move, %d to unbind, %d unchanged; %d blocked."):format(
    s.bind, s.update, s.move, s.unbind, s.unchanged, s.blocked))
  return table.concat(lines, "\n")
end

-- JSON with a fixed key order (lua-cjson's follows the hash) and [] for empty lists; each
-- string is apigw.json's (which writes "/" as it is: "-/+", not "-\/+").
local enc_string = core.json.encode

local function enc(v, keys)
  local t = type(v)
  if v == nil then return "null" end
  if t == "string" then return enc_string(v) end
  if t == "boolean" then return v and "true" or "false" end
  if t == "number" then return math.type(v) == "integer" and tostring(v) or ("%.17g"):format(v) end
  if t == "table" and keys then
    local parts = {}
    for _, k in ipairs(keys) do
      local kk, sub = k, nil
      if type(k) == "table" then kk, sub = k[1], k[2] end
      parts[#parts + 1] = enc_string(kk) .. ":" .. enc(v[kk], sub)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  if t == "table" then
    local parts = {}
    if #v > 0 or next(v) == nil then
      for i = 1, #v do parts[i] = enc(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local ks = {}
    for k in pairs(v) do ks[#ks + 1] = tostring(k) end
    table.sort(ks)
    for i, k in ipairs(ks) do parts[i] = enc_string(k) .. ":" .. enc(v[k]) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  return "null"
end

local CHANGE = { "field", "before", "after" }
local BLOCKED = { "code", "reason", "fix" }
local CERT = { "before", "after" }
local ENTRY = { "index", "group", "domain", "action", "from_group", "pruned", "before", "after",
  { "changes", nil }, "unverifiable", { "blocked", BLOCKED }, "reactivate", { "cert", CERT }, "dns", "steps" }

-- the live item without what is internal to the plan
local function before_of(x)
  if not x.live then return nil end
  local b = {}
  for k, v in pairs(x.live) do
    if k ~= "fingerprint" and k ~= "fingerprint_error" then b[k] = v end
  end
  return b
end

local function after_of(x)
  if x.action == "-" or x.state == "absent" or not x.want then return nil end
  local a = {}
  for k, v in pairs(x.want) do
    if k == "Certificate" then a.Certificate = x.cert.after and ("sha256:" .. x.cert.after) or nil
    else a[k] = v end
  end
  return a
end

-- V.json(plan) -> text
function V.json(plan)
  local list = {}
  for i, x in ipairs(plan.entries) do
    local changes = {}
    for j, c in ipairs(x.changes) do changes[j] = enc(c, CHANGE) end
    local row = {
      index = x.index, group = x.group, domain = x.domain, action = x.action,
      from_group = x.from_group, pruned = x.pruned or false,
      unverifiable = x.unverifiable, blocked = x.blocked, reactivate = x.reactivate or false,
      cert = (x.cert.before or x.cert.after) and x.cert or nil, dns = x.dns, steps = x.steps,
    }
    local parts = {}
    for _, k in ipairs(ENTRY) do
      local name, sub = k, nil
      if type(k) == "table" then name, sub = k[1], k[2] end
      local text
      if name == "changes" then text = "[" .. table.concat(changes, ",") .. "]"
      elseif name == "before" then text = enc(before_of(x))
      elseif name == "after" then text = enc(after_of(x))
      else text = enc(row[name], sub) end
      parts[#parts + 1] = enc_string(name) .. ":" .. text
    end
    list[i] = "{" .. table.concat(parts, ",") .. "}"
  end
  local s = plan.summary
  return ('{"version":1,"summary":%s,"changes":%d,"reads":%d,"dns_reads":%d,"entries":[%s]}'):format(
    enc(s, SUMMARY_ORDER), plan.changes, plan.reads, plan.dns_reads, table.concat(list, ","))
end

return V
