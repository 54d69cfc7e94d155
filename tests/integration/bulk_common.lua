-- Helpers shared by the bulk_*.lua integration playbooks (run by tests/integration/bulk.sh).
local M = {}
M.URL, M.LOG, M.TESTLIB = arg[1], arg[2], arg[3]
M.GROUP = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
M.t = dofile(M.TESTLIB)

-- GET /__emulator/stats (unsigned) through the curl program.
function M.stats()
  local p = assert(io.popen("curl -s " .. M.URL .. "/__emulator/stats"))
  local body = p:read("a")
  p:close()
  return apigw.json.decode(body)
end

-- The emulator's request log: one decoded table per API request.
function M.log()
  local out = {}
  for line in io.lines(M.LOG) do out[#out + 1] = apigw.json.decode(line) end
  return out
end

-- Stats and log once the emulator has logged every request it counted (it writes a line
-- when the answer has gone out, so just after the client's last answer one may be missing).
function M.settled()
  local stats, log
  for _ = 1, 100 do
    stats, log = M.stats(), M.log()
    if #log >= stats.requests and stats.inflight == 0 then break end
    apigw.sleep(0.05)
  end
  return stats, log
end

function M.count(list, pred)
  local n = 0
  for _, v in ipairs(list) do if pred(v) then n = n + 1 end end
  return n
end

function M.domains(n, prefix)
  local items = {}
  for i = 1, n do items[i] = ("%s%d.bulk.example.com"):format(prefix or "d", i) end
  return items
end

function M.bind(client)
  return function(domain)
    return client:set_domain{ GroupId = M.GROUP, DomainName = domain, BindStageName = "RELEASE" }
  end
end

-- Wall-clock seconds (apigw exposes no clock; the date program is precise enough for the
-- generous bounds these tests use).
function M.now()
  local p = assert(io.popen("date +%s.%N"))
  local s = p:read("l")
  p:close()
  return tonumber(s)
end

return M
