-- core.cert_cache (runtime/cert/cache.c), what apigw.plan checks its certificates with: for
-- every pairing of the test certificates, keys and domains, cache:check answers exactly what
-- core.check_certificate answers (code, message, info), the first time and again from the
-- cache; a pair's own checks run once per distinct (body, key), counted by cache:pairs().
--   apigw-lua test_cert_cache.lua testlib.lua CERT_DIR
local t = dofile(arg[1])
local D = arg[2]
local core = require "apigw.core"

local function read(name)
  local f = assert(io.open(D .. "/" .. name, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local BODIES = { "san.crt", "sanonly.crt", "cn.crt", "wild.crt", "wilddemo.crt", "expired.crt", "leaf.crt",
                 "valid30.crt", "ca.crt", "san.key" }
local KEYS = { "san.key", "sanonly.key", "cn.key", "wild.key", "wilddemo.key", "expired.key", "leaf.key", "other.key",
               "rsa.key", "enc.key", "enc_legacy.key", "san.crt" }
local DOMAINS = { "api.example.com", "www.example.com", "other.example.com", "a.demo.example.com" }
local NOW = 1900000000 -- after expired.crt's end (and valid30's), so CertificateExpired is met too

local function same(a, b, what)
  t.eq(select("#", table.unpack(a)), select("#", table.unpack(b)), what .. ": number of results")
  t.eq(a[1], b[1], what .. ": ok"); t.eq(a[2] == nil, b[2] == nil, what .. ": second result")
  if type(a[2]) == "table" then
    for _, k in ipairs{ "names", "not_before", "not_after", "chain" } do t.eq(a[2][k], b[2][k], what .. ": info." .. k) end
  else
    t.eq(a[2], b[2], what .. ": code"); t.eq(a[3], b[3], what .. ": message")
  end
end

t.case("cache:check answers as core.check_certificate, first time and from the cache", function()
  local cache = core.cert_cache()
  local text = {}
  for _, f in ipairs(BODIES) do text[f] = read(f) end
  for _, f in ipairs(KEYS) do text[f] = read(f) end
  local codes = {}
  for round = 1, 2 do
    for _, b in ipairs(BODIES) do
      for _, k in ipairs(KEYS) do
        for _, d in ipairs(DOMAINS) do
          for _, now in ipairs{ NOW, 1700000000 } do
            local what = ("round %d: %s, %s, %s, now %d"):format(round, b, k, d, now)
            local want = table.pack(core.check_certificate(text[b], text[k], d, now))
            local got = table.pack(cache:check(text[b], text[k], d, now))
            same(got, want, what)
            codes[want[1] and "ok" or want[2]] = true
          end
        end
      end
    end
    t.eq(cache:pairs(), #BODIES * #KEYS, "one pair per distinct body and key, whatever the domains and rounds")
  end
  for _, c in ipairs{ "ok", "InvalidCertificateBody", "InvalidCertificatePrivateKey", "CertificateKeyMismatch",
                      "CertificateDomainMismatch", "CertificateExpired" } do
    t.truthy(codes[c], "the pairings meet " .. c)
  end
  cache:close()
  t.truthy(not pcall(cache.check, cache, text["san.crt"], text["san.key"], "api.example.com"), "a closed cache refuses")
end)

t.case("the same texts in other strings are the same pair; a byte more is another", function()
  local cache <close> = core.cert_cache()
  local body, key = read("wilddemo.crt"), read("wilddemo.key")
  for i = 1, 50 do
    local ok = cache:check(body .. "", key .. "", ("d%d.demo.example.com"):format(i), 1700000000)
    t.truthy(ok, "wildcard covers entry " .. i)
  end
  t.eq(cache:pairs(), 1, "50 entries, one pair")
  cache:check(body .. "\n", key, "x.demo.example.com")
  t.eq(cache:pairs(), 2, "a body one byte longer")
  -- body and key cut at another place are not the pair they would make joined
  cache:check(body .. key:sub(1, 10), key:sub(11), "x.demo.example.com")
  t.eq(cache:pairs(), 3, "the length of the body is part of what is hashed")
end)

t.done()
