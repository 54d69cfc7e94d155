-- guard.lua: refuses risky calls before anything is sent, with the error code GuardRefused.
--   * IsForce = true (it unbinds the domain from the group that holds it) unless
--     APIGW_ALLOW_FORCE=1;
--   * a DomainName outside the suffixes of APIGW_ALLOWED_SUFFIXES (comma-separated, such as
--     ".example.com,example.org": a name matches a suffix it equals or ends with after a
--     dot, case-insensitively); unset, no suffix is checked.
-- Reads (Describe*) are never refused. The checks run on the call's parameters and again on
-- each attempt's: load guard.lua after the hooks that edit parameters, so that it sees their
-- edits.
local function env_flag(name)
  local v = os.getenv(name)
  if v == nil or v == "" or v == "0" then return false end
  if v == "1" then return true end
  error(("%s must be 1 or 0, got %q"):format(name, v), 0)
end

local allow_force = env_flag("APIGW_ALLOW_FORCE")
local suffixes
local list = os.getenv("APIGW_ALLOWED_SUFFIXES")
if list ~= nil then
  suffixes = {}
  for item in list:gmatch("[^,]+") do
    item = item:match("^%s*(.-)%s*$"):lower():gsub("^%.", "")
    if item ~= "" then suffixes[#suffixes + 1] = item end
  end
  if #suffixes == 0 then
    error("APIGW_ALLOWED_SUFFIXES is set but lists no suffix (unset it to allow every domain)", 0)
  end
end

local function allowed(domain)
  local d = domain:lower():gsub("^%*%.", "")
  for _, s in ipairs(suffixes) do
    if d == s or d:sub(-#s - 1) == "." .. s then return true end
  end
  return false
end

local function refuse(e, why)
  error(apigw.Error.new{ code = "GuardRefused", kind = "client", action = e.action,
                         message = "guard.lua: " .. why }, 0)
end

local function check(e)
  if e.action:sub(1, 8) == "Describe" then return end
  local p = e.params
  if (p.IsForce == true or p.IsForce == "true") and not allow_force then
    refuse(e, "IsForce = true moves the domain away from the group that holds it; set APIGW_ALLOW_FORCE=1 to allow it")
  end
  local d = p.DomainName
  if suffixes and type(d) == "string" and not allowed(d) then
    refuse(e, ("DomainName %q is outside APIGW_ALLOWED_SUFFIXES (%s)"):format(d, table.concat(suffixes, ", ")))
  end
end

return { id = "guard", call = check, request = check }
