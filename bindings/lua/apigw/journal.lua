-- apigw.map's journal (docs/bulk.md, "Resumable runs"): one line per completed item, so that a
-- run killed at any moment can be run again and do only what is left.
--
--   apigw-journal 1 <items> <hash>     the header: how many items, FNV-1a 64 of their keys
--   ok <key>                           an item that succeeded (a re-run skips it)
--   failed <code> <key>                an item that failed (a re-run does it again)
--
-- Keys and codes are written with %XX for bytes below 0x21, '%' and 0x7f, so a line is
-- always three or two words. Nothing else goes in: no parameter, answer or message, so no
-- secret a call carries. The file is created with mode 0600. Each line is written to the
-- file at once (one write: a process killed with SIGKILL loses no line it reported); the
-- fsyncs are batched: one when a line comes a second or more after the last one, else a
-- timer's a second after it, and one at the end: a machine that loses power loses at most
-- the lines of the last second. A torn last line (no newline) is what a crash in the middle
-- of a write leaves: it is ignored, and cut off before the next line is appended.
local core = require "apigw.core"
local Error = require "apigw.error"
local sched = require "apigw.sched"

local J = {}

local MAGIC, VERSION = "apigw-journal", 1
local FSYNC_INTERVAL = 1.0

local function fail(path, fmt, ...)
  Error.raise_client(nil, "JournalError", ("apigw.map: journal %s: "):format(path) .. fmt:format(...))
end

local UNSAFE = "[%z\1-\32%%\127]"
local function escape(s)
  if not s:find(UNSAFE) then return s end -- the common case: a name as it is
  return (s:gsub(UNSAFE, function(c) return ("%%%02X"):format(c:byte()) end))
end

local function unescape(s)
  if s:gsub("%%%x%x", ""):find("%", 1, true) then return nil end
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

-- core.hash_keys: FNV-1a 64 over the keys in byte order, each followed by a newline byte: the
-- header names the item list, so that a journal is never applied to another list. Sorted
-- first: the same items in another order (rows of a query, a table's pairs) are the same list.
local hash_keys = core.hash_keys

local function header_of(keys)
  return ("%s %d %d %s\n"):format(MAGIC, VERSION, #keys, hash_keys(keys))
end

-- Reads an existing journal: the keys done (ok) and the length of its complete lines.
local function load(path, text, header, index)
  if text:sub(1, #header) ~= header then
    local n, hash = text:match("^apigw%-journal %d+ (%d+) (%x+)\n")
    if not n then
      fail(path, "not a journal of apigw.map (its first line is not an %s %d header); remove it or name another file", MAGIC, VERSION)
    end
    fail(path, "was written for another item list (%s items, keys hash %s; this list: %d items, hash %s); remove it or name another file",
      n, hash, #index.list, header:match("(%x+)\n$"))
  end
  local done, ndone = {}, 0
  local pos, line_no = #header + 1, 1
  local good = #header
  while pos <= #text do
    local nl = text:find("\n", pos, true)
    if not nl then break end -- the torn last line of a crash: ignored
    line_no = line_no + 1
    local line = text:sub(pos, nl - 1)
    local ok_key = line:match("^ok (%S+)$")
    local code, failed_key = line:match("^failed (%S+) (%S+)$")
    local key = unescape(ok_key or failed_key or "")
    if not key or (failed_key and not unescape(code)) then
      fail(path, "damaged at line %d (%q); remove it to start over", line_no, line:sub(1, 80))
    end
    if not index.set[key] then
      fail(path, "damaged at line %d: key %q is not in the item list", line_no, key:sub(1, 80))
    end
    if ok_key then
      if not done[key] then ndone = ndone + 1 end
      done[key] = true
    end
    pos = nl + 1
    good = nl
  end
  return done, ndone, good
end

local Journal = {}
Journal.__index = Journal

-- J.open(path, keys [, read_only]) -> journal. keys: the items' keys, in order, unique.
-- Creates the file (header, fsync, fsync of its directory) or loads it; raises JournalError
-- naming the file. read_only (under --check): an existing journal is loaded and checked, none
-- is created, nothing is appended: a held-back write is not done, and a journal that said so
-- would make the real run skip it.
function J.open(path, keys, read_only)
  local set = {}
  for i = 1, #keys do set[keys[i]] = true end
  local header = header_of(keys)
  local text
  local f = io.open(path, "rb")
  if f then
    text = f:read("a")
    f:close()
    if not text then fail(path, "cannot be read") end
  end
  local done, ndone = {}, 0
  local fresh = not text or text == "" or (not text:find("\n", 1, true) and header:sub(1, #text) == text)
  if read_only then
    if not fresh then done, ndone = load(path, text, header, { set = set, list = keys }) end
    return setmetatable({ path = path, done = done, ndone = ndone, read_only = true,
                          last_sync = core.now(), dirty = false, syncs = 0 }, Journal)
  end
  if fresh then
    local ok, why = core.create_private(path, header)
    if not ok then fail(path, "%s", why) end
  else
    local good
    done, ndone, good = load(path, text, header, { set = set, list = keys })
    if good < #text then
      local ok, why = core.truncate(path, good)
      if not ok then fail(path, "its torn last line cannot be cut off: %s", why) end
    end
  end
  local out, why = io.open(path, "ab")
  if not out then fail(path, "cannot be opened for writing: %s", why) end
  return setmetatable({ path = path, f = out, done = done, ndone = ndone,
                        last_sync = core.now(), dirty = false, syncs = 0 }, Journal)
end

-- Appends one item's outcome: true, or the error code of its failure.
function Journal:record(key, outcome)
  if self.read_only then return end
  if self.err then error(self.err, 0) end -- the timer's fsync failed
  local f = self.f
  local ok, why
  if outcome == true then
    ok, why = f:write("ok ", escape(key), "\n")
  else
    ok, why = f:write("failed ", escape(tostring(outcome)), " ", escape(key), "\n")
  end
  if ok then ok, why = f:flush() end -- one write(2): the whole line, or (a crash) a torn one
  if not ok then fail(self.path, "cannot be written: %s", why) end
  self.dirty = true
  local t = core.now()
  if t - self.last_sync >= FSYNC_INTERVAL then
    self:sync(t)
  elseif not self.timer then
    -- no line may wait longer than a second for its fsync, even when no other item ends
    self.timer = sched.after(FSYNC_INTERVAL - (t - self.last_sync), function()
      self.timer = nil
      if not self.f then return end
      local ok, err = pcall(self.sync, self)
      if not ok then self.err = self.err or err end
    end)
  end
end

function Journal:sync(t)
  if not self.dirty then return end
  local ok, why = core.fsync(self.f)
  if not ok then fail(self.path, "cannot be written: %s", why) end
  self.dirty, self.last_sync = false, t or core.now()
  self.syncs = self.syncs + 1
end

function Journal:close()
  if not self.f then return end
  if self.timer then sched.cancel(self.timer); self.timer = nil end
  local ok, err = pcall(self.sync, self)
  if ok and self.err then ok, err = false, self.err end
  self.f:close()
  self.f = nil
  if not ok then error(err, 0) end
end

J.escape, J.unescape, J.hash_keys = escape, unescape, hash_keys

-- A journaled apigw.map: the items' keys, the journal, and a guard that refuses the calls of
-- actions that are not idempotent from the map's workers (a resumed run redoes the items that
-- were in flight: doing one twice must leave what doing it once leaves).
local call = require "apigw.call"
local idempotent = require("apigw.actions").idempotent

-- The guard, in apigw.call's prepare stage while at least one journaled map runs: a call made
-- by a task of such a map (task.journal, inherited by the tasks it spawns) must be idempotent.
local guarded = 0
local function guard(action)
  local task = sched.current()
  if task and task.journal and not idempotent(action) then
    return Error.new{ code = "NotIdempotent", kind = "client", action = action, retryable = false,
      where = Error.caller(),
      message = ("%s is not idempotent: a journaled apigw.map redoes the items in flight when it is resumed, so its items may call only idempotent actions (docs/bulk.md, \"Resumable runs\")"):format(action) }
  end
end

local function key_of(keyfn, item, i, path)
  local k
  if keyfn then
    local ok, r = pcall(keyfn, item, i)
    if not ok then
      Error.raise_client(nil, "InvalidOption",
        ("apigw.map: the key function failed on item %d: %s"):format(i, tostring(r)))
    end
    k = r
  else
    k = item
  end
  if type(k) ~= "string" or k == "" then
    Error.raise_client(nil, "InvalidOption", keyfn
      and ("apigw.map: the key function must return a non-empty string; for item %d it returned %s"):format(i, type(k) == "string" and '""' or type(k))
      or ("apigw.map: journal %s: item %d is a %s; give key = function(item) ... end that returns a string naming it"):format(path, i, type(item)))
  end
  return k
end

local Run = {}
Run.__index = Run

-- J.start(items, total, opts) -> run: checks journal= and key=, computes every key (unique),
-- opens the journal and installs the guard.
function J.start(items, total, opts)
  local path, keyfn = opts.journal, opts.key
  if type(path) ~= "string" or path == "" then
    Error.raise_client(nil, "InvalidOption", opts.journal == nil
      and "apigw.map: key= needs journal= (the file that records the items done)"
      or "apigw.map: journal must be a file name (a non-empty string)")
  end
  if keyfn ~= nil and type(keyfn) ~= "function" then
    Error.raise_client(nil, "InvalidOption", "apigw.map: key must be a function(item, index) returning a string")
  end
  local keys, first = {}, {}
  for i = 1, total do
    local k = key_of(keyfn, items[i], i, path)
    if first[k] then
      Error.raise_client(nil, "InvalidOption",
        ("apigw.map: journal %s: items %d and %d have the same key %q; a journal needs one key per item"):format(path, first[k], i, k:sub(1, 80)))
    end
    first[k] = i
    keys[i] = k
  end
  local check = require("apigw.call").flags.check
  local j = J.open(path, keys, check)
  if j.ndone > 0 then
    io.stderr:write(("apigw-lua: map: journal %s: %d of %d items already done, skipped\n"):format(path, j.ndone, total))
  end
  if check then
    io.stderr:write(("apigw-lua: map: journal %s: --check: read, not written\n"):format(path))
  end
  local run = setmetatable({ keys = keys, journal = j, done = j.done, skipped = j.ndone }, Run)
  guarded = guarded + 1
  call.guard = guard
  run.guarded = true
  return run
end

-- Item i ended: true, or its error.
function Run:record(i, outcome)
  self.journal:record(self.keys[i], outcome == true or (outcome.code or "LuaError"))
end

function Run:close()
  if self.guarded then
    self.guarded = nil
    guarded = guarded - 1
    if guarded == 0 then call.guard = nil end
  end
  self.journal:close()
end

return J
