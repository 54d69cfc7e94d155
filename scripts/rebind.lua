-- Moves a domain from whatever group holds it to another group.
--   apigw-lua --emulate scripts/rebind.lua [domain] [target-group]
-- A first SetDomain without IsForce fails with DomainAlreadyBind when another group
-- holds the domain; the playbook catches that with pcall and retries with IsForce.
local domain = arg[1] or "api.example.com"
local target = arg[2]

if not target then
  -- offline demo (--emulate): the built-in seed has two groups that can both prove
  -- ownership of api.example.com (CNAME to the first, TXT for the second)
  local first = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"
  target = "7c2e5a9d0b4f4e1a8d6c3b2a1f0e9d84"
  apigw.set_domain{ GroupId = first, DomainName = domain }
  print(("%s is bound to %s"):format(domain, first))
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
