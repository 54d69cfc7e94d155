-- apigw.map's journal (docs/bulk.md, "Resumable runs") against apigw-emulator (started by
-- tests/integration/journal.sh with a request log): what is written, what a re-run skips, the
-- list it belongs to, torn and damaged files, the idempotency guard.
--   apigw-lua journal.lua URL LOG TESTLIB DIR
local URL, LOG, TESTLIB, DIR = arg[1], arg[2], arg[3], arg[4]
local t = dofile(TESTLIB)
local GROUP = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
local client = apigw.client{ endpoint = URL }

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function log_count(pred)
  local n = 0
  for line in io.lines(LOG) do
    if pred(apigw.json.decode(line)) then n = n + 1 end
  end
  return n
end

local function domains(n, prefix)
  local out = {}
  for i = 1, n do out[i] = ("%s%d.bulk.example.com"):format(prefix, i) end
  return out
end

-- Runs a journaled map binding each item; returns results, errors, calls of fn, stderr-less.
local function bind_all(items, path, extra)
  local calls = 0
  local opts = { journal = path, concurrency = 4 }
  for k, v in pairs(extra or {}) do opts[k] = v end
  local r, e = apigw.map(items, function(d)
    calls = calls + 1
    return client:set_domain{ GroupId = GROUP, DomainName = type(d) == "table" and d.name or d }
  end, opts)
  return r, e, calls
end

t.case("a first run writes the header and one ok line per item", function()
  local path = DIR .. "/first.journal"
  local items = domains(10, "a")
  local r, e, calls = bind_all(items, path)
  t.eq(calls, 10); t.eq(next(e), nil); t.eq(#r, 10)
  local text = read(path)
  local lines = {}
  for l in text:gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  t.match(lines[1], "^apigw%-journal 1 10 %x+$", "header")
  t.eq(#lines, 11)
  local seen = {}
  for i = 2, 11 do
    local k = lines[i]:match("^ok (%S+)$")
    t.truthy(k, "line " .. i .. ": " .. lines[i])
    seen[k] = true
  end
  for _, d in ipairs(items) do t.truthy(seen[d], d .. " journaled") end
end)

t.case("a re-run skips every item done: nothing is sent", function()
  local path = DIR .. "/first.journal"
  local before = log_count(function(x) return x.action == "SetDomain" end)
  local r, e, calls = bind_all(domains(10, "a"), path)
  t.eq(calls, 0, "fn calls")
  t.eq(next(e), nil)
  for i = 1, 10 do t.eq(r[i], true) end
  t.eq(log_count(function(x) return x.action == "SetDomain" end), before, "requests")
end)

t.case("failed items are journaled as failed and done again by a re-run", function()
  local path = DIR .. "/mixed.journal"
  local items = { "b1.bulk.example.com", "b2.not-resolved.example.org", "b3.bulk.example.com" }
  local _, e, calls = bind_all(items, path)
  t.eq(calls, 3)
  t.eq(e[2].code, "DomainNotResolved")
  t.match(read(path), "\nfailed DomainNotResolved b2%.not%-resolved%.example%.org\n")
  local r2, e2, calls2 = bind_all(items, path)
  t.eq(calls2, 1, "only the failed one runs again")
  t.eq(e2[2].code, "DomainNotResolved")
  t.eq(r2[1], true); t.eq(r2[3], true)
end)

t.case("the same items in another order are the same list: the journal is resumed", function()
  local items = domains(10, "a")
  local reversed = {}
  for i = 1, #items do reversed[i] = items[#items + 1 - i] end
  local _, e, calls = bind_all(reversed, DIR .. "/first.journal")
  t.eq(calls, 0); t.eq(next(e), nil)
end)

t.case("core.hash_keys: FNV-1a 64 of the sorted keys, each with a newline", function()
  local core = require "apigw.core"
  t.eq(core.hash_keys({ "b", "a" }), "78ed6781f136a14e", "pinned (python: fnv1a64(b'a\\nb\\n'))")
  t.eq(core.hash_keys({ "a", "b" }), "78ed6781f136a14e")
  t.truthy(core.hash_keys({ "a", "c" }) ~= "78ed6781f136a14e")
  t.truthy(core.hash_keys({ "a\0b" }) ~= core.hash_keys({ "a\0c" }), "bytes after a NUL count")
  t.eq(core.hash_keys({}), "cbf29ce484222325")
  local ok, err = pcall(core.hash_keys, { "a", 5 })
  t.eq(ok, false); t.match(tostring(err), "key 2 is not a string")
end)

t.case("a journal of another item list is refused, and left as it was", function()
  local path = DIR .. "/first.journal"
  local before = read(path)
  local err = t.raises(function() bind_all(domains(11, "a"), path) end, "JournalError")
  t.match(err.message, "was written for another item list %(10 items, keys hash %x+; this list: 11 items, hash %x+%)")
  t.match(err.message, "first%.journal")
  t.raises(function() bind_all(domains(10, "z"), path) end, "JournalError")
  t.eq(read(path), before)
end)

t.case("a file that is not a journal is refused", function()
  local path = DIR .. "/notes.txt"
  write(path, "shopping list\n")
  local err = t.raises(function() bind_all(domains(2, "c"), path) end, "JournalError")
  t.match(err.message, "not a journal of apigw.map")
  t.eq(read(path), "shopping list\n")
end)

t.case("a torn last line (a crash mid-write) is ignored and cut off before appending", function()
  local path = DIR .. "/torn.journal"
  local items = domains(5, "d")
  bind_all({ items[1], items[2], items[3], items[4], items[5] }, path)
  local text = read(path)
  -- keep the header and the first two lines, then half of a third
  local cut = 0
  for _ = 1, 3 do cut = text:find("\n", cut + 1, true) end
  local third = text:sub(cut + 1, text:find("\n", cut + 1, true) - 1)
  write(path, text:sub(1, cut) .. third:sub(1, 5))
  local r, e, calls = bind_all(items, path)
  t.eq(calls, 3, "the torn item and the two after it run again")
  t.eq(next(e), nil); t.eq(#r, 5)
  local after = read(path)
  t.eq(select(2, after:gsub("\n", "\n")), 6, "header and five complete lines")
  t.truthy(not after:find(third:sub(1, 5) .. "ok", 1, true), "the torn bytes are gone")
  local _, _, calls3 = bind_all(items, path)
  t.eq(calls3, 0)
end)

t.case("a damaged line in the middle is refused, naming it", function()
  local path = DIR .. "/damaged.journal"
  local items = domains(3, "e")
  bind_all(items, path)
  local text = read(path)
  local nl = text:find("\n", 1, true)
  write(path, text:sub(1, nl) .. "garbage here\n" .. text:sub(nl + 1))
  local err = t.raises(function() bind_all(items, path) end, "JournalError")
  t.match(err.message, "damaged at line 2")
  -- a key that is not in the list
  write(path, text:sub(1, nl) .. "ok stranger.example.com\n")
  err = t.raises(function() bind_all(items, path) end, "JournalError")
  t.match(err.message, "key \"stranger.example.com\" is not in the item list")
end)

t.case("an empty file or a torn header starts over", function()
  local path = DIR .. "/empty.journal"
  write(path, "")
  local _, _, calls = bind_all(domains(2, "f"), path)
  t.eq(calls, 2)
  local header = read(path):match("^[^\n]*\n")
  write(path, header:sub(1, 10))
  local _, _, calls2 = bind_all(domains(2, "f"), path)
  t.eq(calls2, 2)
  t.eq(read(path):match("^[^\n]*\n"), header)
end)

t.case("key = function(item) names table items; keys with spaces and % round-trip", function()
  local path = DIR .. "/keys.journal"
  local items = { { name = "g1.bulk.example.com", note = "a b" }, { name = "g2.bulk.example.com" } }
  local function key(it) return it.name .. " 100%\n" end
  local _, _, calls = bind_all(items, path, { key = key })
  t.eq(calls, 2)
  t.match(read(path), "\nok g1%.bulk%.example%.com%%20100%%25%%0A\n")
  local _, _, calls2 = bind_all(items, path, { key = key })
  t.eq(calls2, 0)
end)

t.case("the options are checked before anything runs", function()
  local items = { { name = "h1.bulk.example.com" } }
  local err = t.raises(function() bind_all(items, DIR .. "/x.journal") end, "InvalidOption")
  t.match(err.message, "item 1 is a table; give key = function%(item%)")
  err = t.raises(function() bind_all({ "a", "a" }, DIR .. "/x.journal") end, "InvalidOption")
  t.match(err.message, "items 1 and 2 have the same key \"a\"")
  err = t.raises(function() bind_all(items, DIR .. "/x.journal", { key = function() return 5.5 end }) end, "InvalidOption")
  t.match(err.message, "must return a non%-empty string; for item 1 it returned number")
  err = t.raises(function() bind_all(items, DIR .. "/x.journal", { key = function() error("boom") end }) end, "InvalidOption")
  t.match(err.message, "the key function failed on item 1: .*boom")
  err = t.raises(function() apigw.map({ "a" }, function() end, { key = tostring }) end, "InvalidOption")
  t.match(err.message, "key= needs journal=")
  t.raises(function() apigw.map({ "a" }, function() end, { journal = "" }) end, "InvalidOption")
  t.raises(function() apigw.map({ "a" }, function() end, { journal = DIR .. "/y", key = "name" }) end, "InvalidOption")
  local f = io.open(DIR .. "/x.journal", "r")
  t.eq(f, nil, "no file was made")
  err = t.raises(function() bind_all({ "i1" }, DIR .. "/no/such/dir/j") end, "JournalError")
  t.match(err.message, "cannot be created")
end)

t.case("a journaled map refuses actions that are not idempotent, sending nothing", function()
  local path = DIR .. "/guard.journal"
  local before = log_count(function(x) return x.action == "CreateApiGroup" end)
  local _, e = apigw.map({ "grp_one", "grp_two" }, function(name)
    return client:create_api_group{ GroupName = name }
  end, { journal = path })
  t.eq(e[1].code, "NotIdempotent"); t.eq(e[2].code, "NotIdempotent")
  t.match(tostring(e[1]), "CreateApiGroup is not idempotent: a journaled apigw.map redoes the items in flight")
  t.eq(log_count(function(x) return x.action == "CreateApiGroup" end), before, "nothing sent")
  t.match(read(path), "\nfailed NotIdempotent grp_one\n")
  -- outside a journaled map the same call goes through, and idempotent ones inside it do
  local g = client:create_api_group{ GroupName = "grp_free" }
  t.truthy(g.GroupId)
  local r = apigw.map({ "j1" }, function() return client:describe_api_group{ GroupId = GROUP } end,
    { journal = DIR .. "/guard2.journal" })
  t.truthy(r[1])
end)

t.case("the journal is created with mode 0600 (journal.sh runs this under umask 000)", function()
  local path = DIR .. "/mode.journal"
  bind_all(domains(1, "m"), path)
  local p = assert(io.popen("stat -c %a " .. path))
  local mode = p:read("l")
  p:close()
  t.eq(mode, "600")
  -- a torn header is started over in a fresh, private file too
  assert(os.execute("chmod 644 " .. path))
  write(path, "apigw-jou")
  bind_all(domains(1, "m"), path)
  p = assert(io.popen("stat -c %a " .. path))
  mode = p:read("l")
  p:close()
  t.eq(mode, "600", "after starting over")
end)

t.case("no secret goes in the journal: keys and error codes only", function()
  local path = DIR .. "/secret.journal"
  local KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"
  local _, e = apigw.map({ "s1.bulk.example.com", "s2.bulk.example.com" }, function(d)
    return client:set_domain_certificate{ GroupId = GROUP, DomainName = d, CertificateName = "c",
      CertificateBody = "not a certificate", CertificatePrivateKey = KEY }
  end, { journal = path })
  t.truthy(e[1] and e[2], "both fail")
  local text = read(path)
  t.match(text, "\nfailed " .. e[1].code:gsub("%p", "%%%0") .. " s1%.bulk%.example%.com\n")
  t.truthy(not text:find("MIIEvQ", 1, true), "no private key")
  t.truthy(not text:find("demoAccessKeySecret", 1, true), "no AccessKey secret")
  t.truthy(not text:find(e[1].message, 1, true), "no message")
end)

t.case("an item's own tasks are guarded too, and the guard ends with the map", function()
  local path = DIR .. "/guard3.journal"
  local _, e = apigw.map({ "sub1" }, function(name)
    local task = apigw.spawn(function() return client:create_api_group{ GroupName = name } end)
    return task:wait()
  end, { journal = path })
  t.eq(e[1] and e[1].code, "NotIdempotent")
  -- a task the map did not start is not guarded, even while a journaled map runs
  local outside = apigw.spawn(function()
    apigw.sleep(0.05)
    return client:create_api_group{ GroupName = "grp_beside" }
  end)
  local r = apigw.map({ "w1" }, function() apigw.sleep(0.2); return true end,
    { journal = DIR .. "/guard4.journal" })
  t.eq(r[1], true)
  t.truthy(outside:wait().GroupId, "the task beside the map created its group")
end)

t.case("a line is fsynced within about a second even when no other item ends", function()
  local core = require "apigw.core"
  local path = DIR .. "/timer.journal"
  local real, calls = core.fsync, 0
  core.fsync = function(f) calls = calls + 1; return real(f) end
  local seen
  local ok, err = pcall(apigw.map, { "t1", "t2" }, function(name)
    if name == "t2" then
      apigw.sleep(1.5)
      seen = calls -- t1's line ended at once; t2 is still running
    end
    return true
  end, { journal = path, concurrency = 2 })
  core.fsync = real
  assert(ok, err)
  t.eq(seen, 1, "fsyncs while t2 ran (t1's line, by the timer)")
  t.eq(calls, 2, "and one at the end (t2's line)")
end)

t.case("core.fsync and core.truncate", function()
  local core = require "apigw.core"
  local path = DIR .. "/durable.txt"
  local f = assert(io.open(path, "w"))
  f:write("hello world")
  t.eq(core.fsync(f), true)
  t.eq(read(path), "hello world", "flushed")
  f:close()
  t.truthy(not pcall(core.fsync, f), "a closed file is refused")
  t.truthy(not pcall(core.fsync, "not a file"), "a string is refused")
  local d = assert(io.open(DIR, "r"))
  t.eq(core.fsync(d), true, "a directory")
  d:close()
  t.eq(core.truncate(path, 5), true)
  t.eq(read(path), "hello")
  local ok, why = core.truncate(path, 6)
  t.eq(ok, nil); t.match(why, "past the end")
  ok, why = core.truncate(DIR .. "/missing", 0)
  t.eq(ok, nil); t.match(why, "No such file")
end)

t.done()
