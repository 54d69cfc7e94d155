-- metrics.lua: per action, the calls and how they went, printed when the run ends:
-- calls, ok, failed, attempts, retries, the calls' latency (p50, p90, p99, max, in ms) and
-- the error codes of the failed attempts. On stderr, or appended to APIGW_METRICS_FILE.
local out_path = os.getenv("APIGW_METRICS_FILE")
if out_path == "" then error("APIGW_METRICS_FILE is set but empty", 0) end

local by_action, order = {}, {}

local function stats(action)
  local s = by_action[action]
  if not s then
    s = { calls = 0, ok = 0, failed = 0, attempts = 0, retries = 0, ms = {}, codes = {} }
    by_action[action] = s
    order[#order + 1] = action
  end
  return s
end

-- nearest-rank percentile of a sorted list
local function pct(sorted, p)
  if #sorted == 0 then return 0 end
  local i = math.max(1, math.ceil(p / 100 * #sorted))
  return sorted[i]
end

local function report()
  local lines = { ("%-24s %7s %7s %7s %8s %7s %9s %9s %9s %9s  %s"):format(
    "action", "calls", "ok", "failed", "attempts", "retries", "p50 ms", "p90 ms", "p99 ms", "max ms", "codes") }
  table.sort(order)
  for _, action in ipairs(order) do
    local s = by_action[action]
    table.sort(s.ms)
    local codes = {}
    for code, n in pairs(s.codes) do codes[#codes + 1] = code .. "=" .. n end
    table.sort(codes)
    lines[#lines + 1] = ("%-24s %7d %7d %7d %8d %7d %9.1f %9.1f %9.1f %9.1f  %s"):format(
      action, s.calls, s.ok, s.failed, s.attempts, s.retries,
      pct(s.ms, 50), pct(s.ms, 90), pct(s.ms, 99), s.ms[#s.ms] or 0, table.concat(codes, ","))
  end
  return table.concat(lines, "\n") .. "\n"
end

return {
  id = "metrics",
  response = function(e)
    if e.error then
      local s = stats(e.action)
      s.codes[e.error.code] = (s.codes[e.error.code] or 0) + 1
    end
  end,
  done = function(e)
    local s = stats(e.action)
    s.calls = s.calls + 1
    if e.error then s.failed = s.failed + 1 else s.ok = s.ok + 1 end
    s.attempts = s.attempts + e.attempts
    if e.attempts > 1 then s.retries = s.retries + e.attempts - 1 end
    s.ms[#s.ms + 1] = e.ms
  end,
  finish = function()
    local text = "apigw-lua: metrics\n" .. report()
    if out_path then
      local f = assert(io.open(out_path, "a"))
      f:write(text)
      f:close()
    else
      io.stderr:write(text)
    end
  end,
}
