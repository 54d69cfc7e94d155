-- The two host-name validators must agree on what they accept: the C fast path
-- (core.plain_hostname, bindings/lhostname.c) decides set_domain's DomainName check, and the
-- Lua rules (apigw.domain's rules_problem) explain what it refuses. A name the C test refuses
-- but the rules accept would get no explanation; a name the rules refuse but the C test
-- accepts would be sent although the documented rules say no. Compared on edge cases and on
-- generated names (fixed seed, so a failure can be replayed).
local t = dofile(arg[1])
local core = require "apigw.core"
local domain = require "apigw.domain"
local plain, rules = core.plain_hostname, domain.rules_problem

local disagreements, accepted, compared = {}, 0, 0
local function compare(name)
  compared = compared + 1
  local c = plain(name)
  local why = rules(name)
  if c ~= (why == nil) then
    if #disagreements < 10 then
      disagreements[#disagreements + 1] = ("%q: C %s, Lua %s"):format(name,
        c and "accepts" or "refuses", why and ("refuses (" .. why .. ")") or "accepts")
    end
  elseif c then
    accepted = accepted + 1
  end
  return c
end

local function check(what)
  t.eq(#disagreements, 0, what .. " disagree:\n  " .. table.concat(disagreements, "\n  "))
end

local function rep(ch, n) return ch:rep(n) end
local l63, l64 = rep("a", 63), rep("a", 64)
-- a name of exactly n characters: labels of 63 joined by dots, ending in a letter label
local function of_length(n, prefix)
  local s = prefix or ""
  while #s < n do
    local room = n - #s
    if #s > #(prefix or "") then s = s .. "."; room = room - 1 end
    s = s .. rep("b", math.min(63, room))
  end
  return s
end

t.case("edge cases: both validators give the documented answer", function()
  local accept = { "a.b", "api.example.com", "A.EXAMPLE.COM", "x-1.example.com", "*.example.com",
    "1.example.com", "123.456.com", "a.b1", "a.1b", "xn--fsq.example.com", "a-b-c.d-e",
    l63 .. ".com", "*." .. l63 .. ".com", of_length(253), "*." .. of_length(251),
    "a.b.c.d.e.f.g.h.i.j.k", "0x1.example.com", "a--b.example.com" }
  local refuse = { "", ".", "..", "a", "com", "*", "*.", "*.com", "**.example.com", "a.*.com",
    "*a.example.com", "a*.example.com", "example.*", "*.*.example.com", ".example.com",
    "example.com.", "a..com", "-a.com", "a-.com", "a.-com", "a.com-", "-.com", "a.-",
    l64 .. ".com", "a." .. l64, of_length(254), "*." .. of_length(252), "1.2.3.4", "a.123",
    "127.0.0.1", "a_b.example.com", "a b.example.com", "a.example.com ", " a.example.com",
    "a\0.example.com", "a.example.com\0", "\0", "a/b.com", "a:80.com", "a.com:443", "é.example.com",
    "a.\255", "\128.com", "a.example.c\r\n", "a\t.com", "a@b.com", "a.b\\c", "%41.com",
    "xn--.com-", "a.b.", "*..com", "*.-a.com", "*.a" }
  for _, name in ipairs(accept) do
    t.eq(compare(name), true, ("C accepts %q"):format(name))
  end
  for _, name in ipairs(refuse) do
    t.eq(compare(name), false, ("C refuses %q"):format(name))
  end
  check("edge cases")
end)

-- xoshiro from Lua 5.4's math.random, with a fixed seed: the same names every run
math.randomseed(20240607)
local random = math.random

t.case("random strings over an alphabet of the characters that matter", function()
  local alphabet = { "a", "z", "A", "Z", "0", "9", "-", ".", "*", "_", " ", "\0", "\128", "\255",
                     "\n", "/", ":", "%", "é" }
  for _ = 1, 60000 do
    local n = random(0, 12)
    local parts = {}
    for i = 1, n do parts[i] = alphabet[random(#alphabet)] end
    compare(table.concat(parts))
  end
  check("random strings")
end)

-- Mostly valid names with one thing wrong, or near the limits: labels of 0 to 65 characters
-- (letters, digits, hyphens at any position), 1 to 6 labels, optional "*." and trailing dot.
local function label()
  local r = random()
  local len
  if r < 0.05 then len = 0 elseif r < 0.15 then len = random(62, 65) else len = random(1, 8) end
  local chars = {}
  for i = 1, len do
    local k = random(100)
    if k <= 60 then chars[i] = string.char(random(97, 122))
    elseif k <= 70 then chars[i] = string.char(random(65, 90))
    elseif k <= 90 then chars[i] = string.char(random(48, 57))
    elseif k <= 99 then chars[i] = "-"
    else chars[i] = ({ "*", "_", "\0", "\200" })[random(4)] end
  end
  return table.concat(chars)
end

t.case("generated names near the rules and the limits", function()
  local before = accepted
  for _ = 1, 60000 do
    local labels = {}
    for i = 1, random(1, 6) do labels[i] = label() end
    local name = table.concat(labels, ".")
    if random() < 0.1 then name = "*." .. name end
    if random() < 0.03 then name = name .. "." end
    if random() < 0.05 then name = name .. "." .. tostring(random(0, 999)) end -- numeric last label
    compare(name)
  end
  check("generated names")
  t.truthy(accepted - before > 8000, ("enough of them valid to compare acceptances (%d)"):format(accepted - before))
end)

t.case("generated names around 253 characters", function()
  for n = 240, 260 do
    for _ = 1, 200 do
      local labels, len = {}, 0
      while len < n do
        local l = rep(string.char(random(97, 122)), random(1, 63))
        labels[#labels + 1] = l
        len = len + #l + 1
      end
      local name = table.concat(labels, "."):sub(1, n)
      if name:sub(-1) == "." then name = name:sub(1, -2) .. "x" end
      compare(name)
      compare("*." .. name:sub(3))
    end
  end
  check("long names")
end)

t.case("set_domain refuses, with a reason, every name the C test refuses", function()
  for _, name in ipairs{ "a..com", "a_b.example.com", "1.2.3.4", of_length(254), "*.a" } do
    local why = domain.domain_problem(name)
    t.truthy(type(why) == "string" and why ~= "is not a valid host name",
      ("a specific reason for %q, got %s"):format(name, tostring(why)))
  end
  t.eq(domain.domain_problem("api.example.com"), nil)
end)

print(("compared %d names, %d accepted by both"):format(compared, accepted))
t.done()
