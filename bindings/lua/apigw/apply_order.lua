-- The order apply sends entries in (docs/declarative.md, "Apply"): a plan counts a group's
-- places (domains per group and type) after its unbinds and moves out, so an entry that
-- takes a place must not reach the service before the entries that free one in its group.
-- Entries go to apigw.map in waves, each in plan order: unbinds (-), then moves (-/+), then
-- the rest; an entry that takes a place in group g waits, once its turn has come, until the
-- unbinds of g (and, unless it is a move itself, the moves out of g) in flight have ended.
-- apigw.map starts items in list order without yielding in between, so when an entry starts,
-- every entry of an earlier wave has started already (or was skipped by a journal): it waits
-- only for entries in flight, which never wait for a later wave. No cycle, no deadlock.
local sched = require "apigw.sched"

local O = {}

local POLL = 0.005 -- seconds between looks while waiting (only when a wait is needed)

local function wave(e)
  if e.action == "-" then return 1 end
  if e.action == "-/+" then return 2 end
  return 3
end

local function live_type(e)
  local t = e.live and e.live.CustomDomainType
  return type(t) == "string" and t:upper() or "INTERNET"
end

-- Does the entry take a place in its group (a bind, a move in, a change of type)?
local function takes(e)
  if e.action == "+" or e.action == "-/+" then return true end
  local t = e.want and e.want.CustomDomainType
  return e.action == "~" and type(t) == "string" and t:upper() ~= live_type(e)
end

-- O.new(entries) -> order (a list of plan indices), tracker
function O.new(entries)
  local order = {}
  for i = 1, #entries do order[i] = i end
  table.sort(order, function(a, b)
    local wa, wb = wave(entries[a]), wave(entries[b])
    if wa ~= wb then return wa < wb end
    return a < b
  end)
  -- in flight, by group: unbinds (1) and moves out (2)
  local flying = { {}, {} }
  local T = {}
  local function releases(e)
    if e.action == "-" then return 1, e.group end
    if e.action == "-/+" and e.from_group then return 2, e.from_group end
    return nil
  end
  function T.started(e)
    local w, g = releases(e)
    if w then flying[w][g] = (flying[w][g] or 0) + 1 end
  end
  function T.ended(e)
    local w, g = releases(e)
    if w then flying[w][g] = flying[w][g] - 1 end
  end
  -- Called by an entry right before its first write.
  function T.wait(e)
    if not takes(e) then return end
    local g = e.group
    local function busy()
      return (flying[1][g] or 0) > 0 or (e.action ~= "-/+" and (flying[2][g] or 0) > 0)
    end
    while busy() do sched.sleep(POLL) end
  end
  return order, T
end

return O
