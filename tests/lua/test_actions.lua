-- The checks made from the action table (apigw.actions), run for every entry. The endpoint
-- is a closed port: a call whose checks pass fails to connect, one that fails a check raises
-- its local code, so each case also proves whether anything was sent.
local t = dofile(arg[1])
package.path = arg[1]:gsub("testlib.lua$", "?.lua;") .. package.path
local S = require "actions_sample"
-- The sample PEM texts are not certificates: the checks OpenSSL makes before
-- SetDomainCertificate is sent are tested on real ones in tests/cert; here they are off.
require("apigw.cert").before_send.SetDomainCertificate = nil
local actions = require "apigw.actions"
local retry = require "apigw.retry"

local WANT = { "set_domain", "describe_domain", "delete_domain", "set_domain_certificate",
  "delete_domain_certificate", "set_domain_websocket_status", "reactivate_domain",
  "set_wildcard_domain_patterns", "create_api_group", "describe_api_group",
  "describe_api_groups", "modify_api_group", "delete_api_group" }

local client = apigw.client{ endpoint = "http://127.0.0.1:1", retries = 0,
  access_key_id = "LTAItestkey", access_key_secret = "testsecretvalue" }

t.case("the bindings of issue 9 are exactly the table's entries, on the module and on clients", function()
  local have = {}
  for _, a in ipairs(actions.actions) do have[a.lua] = a end
  for _, name in ipairs(WANT) do
    t.truthy(have[name], "entry " .. name)
    t.eq(type(apigw[name]), "function", "apigw." .. name)
    t.eq(type(client[name]), "function", "client:" .. name)
    have[name] = nil
  end
  t.eq(next(have), nil, "an entry no one asked for")
  t.eq(type(apigw.call), "function", "apigw.call stays")
end)

-- Calls the binding; returns the error (a check failing) or the connect error (all passed).
local function try(entry, params)
  local ok, err = pcall(client[entry.lua], client, params)
  if ok then error(entry.lua .. " returned instead of failing to connect") end
  t.truthy(apigw.Error.is(err), "an apigw.Error: " .. tostring(err))
  return err
end

for _, entry in ipairs(actions.actions) do
  t.case(entry.lua .. ": every valid parameter passes the checks (then fails to connect)", function()
    t.eq(try(entry, S.all(entry)).code, "connect")
    t.eq(try(entry, S.required(entry)).code, "connect")
  end)

  t.case(entry.lua .. ": a required parameter absent or empty gives Missing<Name>", function()
    for _, x in ipairs(entry.params) do
      if x.required then
        local p = S.all(entry)
        p[x.name] = nil
        local e = try(entry, p)
        t.eq(e.code, "Missing" .. x.name, entry.lua .. " without " .. x.name)
        t.eq(e.kind, "client"); t.eq(e.action, entry.action)
        t.match(e.message, x.name)
        t.match(e.where or "", "test_actions.lua:%d+", "where")
        p[x.name] = ""
        t.eq(try(entry, p).code, "Missing" .. x.name, entry.lua .. " with an empty " .. x.name)
      end
    end
  end)

  t.case(entry.lua .. ": a value of the wrong shape gives Invalid<Name>", function()
    for _, x in ipairs(entry.params) do
      for i, bad in ipairs(S.invalid(x)) do
        local p = S.all(entry)
        p[x.name] = bad
        local e = try(entry, p)
        t.eq(e.code, "Invalid" .. x.name, ("%s %s sample %d (%s)"):format(entry.lua, x.name, i, tostring(bad)))
      end
    end
  end)

  t.case(entry.lua .. ": an unknown name is refused with the nearest valid one", function()
    for _, x in ipairs(entry.params) do
      local p = S.all(entry)
      local wrong = x.name:lower()
      p[x.name] = nil
      p[wrong] = S.valid(x)
      local e = try(entry, p)
      t.eq(e.code, "InvalidParameter")
      t.match(e.message, ("unknown parameter '%s' %%(did you mean '%s'%%?%%)"):format(wrong, x.name))
    end
    local p = S.all(entry)
    p.SecurityToken = "x"
    t.eq(try(entry, p).code, "InvalidParameter", "a name apigw-lua sets itself")
    t.eq(try(entry, "GroupId").code, "InvalidParameter", "not a table")
  end)

  t.case(entry.lua .. ": retry idempotency comes from the table", function()
    t.eq(retry.idempotent(entry.action), entry.idempotent)
  end)
end

t.case("SetDomainWebSocketStatus is idempotent (the name's prefix made it not), CreateApiGroup is not", function()
  t.eq(retry.idempotent("SetDomainWebSocketStatus"), true)
  t.eq(retry.idempotent("ReactivateDomain"), true)
  t.eq(retry.idempotent("CreateApiGroup"), false)
  t.eq(retry.idempotent("DescribeSomethingElse"), true, "outside the table: Describe* reads")
  t.eq(retry.idempotent("CreateSomethingElse"), false)
end)

t.case("secret and body marks: CertificatePrivateKey is secret; the PEM parameters travel in the body", function()
  local names = {}
  for k, v in pairs(actions.secret_names) do names[#names + 1] = k; t.eq(v, true) end
  t.eq(#names, 1); t.eq(names[1], "CertificatePrivateKey")
  local e = actions.by_action.SetDomainCertificate
  local where = {}
  for _, x in ipairs(e.params) do where[x.name] = x.where end
  t.eq(where.CertificatePrivateKey, "body"); t.eq(where.CertificateBody, "body")
  t.eq(where.GroupId, "query")
  t.truthy(actions.secrets_of("SetDomainCertificate").CertificatePrivateKey)
  t.eq(next(actions.secrets_of("SetDomain")), nil, "SetDomain has no secret")
  t.truthy(actions.secrets_of("NotInTheTable").CertificatePrivateKey, "outside the table: every secret name")
end)

t.case("a secret value is never quoted in a check's message", function()
  local secret = "SECRETKEYMATERIAL-do-not-print"
  local p = S.all(actions.by_action.SetDomainCertificate)
  p.CertificatePrivateKey = secret
  local e = try(actions.by_action.SetDomainCertificate, p)
  t.eq(e.code, "InvalidCertificatePrivateKey")
  t.truthy(not tostring(e):find(secret, 1, true), "the key is not in: " .. tostring(e))
  p.CertificatePrivateKey = { secret }
  t.truthy(not tostring(try(actions.by_action.SetDomainCertificate, p)):find(secret, 1, true))
end)

t.case("messages say what is wrong and how to write it", function()
  local e = try(actions.by_action.SetDomain, { GroupId = "g", DomainName = "api.example.com", IsForce = "true" })
  t.match(e.message, "write true, not \"true\"")
  e = try(actions.by_action.DescribeApiGroups, { PageSize = "20" })
  t.match(e.message, "write 20, not \"20\"")
  e = try(actions.by_action.DescribeApiGroups, { Sort = "ASC" })
  t.match(e.message, "the service's spelling is \"asc\"")
  e = try(actions.by_action.SetDomainCertificate, { GroupId = "g", DomainName = "api.example.com",
    CertificateName = "c", CertificateBody = "cert.pem", CertificatePrivateKey = S.PEM })
  t.match(e.message, "looks like a file name")
  e = try(actions.by_action.CreateApiGroup, { GroupName = "g", Tag = { { Kye = "a" } } })
  t.eq(e.code, "InvalidTag"); t.match(e.message, "did you mean 'Key'")
end)

t.case("a binding called with '.' instead of ':' says so", function()
  local e = t.raises(function() return client.describe_domain({ GroupId = "g", DomainName = "a.example.com" }) end,
    "InvalidParameter")
  t.match(e.message, "client:describe_domain: call it with ':'")
end)

t.case("actions.check: the table passes; an entry of the wrong shape is refused, named", function()
  actions.check() -- the table as the module embeds it (the build checks it too)
  local function entry(over)
    local e = { action = "DescribeThing", lua = "describe_thing", idempotent = true, writes = false, summary = "s",
                params = { { name = "GroupId", kind = "string" } },
                answer = { { name = "Items", type = "list", item_key = "Item",
                             item = { { name = "Name", type = "string" } } } } }
    for k, v in pairs(over) do e[k] = v end
    return e
  end
  actions.check{ entry{} }
  local function refused(list, want)
    local ok, e = pcall(actions.check, list)
    t.eq(ok, false, "refused: " .. want)
    t.match(tostring(e), want, "the message")
  end
  refused({ entry{ action = "describeThing" } }, "entry 1 %(describeThing%): action must be PascalCase")
  refused({ entry{ lua = "DescribeThing" } }, "lua must be snake_case")
  refused({ entry{}, entry{} }, "entry 2 %(DescribeThing%): listed twice")
  refused({ entry{ idempotent = "yes" } }, "idempotent must be true or false")
  refused({ entry{ writes = "no" } }, "writes must be true or false")
  refused({ entry{ writes = true } }, "a Describe action cannot write")
  refused({ entry{ summary = false } }, "summary is missing")
  refused({ entry{ params = { { name = "GroupId", kind = "strnig" } } } },
    "parameter 1 %(GroupId%): unknown kind strnig")
  refused({ entry{ params = { { name = "GroupId", kind = "string" }, { name = "GroupId", kind = "string" } } } },
    "parameter 2 %(GroupId%): listed twice")
  refused({ entry{ params = { { name = "Stage", kind = "enum" } } } }, "an enum needs values")
  refused({ entry{ params = { { name = "Tags", kind = "list" } } } }, "a list needs item")
  refused({ entry{ params = { { name = "Body", kind = "pem", where = "form" } } } }, "where must be")
  refused({ entry{ answer = { { name = "Items", type = "list" } } } }, "a list needs item_key")
  refused({ entry{ answer = { { name = "Items", type = "list", item_key = "Item",
                               item = { { name = "name", type = "string" } } } } } },
    "answer field 1 %(Items%) answer field 1 %(name%): name must be PascalCase")
  refused({ entry{ paged = { number = "PageNumber", size = "PageSize", items = { "Items", "Item" }, max_size = 50 } } },
    "paged: number and size must be parameters")
end)

t.done()
