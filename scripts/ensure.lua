-- Makes the service hold the custom domains a file describes (docs/declarative.md): plans,
-- prints the plan, applies it, prints each entry's outcome and the recap. Exit status 1 if
-- any entry failed (a skipped entry, blocked or stale, is reported but is no failure).
--   apigw-lua scripts/ensure.lua [--prune GROUP]... [--plan-only] [--concurrency N] STATE.json|STATE.lua
-- The file is a list of entries (the fields of apigw.plan's spec: GroupId, DomainName,
-- BindStageName, ..., state), or an object {"domains": [...], "prune": ["GROUP", ...]}; a
-- .lua file returns the same table. A Certificate or CertificateKey value "@FILE" is read
-- from FILE (a PEM file; a relative name is taken from the state file's directory), so no
-- PEM text need be pasted into JSON. --prune GROUP (repeatable) also unbinds GROUP's domains
-- the file does not list; --plan-only prints the plan and changes nothing. There is no
-- --journal: a run after a crash plans again, and its plan leaves out what was done (a
-- journal resumes one plan, and a new plan is another item list).
local USAGE = "usage: ensure.lua [--prune GROUP]... [--plan-only] [--concurrency N] STATE.json|STATE.lua"

local path, plan_only, prune, concurrency = nil, false, {}, nil
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if arg[i] == nil then error(("%s needs a value\n%s"):format(a, USAGE), 0) end
    return arg[i]
  end
  if a == "-h" or a == "--help" then
    print(USAGE)
    os.exit(0)
  elseif a == "--plan-only" then
    plan_only = true
  elseif a == "--prune" then
    prune[#prune + 1] = value()
  elseif a == "--concurrency" then
    local v = value()
    concurrency = math.tointeger(tonumber(v)) or error("--concurrency must be an integer, got " .. v, 0)
  elseif a:sub(1, 1) == "-" and a ~= "-" then
    error(("unknown option %s\n%s"):format(a, USAGE), 0)
  elseif path then
    error(("one state file only (got %s and %s)\n%s"):format(path, a, USAGE), 0)
  else
    path = a
  end
  i = i + 1
end
if not path then error(USAGE, 0) end

local dir = path:match("^(.*)/[^/]*$") or "."

local function read(p)
  local f, why = io.open(p, "rb")
  if not f then error("cannot read the state file: " .. why, 0) end
  local s = f:read("a")
  f:close()
  return s
end

local doc
if path:match("%.lua$") then
  local chunk, why = loadfile(path)
  if not chunk then error("cannot load " .. path .. ": " .. why, 0) end
  doc = chunk()
elseif path:match("%.json$") then
  local ok, v = pcall(apigw.json.decode, read(path))
  if not ok then error(("%s: not valid JSON: %s"):format(path, tostring(v)), 0) end
  doc = v
else
  error(("%s: the state file must be a .json or a .lua file\n%s"):format(path, USAGE), 0)
end
if type(doc) ~= "table" then error(("%s: expected a list of entries or {domains = ...}, got %s"):format(path, type(doc)), 0) end

local want = doc
if doc.domains ~= nil or doc.prune ~= nil then
  for k in pairs(doc) do
    if k ~= "domains" and k ~= "prune" then
      error(("%s: unknown key '%s' (the keys are domains and prune)"):format(path, tostring(k)), 0)
    end
  end
  want = doc.domains
  if type(want) ~= "table" then error(path .. ": 'domains' must be a list of entries", 0) end
  if doc.prune ~= nil then
    if type(doc.prune) ~= "table" then error(path .. ": 'prune' must be a list of group ids", 0) end
    for _, g in ipairs(doc.prune) do prune[#prune + 1] = g end
  end
end

-- "@FILE" names a PEM file; JSON null is refused (leave the field out instead).
for n, e in ipairs(want) do
  if type(e) == "table" then
    for k, v in pairs(e) do
      if v == apigw.json.null then
        error(("%s: entry %d: %s is null; leave the field out instead"):format(path, n, tostring(k)), 0)
      end
    end
    for _, k in ipairs{ "Certificate", "CertificateKey" } do
      local v = e[k]
      if type(v) == "string" and v:sub(1, 1) == "@" then
        local file = v:sub(2)
        if file:sub(1, 1) ~= "/" then file = dir .. "/" .. file end
        e[k] = apigw.pem(file)
      end
    end
  end
end

local opts = {}
if #prune > 0 then opts.prune = prune end
if plan_only then
  local plan = apigw.plan(want, opts)
  print(plan)
  return
end
opts.concurrency = concurrency
local result = apigw.ensure(want, opts)
if not result.ok then
  error(("%d of %d entries failed"):format(result.counts.failed, #result.entries), 0)
end
