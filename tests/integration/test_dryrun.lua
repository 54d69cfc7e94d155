-- Integration: --dry-run signs but sends nothing (run with --emulate --dry-run).
local t = dofile(arg[1])

t.case("set_domain returns what it would have sent", function()
  local r = apigw.set_domain{ GroupId = "11111111111111111111111111111111", DomainName = "d.one.example.com", IsForce = true }
  t.eq(r.DryRun, true); t.eq(r.Action, "SetDomain"); t.eq(r.Method, "POST")
  t.match(r.URL, "^http://127%.0%.0%.1:%d+/%?")
  t.match(r.URL, "IsForce=true"); t.match(r.URL, "DomainName=d%.one%.example%.com")
  local names = {}
  for _, h in ipairs(r.Headers) do names[h:match("^([^:]+):"):lower()] = true end
  for _, h in ipairs{ "host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                      "x-acs-content-sha256", "authorization" } do
    t.truthy(names[h], "header " .. h)
  end
  t.eq(names["content-type"], nil, "no content-type on an empty body")
  t.eq(r.Params.IsForce, "true")
end)

t.case("apigw.call is dry too (dryrun.sh checks the emulator's log stayed empty)", function()
  local r = apigw.call("DescribeApiGroup", { GroupId = "11111111111111111111111111111111" })
  t.eq(r.DryRun, true); t.eq(r.Action, "DescribeApiGroup")
end)

t.done()
