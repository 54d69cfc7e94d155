-- Binds one custom domain to an API group and prints the answer.
--   apigw-lua --emulate scripts/bind_domain.lua [domain] [group]
-- Against the real service, pass your own domain and GroupId.
local domain = arg[1] or "api.example.com"
local group = arg[2] or "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903" -- the emulator's demo group

local answer = apigw.set_domain{
  GroupId = group,
  DomainName = domain,
  BindStageName = "RELEASE",
  CustomDomainType = "INTERNET",
  IsForce = false,
}

print(("bound %s to group %s"):format(answer.DomainName, answer.GroupId))
local fields = {}
for k in pairs(answer) do fields[#fields + 1] = k end
table.sort(fields)
for _, k in ipairs(fields) do
  print(("  %-22s %s"):format(k, tostring(answer[k])))
end
