-- Certificates before they are sent (docs/lua-api.md, set_domain_certificate): apigw.pem
-- reads a PEM file, the set_domain_certificate binding has the certificate and its key
-- checked by OpenSSL first (core.check_certificate, runtime/cert/cert.c), and
-- apigw.cert_days_left reads what is left of a certificate from an answer.
local core = require "apigw.core"
local Error = require "apigw.error"

local C = {}

-- The largest PEM file apigw.pem reads: the emulator's body limit, far beyond any chain.
C.PEM_MAX = 1024 * 1024

-- apigw.pem(path) -> the file's text; raises InvalidPemFile naming the file
function C.pem(path)
  if type(path) ~= "string" or path == "" then
    Error.raise_client(nil, "InvalidParameter", "apigw.pem: expected a file name, got " ..
      (path == "" and "an empty string" or type(path)))
  end
  local text, why = core.read_file(path, C.PEM_MAX)
  if not text then
    Error.raise_client(nil, "InvalidPemFile", ("apigw.pem: cannot read %s: %s"):format(path, why))
  end
  if not text:find("-----BEGIN ", 1, true) then
    Error.raise_client(nil, "InvalidPemFile",
      ("apigw.pem: %s is not a PEM file (no -----BEGIN line)"):format(path))
  end
  return text
end

local MS_PER_DAY = 86400 * 1000
local DRY_RUN = "(dry-run)" -- what a dry run's answer holds (apigw.bindings)

-- apigw.cert_days_left(answer [, now]) -> whole days until the certificate's end (negative
-- once expired), from a describe_domain answer's (or a DomainItem's) CertificateValidEnd,
-- epoch milliseconds; nil when the answer has no certificate or is a dry run's. now: epoch
-- seconds (default os.time()).
function C.days_left(answer, now)
  if type(answer) ~= "table" then
    Error.raise_client(nil, "InvalidParameter",
      "apigw.cert_days_left: expected a describe_domain answer (a table), got " .. type(answer))
  end
  local v = answer.CertificateValidEnd
  if v == nil or v == DRY_RUN then return nil end
  if type(v) == "string" and v:match("^%d+$") then v = math.tointeger(tonumber(v)) end
  if math.type(v) ~= "integer" then
    Error.raise_client(nil, "InvalidParameter",
      ("apigw.cert_days_left: CertificateValidEnd must be epoch milliseconds (an integer), got %s"):format(
        type(v) == "string" and ("%q"):format(v:sub(1, 40)) or tostring(v)))
  end
  now = now or os.time()
  if math.type(now) ~= "integer" then
    Error.raise_client(nil, "InvalidParameter", "apigw.cert_days_left: now must be epoch seconds (an integer)")
  end
  return (v - now * 1000) // MS_PER_DAY
end

-- The check before SetDomainCertificate is sent (flat: its checked parameters): raises the
-- first problem OpenSSL finds, with its own code (InvalidCertificateBody,
-- InvalidCertificatePrivateKey, CertificateKeyMismatch, CertificateDomainMismatch,
-- CertificateExpired); a playbook that must send anyway uses apigw.call.
function C.check_upload(action, flat)
  local ok, code, message = core.check_certificate(flat.CertificateBody, flat.CertificatePrivateKey,
                                                   flat.DomainName)
  if not ok then Error.raise_client(action, code, message) end
end

-- The checks run before sending, by action (apigw.bindings).
C.before_send = { SetDomainCertificate = C.check_upload }

return C
