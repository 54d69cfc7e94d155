-- The action table's `writes` marks (docs/actions.md): every entry has one, Describe* entries
-- read, the rest write; actions.writes() for names outside the table; the table's checker
-- (actions.check) refuses an entry without the mark or a Describe action marked as writing
-- (the table's source is loaded again with one entry changed).
local t = dofile(arg[1])
local src_path = arg[2]
local actions = require "apigw.actions"

t.case("every entry says whether it writes; Describe* read, the others write", function()
  local reads = {}
  for _, a in ipairs(actions.actions) do
    t.eq(type(a.writes), "boolean", a.action .. ".writes")
    t.eq(a.writes, a.action:sub(1, 8) ~= "Describe", a.action .. ".writes")
    t.eq(actions.writes(a.action), a.writes, "writes(" .. a.action .. ")")
    if not a.writes then reads[#reads + 1] = a.action end
  end
  table.sort(reads)
  t.eq(table.concat(reads, ","), "DescribeApiGroup,DescribeApiGroups,DescribeDomain")
end)

t.case("outside the table: only Describe* reads", function()
  t.eq(actions.writes("DescribeRegions"), false)
  t.eq(actions.writes("ModifyThing"), true)
  t.eq(actions.writes("ListThings"), true, "not a documented read prefix: held back")
  t.eq(actions.writes("describeX"), true, "the prefix is case-sensitive, as action names are")
  t.eq(actions.writes("Describ"), true)
end)

local function load_changed(from, to)
  local f = assert(io.open(src_path, "r"))
  local src = f:read("a")
  f:close()
  local changed, n = src:gsub(from, to, 1)
  t.eq(n, 1, "the substitution applies")
  local chunk = assert(load(changed, "=actions.lua"))
  -- the shape is checked by the table's check() (run by the build), not when it loads
  return pcall(function()
    local T = chunk()
    T.check()
    return T
  end)
end

t.case("the checker refuses an entry without writes", function()
  local ok, err = load_changed('lua = "set_domain", idempotent = true, writes = true,',
                               'lua = "set_domain", idempotent = true,')
  t.eq(ok, false)
  t.match(err, "^apigw%.actions: entry 1 %(SetDomain%): writes must be true or false$")
end)

t.case("the checker refuses writes that is not a boolean", function()
  local ok, err = load_changed('lua = "delete_domain", idempotent = true, writes = true,',
                               'lua = "delete_domain", idempotent = true, writes = "yes",')
  t.eq(ok, false)
  t.match(err, "entry 3 %(DeleteDomain%): writes must be true or false$")
end)

t.case("the checker refuses a Describe action marked as writing", function()
  local ok, err = load_changed('lua = "describe_domain", idempotent = true, writes = false,',
                               'lua = "describe_domain", idempotent = true, writes = true,')
  t.eq(ok, false)
  t.match(err, "entry 2 %(DescribeDomain%): a Describe action cannot write$")
end)

t.case("the unchanged source loads", function()
  local ok, tbl = load_changed("^", "")
  t.eq(ok, true, tostring(tbl))
  t.eq(#tbl.actions, #actions.actions)
end)

t.done()
