-- The action table: every typed binding, described once, as data (the format is in
-- docs/actions.md). The parameter checks (apigw.params), the bindings on the module and on
-- clients (apigw.bindings), the retry policy's idempotency (apigw.retry), the secret names
-- (masking), the dry-run answers, the LuaLS definitions and the parameter tables of
-- docs/lua-api.md are all made from it. This file is plain data with no require, so that
-- the LuaLS generator can load it in a stock lua5.4 at build time.
--
-- Sources: docs/service-behaviour.md Part B 2 (parameters, answers) and 3 (error codes).

-- Shorthands for parameters and answer fields that many actions share.
local function p(name, kind, extra)
  local t = extra or {}
  t.name, t.kind = name, kind
  return t
end
local function req(name, kind, extra)
  local t = p(name, kind, extra)
  t.required = true
  return t
end
local function f(name, type_, extra)
  local t = extra or {}
  t.name, t.type = name, type_
  return t
end

local GROUP_ID = function() return req("GroupId", "string", { note = "the API group's id (32 hex digits)" }) end
local DOMAIN = function() return req("DomainName", "domain") end
local TAGS = function(note)
  return p("Tag", "list", { item = { { name = "Key", required = true }, { name = "Value" } },
                            max = 20, note = note or "tags: `{ {Key = k, Value = v}, ... }`, at most 20" })
end

local STAGES = { "TEST", "PRE", "RELEASE", "" }

-- The fields of DescribeApiGroup's CustomDomains.DomainItem.
local DOMAIN_ITEM = {
  f("DomainName", "string"),
  f("BindStageName", "string", { values = STAGES }),
  f("BindStageAlias", "string"),
  f("CustomDomainType", "string", { values = { "INTERNET", "INTRANET" } }),
  f("IsHttpRedirectToHttps", "boolean"),
  f("DomainBindingStatus", "string", { values = { "BINDING", "BOUND" } }),
  f("DomainCNAMEStatus", "string", { values = { "RESOLVED", "UNRESOLVED" } }),
  f("DomainLegalStatus", "string", { values = { "NORMAL", "ABNORMAL" } }),
  f("DomainRemark", "string"),
  f("DomainWebSocketStatus", "string", { values = { "OPEN", "CLOSE" } }),
  f("WildcardDomainPatterns", "string"),
  f("CertificateId", "string", { optional = "when a certificate is attached" }),
  f("CertificateName", "string", { optional = "when a certificate is attached" }),
  f("CertificateValidStart", "integer", { optional = "when a certificate is attached", note = "epoch milliseconds" }),
  f("CertificateValidEnd", "integer", { optional = "when a certificate is attached", note = "epoch milliseconds" }),
}

local TAG_INFO = { f("Key", "string"), f("Value", "string") }

-- The answer of SetDomain and the first fields of DescribeDomain.
local function binding_fields()
  return {
    f("GroupId", "string", { echo = true }),
    f("DomainName", "string", { echo = true }),
    f("SubDomain", "string", { note = "the group's second-level domain, the CNAME target" }),
    f("DomainBindingStatus", "string", { values = { "BINDING", "BOUND" }, note = "`BINDING` is active" }),
    f("DomainLegalStatus", "string", { values = { "NORMAL", "ABNORMAL" } }),
    f("DomainWebSocketStatus", "string", { values = { "OPEN", "CLOSE" } }),
    f("DomainRemark", "string", { note = "why the domain is `ABNORMAL`, else empty" }),
  }
end

local describe_domain_answer = binding_fields()
table.insert(describe_domain_answer, 5,
  f("DomainCNAMEStatus", "string", { values = { "RESOLVED", "UNRESOLVED" } }))
for _, x in ipairs{
  f("CertificateId", "string", { optional = "when a certificate is attached" }),
  f("CertificateName", "string", { optional = "when a certificate is attached" }),
  f("CertificateBody", "string", { optional = "when a certificate is attached", note = "PEM" }),
  f("CertificatePrivateKey", "string", { optional = "when a certificate is attached", secret = true,
                                         note = "PEM (the service returns it)" }),
  f("CertificateValidStart", "integer", { optional = "when a certificate is attached", note = "epoch milliseconds" }),
  f("CertificateValidEnd", "integer", { optional = "when a certificate is attached", note = "epoch milliseconds" }),
} do describe_domain_answer[#describe_domain_answer + 1] = x end

-- Fields of a group in DescribeApiGroups' items (DescribeApiGroup has these and more).
local function group_fields(extra)
  local t = {
    f("GroupId", "string"),
    f("GroupName", "string"),
    f("Description", "string"),
    f("BasePath", "string"),
    f("SubDomain", "string"),
    f("RegionId", "string"),
    f("InstanceId", "string"),
    f("InstanceType", "string", { values = { "CLASSIC_SHARED", "VPC_SHARED", "VPC_DEDICATED" } }),
    f("HttpsPolicy", "string"),
    f("BillingStatus", "string", { values = { "NORMAL", "LOCKED" } }),
    f("IllegalStatus", "string", { values = { "NORMAL", "LOCKED" } }),
    f("TrafficLimit", "integer", { note = "the group's QPS cap" }),
    f("CreatedTime", "string", { note = "UTC, `YYYY-MM-DDTHH:MM:SSZ`" }),
    f("ModifiedTime", "string", { note = "UTC, `YYYY-MM-DDTHH:MM:SSZ`" }),
  }
  for _, x in ipairs(extra or {}) do t[#t + 1] = x end
  t[#t + 1] = f("Tags", "list", { item_key = "TagInfo", item = TAG_INFO, class = "apigw.TagInfo" })
  return t
end

local describe_group_answer = group_fields{
  f("VpcDomain", "string"),
  f("VpcSlbIntranetDomain", "string"),
  f("DedicatedInstanceType", "string"),
  f("Status", "string", { values = { "NORMAL", "DELETE" } }),
  f("Ipv6Status", "string"),
  f("DisableInnerDomain", "boolean"),
  f("CloudMarketCommodity", "boolean"),
  f("CmsMonitorGroup", "string"),
  f("CompatibleFlags", "string"),
  f("CustomAppCodeConfig", "string"),
  f("CustomTraceConfig", "string"),
  f("CustomerConfigs", "string"),
  f("DefaultDomain", "string"),
  f("PassthroughHeaders", "string"),
  f("UserLogConfig", "string"),
  f("RpcPattern", "string"),
  f("FilterAppCodeForBackend", "string"),
  f("RpsLimitForServerless", "string"),
  f("SupportSSE", "string"),
  f("MigrationStatus", "string"),
  f("MigrationError", "string"),
  f("StageItems", "list", { item_key = "StageInfo", class = "apigw.StageInfo",
    item = { f("StageId", "string"), f("StageName", "string", { values = { "TEST", "PRE", "RELEASE" } }),
             f("Description", "string") } }),
  f("CustomDomains", "list", { item_key = "DomainItem", item = DOMAIN_ITEM, class = "apigw.DomainItem" }),
}
describe_group_answer[1].echo = true -- GroupId

local COMMON_GROUP_ERRORS = { "NotFoundApiGroup" }

local ACTIONS = {
  {
    action = "SetDomain", lua = "set_domain", idempotent = true, writes = true,
    summary = "Binds a custom domain to an API group (again: updates the binding).",
    why_idempotent = "a second identical call finds the binding in place and rewrites the same settings",
    params = {
      GROUP_ID(),
      DOMAIN(),
      p("BindStageName", "enum", { values = STAGES, note = "`\"\"` serves every stage" }),
      p("CustomDomainType", "enum", { values = { "INTERNET", "INTRANET" } }),
      p("IsForce", "boolean", { note = "`true` moves the domain from another group of the account" }),
      p("IsHttpRedirectToHttps", "boolean"),
    },
    answer = binding_fields(),
    errors = { "NotFoundApiGroup", "DomainNotResolved", "DomainAlreadyBind", "ExceedLimitDomain", "InvalidICPLicense" },
  },
  {
    action = "DescribeDomain", lua = "describe_domain", idempotent = true, writes = false,
    summary = "Reads a custom domain's binding, statuses and certificate.",
    params = { GROUP_ID(), DOMAIN() },
    answer = describe_domain_answer,
    errors = { "NotFoundApiGroup", "NotFoundDomain" },
  },
  {
    action = "DeleteDomain", lua = "delete_domain", idempotent = true, writes = true,
    summary = "Unbinds a custom domain from its group; a domain that is not bound is a success too.",
    params = { GROUP_ID(), DOMAIN() },
    answer = {},
    errors = COMMON_GROUP_ERRORS,
  },
  {
    action = "SetDomainCertificate", lua = "set_domain_certificate", idempotent = true, writes = true,
    summary = "Attaches an SSL certificate (and its private key) to a bound domain, replacing any earlier one.",
    why_idempotent = "the same certificate again replaces itself (under a new CertificateId)",
    params = {
      GROUP_ID(),
      DOMAIN(),
      req("CertificateName", "string"),
      req("CertificateBody", "pem", { where = "body", note = "the certificate chain, leaf first" }),
      req("CertificatePrivateKey", "pem", { where = "body", secret = true, note = "an unencrypted key" }),
      p("CaCertificateBody", "pem", { where = "body", note = "CA certificate for mutual TLS" }),
      p("SslVerifyDepth", "integer", { min = 0, max = 99 }),
      p("SslOcspEnable", "boolean"),
      p("SslOcspCacheEnable", "boolean"),
      p("ClientCertSDnPassThrough", "boolean", { note = "pass the client certificate's subject DN as `X-Client-S-Dn`" }),
    },
    answer = {},
    errors = { "NotFoundApiGroup", "NotFoundDomain", "InvalidCertificateBody", "InvalidCertificatePrivateKey" },
  },
  {
    action = "DeleteDomainCertificate", lua = "delete_domain_certificate", idempotent = true, writes = true,
    summary = "Removes a domain's certificate; an absent certificate is a success too.",
    params = { GROUP_ID(), DOMAIN(), req("CertificateId", "string") },
    answer = {},
    errors = { "InvalidGroupId.NotFound" },
  },
  {
    action = "SetDomainWebSocketStatus", lua = "set_domain_websocket_status", idempotent = true, writes = true,
    summary = "Opens or closes WebSocket on a bound domain.",
    why_idempotent = "it sets a state; setting it twice leaves the same state",
    params = {
      GROUP_ID(),
      DOMAIN(),
      req("ActionValue", "enum", { values = { "OPEN", "CLOSE" } }),
      p("WSSEnable", "boolean"),
    },
    answer = {},
    errors = { "NotFoundApiGroup", "NotFoundDomain" },
  },
  {
    action = "ReactivateDomain", lua = "reactivate_domain", idempotent = true, writes = true,
    summary = "Returns an `ABNORMAL` domain to `NORMAL` once its cause (a missing ICP filing) is fixed.",
    why_idempotent = "a `NORMAL` domain is left as it is",
    params = { GROUP_ID(), DOMAIN() },
    answer = {},
    errors = { "NotFoundApiGroup", "NotFoundDomain", "InvalidICPLicense" },
  },
  {
    action = "SetWildcardDomainPatterns", lua = "set_wildcard_domain_patterns", idempotent = true, writes = true,
    summary = "Sets the patterns of a wildcard domain (which host names map to which values).",
    why_idempotent = "it sets the patterns; setting them twice leaves the same patterns",
    params = {
      GROUP_ID(),
      DOMAIN(),
      p("WildcardDomainPatterns", "list", { item = "string", wire = "json",
        note = "a list of patterns such as `{\"{svc}.prd.example.com\"}`, sent as a JSON array" }),
    },
    answer = {},
    errors = { "NotFoundApiGroup", "NotFoundDomain" },
  },
  {
    action = "CreateApiGroup", lua = "create_api_group", idempotent = false, writes = true,
    summary = "Creates an API group.",
    params = {
      req("GroupName", "string", { note = "4 to 50 letters, digits or `_`, starting with a letter; unique in the region" }),
      p("Description", "string", { max_len = 180 }),
      p("BasePath", "string", { note = "starts with `/`" }),
      p("InstanceId", "string", { note = "a dedicated instance, or `api-shared-vpc-001`" }),
      TAGS(),
    },
    answer = {
      f("GroupId", "string"),
      f("GroupName", "string", { echo = true }),
      f("SubDomain", "string"),
      f("Description", "string", { echo = true }),
      f("BasePath", "string", { echo = true }),
      f("InstanceId", "string", { echo = true }),
      f("InstanceType", "string", { values = { "CLASSIC_SHARED", "VPC_SHARED", "VPC_DEDICATED" } }),
      f("TagStatus", "boolean"),
    },
    errors = { "InvalidGroupName", "RepeatedGroupName", "ExceedLimitGroup", "InvalidBasePath" },
  },
  {
    action = "DescribeApiGroup", lua = "describe_api_group", idempotent = true, writes = false,
    summary = "Reads an API group, its stages and its custom domains.",
    params = { GROUP_ID(), TAGS("tags to match") },
    answer = describe_group_answer,
    errors = COMMON_GROUP_ERRORS,
  },
  {
    action = "DescribeApiGroups", lua = "describe_api_groups", idempotent = true, writes = false,
    summary = "Lists the API groups of the region, one page at a time (see `apigw.pages`).",
    params = {
      p("GroupId", "string", { note = "exact match" }),
      p("GroupName", "string", { note = "a keyword: groups whose name contains it" }),
      p("InstanceId", "string"),
      p("BasePath", "string"),
      p("EnableTagAuth", "boolean"),
      p("PageNumber", "integer", { min = 1, max = 2147483647, note = "default 1" }),
      p("PageSize", "integer", { min = 1, max = 50, note = "default 10; `apigw.pages` asks for 50" }),
      p("Sort", "enum", { values = { "asc", "desc" }, note = "by last change; default `desc`" }),
      TAGS("tags to match"),
    },
    answer = {
      f("PageNumber", "integer", { echo = true }),
      f("PageSize", "integer", { echo = true }),
      f("TotalCount", "integer"),
      f("ApiGroupAttributes", "list", { item_key = "ApiGroupAttribute", item = group_fields(),
                                        class = "apigw.ApiGroupAttribute" }),
    },
    paged = { items = { "ApiGroupAttributes", "ApiGroupAttribute" }, number = "PageNumber",
              size = "PageSize", total = "TotalCount", max_size = 50 },
    errors = { "InvalidPageNumber", "InvalidPageSize" },
  },
  {
    action = "ModifyApiGroup", lua = "modify_api_group", idempotent = true, writes = true,
    summary = "Changes an API group's name, description, base path or settings; what is left out is unchanged.",
    why_idempotent = "it sets the values given; setting them twice leaves the same group",
    params = {
      GROUP_ID(),
      p("GroupName", "string"),
      p("Description", "string", { max_len = 180 }),
      p("BasePath", "string"),
      p("CompatibleFlags", "string"),
      p("CustomAppCodeConfig", "string", { note = "JSON text" }),
      p("CustomTraceConfig", "string", { note = "JSON text" }),
      p("CustomerConfigs", "string"),
      p("DefaultDomain", "string"),
      p("FilterAppCodeForBackend", "string"),
      p("PassthroughHeaders", "string", { note = "e.g. `host`" }),
      p("RpcPattern", "string"),
      p("RpsLimitForServerless", "string"),
      p("SupportSSE", "string"),
      p("UserLogConfig", "string", { note = "JSON text" }),
      TAGS(),
    },
    answer = {
      f("GroupId", "string", { echo = true }),
      f("GroupName", "string", { echo = true }),
      f("SubDomain", "string"),
      f("Description", "string", { echo = true }),
      f("BasePath", "string", { echo = true }),
    },
    errors = { "NotFoundApiGroup", "InvalidGroupName", "RepeatedGroupName" },
  },
  {
    action = "DeleteApiGroup", lua = "delete_api_group", idempotent = true, writes = true,
    summary = "Deletes an API group (its domains are unbound); a group that does not exist is a success too.",
    params = { GROUP_ID(), TAGS("tags to match") },
    answer = {},
    errors = {},
  },
}

-- What the rest of the module reads, made once at load: the indexes, the secret names, and
-- each parameter's defaults (where = "query", required and secret as booleans).
local by_action, by_lua, secret_names = {}, {}, {}
for _, a in ipairs(ACTIONS) do
  for _, x in ipairs(a.params) do
    if x.where == nil then x.where = "query" end
    x.required = x.required == true
    x.secret = x.secret == true
    if x.secret then secret_names[x.name] = true end
  end
  by_action[a.action], by_lua[a.lua] = a, a
end

local T = { version = "2016-07-14", actions = ACTIONS, by_action = by_action, by_lua = by_lua }

-- T.check([list]): raises naming the entry and what is wrong with it, for a table (by default
-- this one) whose shape is not the one docs/actions.md describes. Not run at each start (it
-- was more than half of the start's Lua work, for a table that only changes with the code):
-- the build runs it (bindings/gen/luals.lua loads the table, so a typo fails the build) and
-- so does the actions spec (tests/lua/test_actions.lua), with entries broken on purpose.
local KINDS = { string = true, boolean = true, integer = true, enum = true, domain = true,
                list = true, pem = true }
local TYPES = { string = true, boolean = true, integer = true, list = true }
local function bad(where, why) error(("apigw.actions: %s: %s"):format(where, why), 0) end

local function check_fields(where, fields)
  local seen = {}
  for i, x in ipairs(fields) do
    local w = ("%s answer field %d (%s)"):format(where, i, tostring(x.name))
    if type(x.name) ~= "string" or not x.name:match("^%u%w*$") then bad(w, "name must be PascalCase") end
    if seen[x.name] then bad(w, "listed twice") end
    seen[x.name] = true
    if not TYPES[x.type] then bad(w, "unknown type " .. tostring(x.type)) end
    if x.type == "list" and (type(x.item_key) ~= "string" or type(x.item) ~= "table") then
      bad(w, "a list needs item_key (the wrapper's key) and item (the item's fields)")
    end
    if x.type == "list" then check_fields(w, x.item) end
  end
end

function T.check(list)
  list = list or ACTIONS
  local actions, luas = {}, {}
  for i, a in ipairs(list) do
    local w = ("entry %d (%s)"):format(i, tostring(a.action))
    if type(a.action) ~= "string" or not a.action:match("^%u%w*$") then bad(w, "action must be PascalCase") end
    if type(a.lua) ~= "string" or not a.lua:match("^[%l_]+$") then bad(w, "lua must be snake_case") end
    if actions[a.action] or luas[a.lua] then bad(w, "listed twice") end
    actions[a.action], luas[a.lua] = true, true
    if type(a.idempotent) ~= "boolean" then bad(w, "idempotent must be true or false") end
    if type(a.writes) ~= "boolean" then bad(w, "writes must be true or false") end
    -- a read by name is a read: the rule for actions outside the table (T.writes) must agree
    if type(a.action) == "string" and a.action:sub(1, 8) == "Describe" and a.writes then
      bad(w, "a Describe action cannot write")
    end
    if type(a.summary) ~= "string" then bad(w, "summary is missing") end
    if type(a.params) ~= "table" or type(a.answer) ~= "table" then bad(w, "params and answer are needed") end
    local names = {}
    for j, x in ipairs(a.params) do
      local pw = ("%s parameter %d (%s)"):format(w, j, tostring(x.name))
      if type(x.name) ~= "string" or not x.name:match("^%u%w*$") then bad(pw, "name must be PascalCase") end
      if names[x.name] then bad(pw, "listed twice") end
      names[x.name] = true
      if not KINDS[x.kind] then bad(pw, "unknown kind " .. tostring(x.kind)) end
      if x.kind == "enum" and (type(x.values) ~= "table" or #x.values == 0) then bad(pw, "an enum needs values") end
      if x.kind == "list" and x.item == nil then bad(pw, "a list needs item (\"string\" or the item's fields)") end
      if x.where ~= nil and x.where ~= "query" and x.where ~= "body" then bad(pw, "where must be \"query\" or \"body\"") end
    end
    check_fields(w, a.answer)
    if a.paged then
      local pg = a.paged
      if not (names[pg.number] and names[pg.size]) then bad(w, "paged: number and size must be parameters") end
      if type(pg.items) ~= "table" or #pg.items ~= 2 or type(pg.max_size) ~= "number" then
        bad(w, "paged: items = {list field, item key} and max_size are needed")
      end
    end
  end
end

-- The names of every parameter marked secret, as a set (CertificatePrivateKey). Masking
-- (hook payloads, --dry-run, --trace, error messages) takes its names from here.
T.secret_names = secret_names

-- The secret parameter names of an action, as a set. For an action outside the table it is
-- every secret name of the table: a private key sent to the wrong action is still a key.
function T.secrets_of(action)
  local a = by_action[action]
  if not a then return secret_names end
  local s = a.secrets
  if not s then
    s = {}
    for _, x in ipairs(a.params) do if x.secret then s[x.name] = true end end
    a.secrets = s
  end
  return s
end

-- How the action's parameters are sent, for core.sign (bindings/ltransfer.c): {secret = the
-- secret names (secrets_of), body = the names whose `where` is "body", as a set}. For an
-- action outside the table: every secret name of the table and no body parameter.
local NO_BODY = {}
function T.marks_of(action)
  local a = by_action[action]
  if not a then return { secret = secret_names, body = NO_BODY } end
  local m = a.marks
  if not m then
    local body = {}
    for _, x in ipairs(a.params) do if x.where == "body" then body[x.name] = true end end
    m = { secret = T.secrets_of(action), body = body }
    a.marks = m
  end
  return m
end

-- Does the action change anything? Under --check (docs/lua-api.md, "Check mode") a write is
-- not sent. The table says so for its actions; for an action outside it (apigw.call), only
-- Describe* is a read (the service's prefix for its read-only actions): anything else is
-- taken as a write, so that check mode never sends a change it cannot recognise.
function T.writes(action)
  local a = by_action[action]
  if a then return a.writes end
  return type(action) ~= "string" or action:sub(1, 8) ~= "Describe"
end

-- Is sending the action twice the same as sending it once? The table says so for its
-- actions (with the reason in why_idempotent where it is not obvious). For an action outside
-- it (apigw.call), only the names that promise it: Describe* reads, Delete* removes a named
-- thing (a repeat finds it gone).
function T.idempotent(action)
  local a = by_action[action]
  if a then return a.idempotent end
  return action:sub(1, 8) == "Describe" or action:sub(1, 6) == "Delete"
end

return T
