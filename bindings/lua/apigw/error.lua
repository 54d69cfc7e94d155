-- apigw.Error: the structured error every binding raises.
-- Fields: code, message, request_id, host_id, recommend, http_status, kind ("client",
-- "server", "network" or "config"), retryable, action, attempts, where.
local Error = {}
Error.__index = Error
Error.__name = "apigw.Error"

local function one_line(s)
  return (tostring(s):gsub("[\r\n]+", " "))
end

function Error.__tostring(e)
  local parts = {}
  if e.action then parts[#parts + 1] = e.action .. ": " end
  parts[#parts + 1] = tostring(e.code) .. ": " .. one_line(e.message or "")
  local extra = {}
  if e.http_status then extra[#extra + 1] = "HTTP " .. math.tointeger(e.http_status) end
  if e.request_id then extra[#extra + 1] = "RequestId " .. e.request_id end
  if e.attempts and e.attempts > 1 then extra[#extra + 1] = e.attempts .. " attempts" end
  if #extra > 0 then parts[#parts + 1] = " (" .. table.concat(extra, ", ") .. ")" end
  if e.where then parts[#parts + 1] = " at " .. e.where end
  return table.concat(parts)
end

-- Error.new{code=, message=, ...} -> error object (the table itself, with the metatable)
function Error.new(fields)
  fields.retryable = fields.retryable and true or false
  return setmetatable(fields, Error)
end

-- Error.is(v) -> true when v is an apigw.Error
function Error.is(v)
  return getmetatable(v) == Error
end

-- The first stack frame outside apigw's own code, as "file:line" (for local errors).
function Error.caller()
  for level = 3, 40 do
    local info = debug.getinfo(level, "Sl")
    if not info then break end
    local src = info.source or ""
    if info.currentline and info.currentline > 0 and src:sub(1, 7) ~= "=apigw." then
      return (info.short_src or "?") .. ":" .. info.currentline
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
