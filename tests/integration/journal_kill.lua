-- The client of the kill -9 rounds of tests/integration/journal.sh: binds N domains through a
-- journaled apigw.map at concurrency C; prints "done OK ERR" when the map returns.
--   apigw-lua --endpoint URL journal_kill.lua N C JOURNAL
local N, C, path = math.tointeger(tonumber(arg[1])), math.tointeger(tonumber(arg[2])), arg[3]
local items = {}
for i = 1, N do items[i] = ("k%d.bulk.example.com"):format(i) end
local r, e = apigw.map(items, function(d)
  return apigw.set_domain{ GroupId = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", DomainName = d }
end, { journal = path, concurrency = C })
local ok, bad = 0, 0
for i = 1, N do if r[i] then ok = ok + 1 elseif e[i] then bad = bad + 1 end end
print(("done %d %d"):format(ok, bad))
