-- Moves a domain from whatever group holds it to another group.
--   apigw-lua --emulate scripts/rebind.lua [domain] [target-group]
-- A first SetDomain without IsForce fails with DomainAlreadyBind when another group
-- holds the domain; the playbook catches that with pcall and retries with IsForce.
local domain = arg[1] or "api.example.com"
local target = arg[2]

if not target then
  -- offline demo: create a second group so there is somewhere to move the domain to
  local first = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"
  apigw.set_domain{ GroupId = first, DomainName = domain }
  local created = apigw.call("CreateApiGroup", { GroupName = "rebind_target" })
  target = created.GroupId
  print("created group " .. target)
end

local params = { GroupId = target, DomainName = domain, BindStageName = "RELEASE" }
local ok, answer = pcall(apigw.set_domain, params)
if not ok then
  local err = answer
  if apigw.Error.is(err) and err.code == "DomainAlreadyBind" then
    print("already bound elsewhere: " .. err.message)
    print("taking it over with IsForce")
    params.IsForce = true
    answer = apigw.set_domain(params)
  else
    error(err, 0) -- anything else stops the playbook
  end
end
print(("%s now serves group %s (%s)"):format(answer.DomainName, answer.GroupId, answer.DomainBindingStatus))
