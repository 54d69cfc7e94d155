-- audit.lua: one JSON line per write to the file APIGW_AUDIT_FILE, flushed per line.
--   apigw-lua --hook scripts/hooks/audit.lua playbook.lua
-- A write is any action but Describe*. A line: {"time", "action", "params" (secret
-- parameters masked: what the last attempt sent, or what the call was given when nothing
-- was sent), "request_id", "outcome" ("ok" or the error code), "attempts", "dry_run",
-- "check" (true: --check held the write back, nothing was sent; request_id is then "check")}.
-- Load it before guard.lua to have refused calls recorded with their parameters.
local path = os.getenv("APIGW_AUDIT_FILE")
if not path or path == "" then
  error("APIGW_AUDIT_FILE is not set: name the file the audit lines are appended to", 0)
end
local f, why = io.open(path, "a")
if not f then error("cannot open APIGW_AUDIT_FILE: " .. tostring(why), 0) end

local function is_write(action)
  return action:sub(1, 8) ~= "Describe"
end

local function note(e)
  if is_write(e.action) then e.ctx.audit_params = apigw.mask(e.params, e.action) end
end

return {
  id = "audit",
  call = note,
  request = note,
  done = function(e)
    if not is_write(e.action) then return end
    local err = e.error
    local line = apigw.json.encode{
      time = os.date("!%Y-%m-%dT%H:%M:%SZ"),
      action = e.action,
      params = e.ctx.audit_params or apigw.json.null,
      request_id = (e.answer and e.answer.RequestId) or (err and err.request_id) or apigw.json.null,
      outcome = err and err.code or "ok",
      attempts = e.attempts,
      dry_run = e.dry_run,
      check = e.check or false,
    }
    f:write(line, "\n")
    f:flush()
  end,
}
