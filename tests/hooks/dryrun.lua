-- Hooks under --dry-run (docs/hooks.md): call, request and done fire with e.dry_run true;
-- response, retry and error do not; done's answer is the dry run's, secrets masked.
--   apigw-lua --dry-run --region cn-hangzhou dryrun.lua testlib.lua
local t = dofile(arg[1])
local G = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"

t.case("dry run: call, request, done; e.dry_run; the dry answer in done, masked", function()
  local seen, dry, done = {}, {}, nil
  local hs = {}
  for _, ev in ipairs{ "call", "request", "response", "retry", "error", "done" } do
    hs[#hs + 1] = apigw.on(ev, function(e)
      seen[#seen + 1] = ev
      dry[#dry + 1] = tostring(e.dry_run)
      if ev == "request" then e.params.CertificateName = "edited" end
      if ev == "done" then
        done = { DryRun = e.answer.DryRun, key = e.answer.Params.CertificatePrivateKey,
                 name = e.answer.Params.CertificateName, url = e.answer.URL, body = e.answer.Body,
                 attempts = e.attempts,
                 nheaders = #e.answer.Headers }
      end
    end)
  end
  local r = apigw.call("SetDomainCertificate", { GroupId = G, DomainName = "api.example.com",
    CertificateName = "c1", CertificateBody = "body", CertificatePrivateKey = "PRIVATEKEYTEXT" })
  for _, h in ipairs(hs) do h:remove() end
  t.eq(table.concat(seen, ","), "call,request,done")
  t.eq(table.concat(dry, ","), "true,true,true")
  t.eq(done.DryRun, true)
  t.eq(done.key, "***")
  t.eq(done.name, "edited", "the request hook's edit is what would have been sent")
  t.truthy(not done.url:find("PRIVATEKEYTEXT", 1, true), "the URL is masked")
  -- the key travels in the form body (the action table's where = "body"), masked there
  t.truthy(not done.url:find("CertificatePrivateKey", 1, true), "the key is not in the URL")
  t.match(done.body, "CertificatePrivateKey=%*%*%*")
  t.eq(done.attempts, 1)
  t.truthy(done.nheaders > 3, "headers as a list")
  t.eq(r.Params.CertificatePrivateKey, "***", "the playbook's answer is masked too")
end)

t.done()
