-- apigw.Error: the structured error every binding raises.
-- Fields: code, message, request_id, host_id, recommend, http_status, kind ("client",
-- "server", "network", "config" or "waiter"), retryable, action, attempts, where.
local Error = {}
Error.__index = Error
Error.__name = "apigw.Error"

-- The fields that hold text. Each is a string or nil, so that whoever reads an error (a
-- playbook, __tostring, the host printing it) never meets a table where it expects text.
local TEXT_FIELDS = { "code", "message", "request_id", "host_id", "recommend", "action",
                      "kind", "where" }

-- v as text for __tostring, which must never raise: an error can be changed after Error.new.
local function text(v)
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then return tostring(v) end
  return nil
end

local function one_line(s)
  return (s:gsub("[\r\n]+", " "))
end

function Error.__tostring(e)
  local parts = {}
  local action = text(e.action)
  if action then parts[#parts + 1] = action .. ": " end
  parts[#parts + 1] = (text(e.code) or "?") .. ": " .. one_line(text(e.message) or "")
  local extra = {}
  local status = type(e.http_status) == "number" and (math.tointeger(e.http_status) or e.http_status)
  if status then extra[#extra + 1] = "HTTP " .. status end
  local rid = text(e.request_id)
  if rid then extra[#extra + 1] = "RequestId " .. rid end
  local attempts = type(e.attempts) == "number" and math.tointeger(e.attempts)
  if attempts and attempts > 1 then extra[#extra + 1] = attempts .. " attempts" end
  if #extra > 0 then parts[#parts + 1] = " (" .. table.concat(extra, ", ") .. ")" end
  local where = text(e.where)
  if where then parts[#parts + 1] = " at " .. where end
  return table.concat(parts)
end

-- Error.new{code=, message=, ...} -> error object (the table itself, with the metatable).
-- A text field that is a number becomes its text; any other non-string raises
-- InvalidParameter naming the field.
function Error.new(fields)
  if type(fields) ~= "table" then
    Error.raise_client(nil, "InvalidParameter", "apigw.Error.new: expected a table of fields, got " .. type(fields))
  end
  for i = 1, #TEXT_FIELDS do
    local k = TEXT_FIELDS[i]
    local v = fields[k]
    if v ~= nil and type(v) ~= "string" then
      if type(v) ~= "number" then
        Error.raise_client(nil, "InvalidParameter",
          ("apigw.Error.new: field '%s' must be a string or nil, got %s"):format(k, type(v)))
      end
      fields[k] = tostring(v)
    end
  end
  fields.retryable = fields.retryable and true or false
  return setmetatable(fields, Error)
end

-- Error.is(v) -> true when v is an apigw.Error
function Error.is(v)
  return getmetatable(v) == Error
end

-- The function the running task was started with (apigw.map: the function it was given),
-- or nil; apigw.sched sets it. Error.caller falls back on it.
function Error.entry()
  return nil
end

local function ours(source)
  return source:sub(1, 7) == "=apigw."
end

-- Where in the playbook a local error comes from, as "file:line": the innermost frame that
-- is not apigw's own code (whatever the depth of the module's frames). A call in tail
-- position (`return apigw.set_domain{...}`) has removed the caller's frame; what is left is
-- then the frame below it (a pcall's line, say), and when nothing of the playbook is left on
-- the stack (the bottom of a task or of apigw.map's worker), the line where the task's
-- function begins. nil when none of these is known.
function Error.caller()
  local level = 2
  while true do
    local info = debug.getinfo(level, "Sl")
    if not info then break end
    if info.currentline > 0 and not ours(info.source) then
      return info.short_src .. ":" .. info.currentline
    end
    level = level + 1
  end
  local fn = Error.entry()
  if fn then
    local info = debug.getinfo(fn, "S")
    if info.what == "Lua" and not ours(info.source) then
      return info.short_src .. ":" .. info.linedefined
    end
  end
  return nil
end

-- Raises a local (client-side) error, naming where in the playbook it came from.
function Error.raise_client(action, code, message)
  error(Error.new{ code = code, message = message, kind = "client", action = action,
                   retryable = false, where = Error.caller() }, 0)
end

return Error
