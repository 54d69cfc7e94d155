-- apigw.map(items, fn [, {concurrency = N, progress = bool, journal = path, key = fn}])
--   -> results, errors
-- Runs fn over every item with at most N calls in flight. Every index ends in exactly
-- one of results or errors; a function that returns nothing counts as true. With a journal
-- (apigw.journal, loaded by the first map that has one), the items it says are done are
-- skipped (their result is true).
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local sched = require "apigw.sched"

local DEFAULT_CONCURRENCY, MAX_CONCURRENCY = 16, 256
local M = {}
M.progress_default = false

local function as_error(e)
  if Error.is(e) then return e end
  -- tostring can raise (a table whose __tostring fails): the item still ends in errors
  local ok, msg = pcall(tostring, e)
  if not ok or type(msg) ~= "string" then msg = ("an error value of type %s"):format(type(e)) end
  return Error.new{ code = "LuaError", message = msg, kind = "client" }
end

local Meter = {}
Meter.__index = Meter

local function new_meter(total, enabled)
  local tty = enabled and core.isatty(2)
  return setmetatable({ total = total, done = 0, errors = 0, start = core.now(),
                        last = 0, enabled = enabled, tty = tty }, Meter)
end

function Meter:tick(failed)
  self.done = self.done + 1
  if failed then self.errors = self.errors + 1 end
  if not self.tty then return end
  local now = core.now()
  if now - self.last < 0.1 and self.done < self.total then return end
  self.last = now
  local el = math.max(now - self.start, 1e-6)
  local rate = self.done / el
  local left = rate > 0 and (self.total - self.done) / rate or 0
  io.stderr:write(("\r\27[Kapigw-lua: %d/%d done, %d errors, %.1f calls/s, %.1f s left"):format(
    self.done, self.total, self.errors, rate, left))
end

-- Clears the meter's line (the map raised: no summary, the error says what happened).
function Meter:abort()
  if self.tty then io.stderr:write("\r\27[K") end
end

function Meter:close()
  if not self.enabled then return end
  local el = core.now() - self.start
  if self.tty then io.stderr:write("\r\27[K") end
  io.stderr:write(("apigw-lua: map: %d items, %d ok, %d errors in %.2f s (%.1f items/s)\n"):format(
    self.total, self.done - self.errors, self.errors, el, el > 0 and self.done / el or 0))
end

function M.map(items, fn, opts)
  if type(items) ~= "table" then
    Error.raise_client(nil, "InvalidParameter", "apigw.map: items must be a list (table), got " .. type(items))
  end
  if type(fn) ~= "function" then
    Error.raise_client(nil, "InvalidParameter", "apigw.map: fn must be a function, got " .. type(fn))
  end
  opts = opts or {}
  if type(opts) ~= "table" then
    Error.raise_client(nil, "InvalidParameter", "apigw.map: options must be a table")
  end
  util.check_keys(opts, { "concurrency", "progress", "journal", "key" }, "apigw.map option", nil,
                  "InvalidOption")
  local n = opts.concurrency or DEFAULT_CONCURRENCY
  if math.type(n) ~= "integer" or n < 1 or n > MAX_CONCURRENCY then
    Error.raise_client(nil, "InvalidOption",
      ("apigw.map: concurrency must be an integer from 1 to %d, got %s"):format(MAX_CONCURRENCY, tostring(opts.concurrency)))
  end
  local progress = opts.progress
  if progress == nil then progress = M.progress_default end
  if type(progress) ~= "boolean" then
    Error.raise_client(nil, "InvalidOption", "apigw.map: progress must be a boolean")
  end
  local total = #items
  if getmetatable(items) == nil then
    -- a plain table must be a list: keys 1..n and nothing else, or some items would be
    -- skipped without a word (a hole makes # stop early, a string key is never visited)
    local n = 0
    for k in pairs(items) do
      n = n + 1
      if math.type(k) ~= "integer" or k < 1 or k > total then
        Error.raise_client(nil, "InvalidParameter",
          ("apigw.map: items must be a list with keys 1..n; it has key %s%s"):format(
            type(k) == "string" and ("%q"):format(k) or tostring(k),
            math.type(k) == "integer" and k > total and (" beyond a hole at %d"):format(total + 1) or ""))
      end
    end
  end
  -- results is filled out of order (answers come back in any order), which would put most
  -- of its keys in the hash part (about three times the memory of the array part); filled
  -- with false first, it is one array, allocated once at its final size. The false of a
  -- failed item is removed at the end.
  local jr = (opts.journal ~= nil or opts.key ~= nil) and require("apigw.journal").start(items, total, opts) or nil
  local done = jr and jr.done
  local results, errors = core.new_list(total, false), {}
  local meter = new_meter(total, progress)
  local next_index = 0
  -- A configuration error (no credentials, a bad profile or region...) would be every
  -- item's error: it stops the map. The items already running end; no other one starts;
  -- map raises that error (docs/bulk.md, "Configuration errors").
  local stopped
  local function worker()
    while not stopped do
      next_index = next_index + 1
      local i = next_index
      if i > total then return end
      if done and done[jr.keys[i]] then
        results[i] = true
        meter:tick(false)
      else
        local ok, r = pcall(fn, items[i], i)
        if ok then
          if r == nil then r = true end
          results[i] = r
        else
          r = as_error(r)
          if r.kind == "config" then
            stopped = stopped or r
            return
          end
          errors[i] = r
        end
        if jr then
          local jok, jerr = pcall(jr.record, jr, i, ok or r)
          if not jok then
            stopped = stopped or jerr
            return
          end
        end
        meter:tick(not ok)
      end
    end
  end
  local workers = {}
  for w = 1, math.min(n, total) do
    workers[w] = sched.spawn(worker)
    workers[w].entry = fn -- err.where of a call fn makes in tail position
    if jr then workers[w].journal = jr end -- the journal's guard knows its workers by this
  end
  if jr then
    -- the journal is closed (its last lines fsynced, its guard removed) also when the wait
    -- is cut short (an interrupt): a playbook that catches that goes on without the guard
    local wok, werr = pcall(function() for _, w in ipairs(workers) do w:wait() end end)
    local jok, jerr = pcall(jr.close, jr)
    if not wok then error(werr, 0) end
    if not jok then stopped = stopped or jerr end
  else
    for _, w in ipairs(workers) do w:wait() end
  end
  if stopped then
    meter:abort()
    error(stopped, 0)
  end
  for i in pairs(errors) do results[i] = nil end
  meter:close()
  return results, errors
end

return M
