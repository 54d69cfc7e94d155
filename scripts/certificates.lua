-- Renews certificates: attaches the given certificate to every domain of a group whose
-- certificate expires within DAYS days (or has expired), several domains at once. Domains
-- without a certificate are listed and left alone.
--   apigw-lua --emulate scripts/certificates.lua GROUP DAYS CERT.pem KEY.pem [NAME]
-- The certificate must cover each renewed domain (a wildcard or a name list); the service
-- refuses it for a domain it does not cover, and that domain is reported as failed. NAME is
-- the certificate's name at the service (default renewed-YYYYMMDD). Exit status 1 if any
-- renewal failed.
local group, days, cert_path, key_path, name = arg[1], math.tointeger(tonumber(arg[2] or "")), arg[3], arg[4], arg[5]
if not (group and days and cert_path and key_path) then
  error("usage: certificates.lua GROUP DAYS CERT.pem KEY.pem [NAME]", 0)
end
name = name or os.date("!renewed-%Y%m%d")

-- apigw.pem refuses a file that is missing, too big or holds no PEM block, naming it; read
-- both before anything is sent, so that a bad file stops the run also when nothing is due
local function read(path, what)
  local ok, text = pcall(apigw.pem, path)
  if not ok then error(("the %s: %s"):format(what, apigw.Error.is(text) and text.message or tostring(text)), 0) end
  return text
end
local cert, key = read(cert_path, "certificate"), read(key_path, "private key")

local now = os.time()
local function date(ms) return ms and os.date("!%Y-%m-%d", ms // 1000) or "-" end

local g = apigw.describe_api_group{ GroupId = group }
local due, kept = {}, {}
for _, d in ipairs(g.CustomDomains.DomainItem) do
  local left = apigw.cert_days_left(d, now)
  if not d.CertificateName then
    kept[#kept + 1] = ("no certificate  %s"):format(d.DomainName)
  elseif left and left > days then
    kept[#kept + 1] = ("still valid     %s (%s until %s, %d days)"):format(d.DomainName, d.CertificateName,
      date(d.CertificateValidEnd), left)
  else
    due[#due + 1] = d
  end
end
table.sort(due, function(a, b) return a.DomainName < b.DomainName end)
table.sort(kept)

local results, errors = apigw.map(due, function(d)
  apigw.set_domain_certificate{ GroupId = group, DomainName = d.DomainName, CertificateName = name,
                                CertificateBody = cert, CertificatePrivateKey = key }
  return apigw.describe_domain{ GroupId = group, DomainName = d.DomainName }
end, { concurrency = 8 })

for _, line in ipairs(kept) do print(line) end
local failed = 0
for i, d in ipairs(due) do
  local now_d, e = results[i], errors[i]
  if now_d then
    print(("renewed         %s (%s until %s -> %s until %s)"):format(d.DomainName, d.CertificateName,
      date(d.CertificateValidEnd), tostring(now_d.CertificateName), date(now_d.CertificateValidEnd)))
  else
    failed = failed + 1
    print(("FAILED          %s: %s"):format(d.DomainName, tostring(e)))
  end
end
print(("group %s: %d domains, %d due within %d days, %d renewed, %d failed"):format(group,
  #g.CustomDomains.DomainItem, #due, days, #due - failed, failed))
if failed > 0 then error(("%d of %d renewals failed"):format(failed, #due), 0) end
