-- The certificate checks before SetDomainCertificate (core.check_certificate,
-- runtime/cert/cert.c), apigw.pem and apigw.cert_days_left, on certificates made at test time
-- by make_certs.sh; and set_domain_certificate against the embedded emulator.
--   apigw-lua --emulate test_cert.lua testlib.lua CERT_DIR
local t = dofile(arg[1])
local D = arg[2]
local core = require "apigw.core"
local GROUP = "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"

local function read(name)
  local f = assert(io.open(D .. "/" .. name, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- key lines that must never appear in a message
local function key_lines(key)
  local out = {}
  for line in key:gmatch("[^\n]+") do
    if not line:find("-----", 1, true) and #line > 16 then out[#out + 1] = line end
  end
  return out
end

-- check(body, key, domain) must fail with code, the message matching each of the patterns
-- (plain text) and quoting no line of the key
local function refused(body, key, domain, code, ...)
  local ok, c, m = core.check_certificate(body, key, domain)
  t.eq(ok, nil, "refused")
  t.eq(c, code, m)
  for _, want in ipairs{ ... } do
    t.truthy(m:find(want, 1, true), ("message %q lacks %q"):format(m, want))
  end
  for _, line in ipairs(key_lines(key)) do
    t.truthy(not m:find(line, 1, true), "the message quotes the key")
  end
  return m
end

local function accepted(body, key, domain)
  local ok, info = core.check_certificate(body, key, domain)
  t.truthy(ok, ("accepted for %s: %s"):format(domain, tostring(info)))
  return info
end

t.case("subjectAltName: each DNS name covers itself; the CN is not read when there is a SAN", function()
  local info = accepted(read("san.crt"), read("san.key"), "api.example.com")
  t.eq(info.names, "www.example.com, api.example.com"); t.eq(info.chain, 1)
  t.truthy(info.not_after > os.time() + 300 * 86400, "not_after in epoch seconds")
  accepted(read("san.crt"), read("san.key"), "API.Example.COM")
  refused(read("san.crt"), read("san.key"), "other.example.com", "CertificateDomainMismatch",
          "does not cover other.example.com", "it covers www.example.com, api.example.com")
  refused(read("sanonly.crt"), read("sanonly.key"), "api.example.com", "CertificateDomainMismatch",
          "it covers other.example.com")
end)

t.case("CN only: the CN covers the domain", function()
  t.eq(accepted(read("cn.crt"), read("cn.key"), "api.example.com").names, "api.example.com")
  refused(read("cn.crt"), read("cn.key"), "www.example.com", "CertificateDomainMismatch",
          "(CN=api.example.com) does not cover www.example.com: it covers api.example.com")
end)

t.case("wildcards: one left-most label, and a wildcard domain needs the same wildcard", function()
  local b, k = read("wild.crt"), read("wild.key")
  accepted(b, k, "api.example.com")
  accepted(b, k, "*.example.com")
  refused(b, k, "example.com", "CertificateDomainMismatch", "it covers *.example.com")
  refused(b, k, "a.b.example.com", "CertificateDomainMismatch")
  refused(read("wilddemo.crt"), read("wilddemo.key"), "*.example.com", "CertificateDomainMismatch")
  refused(read("san.crt"), read("san.key"), "*.example.com", "CertificateDomainMismatch")
end)

t.case("expired: CertificateExpired with the date", function()
  refused(read("expired.crt"), read("expired.key"), "api.example.com", "CertificateExpired",
          "expired on 2020-02-01 00:00:00 UTC")
  -- at a time inside its validity it passes: the time is an input
  local ok = core.check_certificate(read("expired.crt"), read("expired.key"), "api.example.com", 1579000000)
  t.eq(ok, true)
end)

t.case("keys: encrypted (PKCS#8 and legacy) refused with the command to decrypt", function()
  refused(read("san.crt"), read("enc.key"), "api.example.com", "InvalidCertificatePrivateKey",
          "is encrypted", "openssl pkey -in key.pem -out plain.pem")
  refused(read("san.crt"), read("enc_legacy.key"), "api.example.com", "InvalidCertificatePrivateKey",
          "is encrypted")
end)

t.case("keys: another pair's key is CertificateKeyMismatch", function()
  refused(read("san.crt"), read("other.key"), "api.example.com", "CertificateKeyMismatch",
          "does not belong to the certificate (CN=other.example.com)")
end)

t.case("chains: leaf first, each followed by its issuer", function()
  local info = accepted(read("leaf.crt") .. read("ca.crt"), read("leaf.key"), "api.example.com")
  t.eq(info.chain, 2)
  refused(read("ca.crt") .. read("leaf.crt"), read("leaf.key"), "api.example.com",
          "InvalidCertificateBody", "out of order", "certificate 1 (CN=Test CA) was not issued by certificate 2")
  refused(read("leaf.crt") .. read("san.crt"), read("leaf.key"), "api.example.com",
          "InvalidCertificateBody", "out of order")
end)

t.case("mix-ups: swapped, a file name, a key in the body, damaged PEM", function()
  local crt, key = read("san.crt"), read("san.key")
  refused(key, crt, "api.example.com", "InvalidCertificateBody", "holds a private key")
  refused(crt, crt, "api.example.com", "InvalidCertificatePrivateKey", "are CertificateBody and CertificatePrivateKey swapped?")
  refused("certs/api.pem", key, "api.example.com", "InvalidCertificateBody", "looks like a file name", "apigw.pem(path)")
  refused(crt, "certs/api.key", "api.example.com", "InvalidCertificatePrivateKey", "looks like a file name")
  refused(crt .. key, key, "api.example.com", "InvalidCertificateBody", "holds a private key")
  refused(crt:sub(1, 200) .. "\n-----END CERTIFICATE-----\n", key, "api.example.com",
          "InvalidCertificateBody", "cannot be read")
  refused(read("leaf.crt") .. read("ca.crt"):sub(1, 150), read("leaf.key"), "api.example.com",
          "InvalidCertificateBody")
  refused(crt, key:sub(1, 80) .. "\n-----END PRIVATE KEY-----\n", "api.example.com",
          "InvalidCertificatePrivateKey", "not a private key OpenSSL can read")
  refused(crt .. "\0", key, "api.example.com", "InvalidCertificateBody", "NUL byte")
end)

t.case("apigw.pem: the file's text, or InvalidPemFile naming the file", function()
  t.eq(apigw.pem(D .. "/san.crt"), read("san.crt"))
  local e = t.raises(function() apigw.pem(D .. "/absent.pem") end, "InvalidPemFile")
  t.match(e.message, "apigw.pem: cannot read " .. D:gsub("%p", "%%%0") .. "/absent%.pem: file not found")
  e = t.raises(function() apigw.pem(D) end, "InvalidPemFile")
  t.match(e.message, "is a directory")
  e = t.raises(function() apigw.pem(D .. "/index.txt") end, "InvalidPemFile")
  t.match(e.message, "is not a PEM file")
  local big = D .. "/big.pem"
  local f = assert(io.open(big, "wb"))
  f:write("-----BEGIN CERTIFICATE-----\n", ("A"):rep(1024 * 1024))
  f:close()
  e = t.raises(function() apigw.pem(big) end, "InvalidPemFile")
  t.match(e.message, "larger than 1 MiB")
  t.raises(function() apigw.pem(nil) end, "InvalidParameter")
end)

t.case("apigw.cert_days_left: whole days from CertificateValidEnd (epoch ms)", function()
  local now = 1700000000
  t.eq(apigw.cert_days_left({ CertificateValidEnd = (now + 10 * 86400 + 43200) * 1000 }, now), 10)
  t.eq(apigw.cert_days_left({ CertificateValidEnd = (now + 86399) * 1000 }, now), 0)
  t.eq(apigw.cert_days_left({ CertificateValidEnd = (now - 1) * 1000 }, now), -1)
  t.eq(apigw.cert_days_left({ CertificateValidEnd = tostring((now + 2 * 86400) * 1000) }, now), 2)
  t.eq(apigw.cert_days_left({}, now), nil, "no certificate")
  t.eq(apigw.cert_days_left({ CertificateValidEnd = "(dry-run)" }), nil, "a dry run's answer")
  t.raises(function() apigw.cert_days_left({ CertificateValidEnd = 1.5 }) end, "InvalidParameter")
  t.raises(function() apigw.cert_days_left({ CertificateValidEnd = "soon" }) end, "InvalidParameter")
  t.raises(function() apigw.cert_days_left("x") end, "InvalidParameter")
end)

t.case("set_domain_certificate: checked before sending, then attached; days left read back", function()
  apigw.set_domain{ GroupId = GROUP, DomainName = "api.example.com" }
  -- the emulator answers a domain mismatch with InvalidCertificateBody: this code is ours,
  -- so the check ran before anything was sent
  local e = t.raises(function()
    apigw.set_domain_certificate{ GroupId = GROUP, DomainName = "api.example.com", CertificateName = "x",
      CertificateBody = read("wilddemo.crt"), CertificatePrivateKey = read("wilddemo.key") }
  end, "CertificateDomainMismatch")
  t.eq(e.action, "SetDomainCertificate")
  t.match(e.message, "it covers %*%.demo%.example%.com")
  t.raises(function()
    apigw.set_domain_certificate{ GroupId = GROUP, DomainName = "api.example.com", CertificateName = "x",
      CertificateBody = read("expired.crt"), CertificatePrivateKey = read("expired.key") }
  end, "CertificateExpired")
  apigw.set_domain_certificate{ GroupId = GROUP, DomainName = "api.example.com", CertificateName = "thirty",
    CertificateBody = apigw.pem(D .. "/valid30.crt"), CertificatePrivateKey = apigw.pem(D .. "/valid30.key") }
  -- the answer carries the key back: the playbook gets it, hook payloads never
  local seen = {}
  local hs = {}
  for _, ev in ipairs{ "response", "done" } do
    hs[#hs + 1] = apigw.on(ev, function(e) seen[ev] = e.answer.CertificatePrivateKey end)
  end
  local d = apigw.describe_domain{ GroupId = GROUP, DomainName = "api.example.com" }
  for _, h in ipairs(hs) do h:remove() end
  t.eq(d.CertificatePrivateKey, read("valid30.key"), "the playbook's answer")
  t.eq(seen.response, "***", "the response payload")
  t.eq(seen.done, "***", "the done payload")
  t.eq(d.CertificateName, "thirty")
  local left = apigw.cert_days_left(d)
  t.truthy(left == 29 or left == 30, "days left " .. tostring(left))
end)

t.done()
