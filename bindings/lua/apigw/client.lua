-- apigw.client: a client's options and its bindings; one call runs through the stages of
-- apigw.call.
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local Limiter = require "apigw.ratelimit"
local call = require "apigw.call"
local hooks = require "apigw.hooks"

local MAX_RETRIES = 10

local C = {}

-- Settings from the command line (set by the host through apigw._configure).
C.cli = {}
-- Behaviour flags: verbose, trace, dry_run (the same table as apigw.call's).
C.flags = call.flags

local function log(fmt, ...)
  io.stderr:write("apigw-lua: ", fmt:format(...), "\n")
end
C.log = log

local OPTIONS = { "region", "endpoint", "profile", "access_key_id", "access_key_secret",
  "security_token", "signature", "method", "connect_timeout", "read_timeout", "ca_bundle",
  "insecure", "retries", "qps",
  -- short-lived credentials (apigw.creds)
  "role_arn", "role_session_name", "duration", "policy", "external_id", "sts_endpoint",
  "endpoint_type" }

local function check_type(key, v, want)
  if v ~= nil and type(v) ~= want then
    Error.raise_client(nil, "InvalidOption",
      ("apigw.client: option '%s' must be a %s, got %s"):format(key, want, type(v)))
  end
end

local function check_options(o)
  if type(o) ~= "table" then
    Error.raise_client(nil, "InvalidOption", "apigw.client: expected a table of options, got " .. type(o))
  end
  util.check_keys(o, OPTIONS, "option", nil, "InvalidOption")
  for _, k in ipairs{ "region", "endpoint", "profile", "access_key_id", "access_key_secret",
                      "security_token", "ca_bundle" } do
    check_type(k, o[k], "string")
    if o[k] == "" then
      Error.raise_client(nil, "InvalidOption", ("apigw.client: option '%s' is empty"):format(k))
    end
  end
  check_type("insecure", o.insecure, "boolean")
  for _, k in ipairs{ "role_arn", "role_session_name", "policy", "external_id", "sts_endpoint" } do
    check_type(k, o[k], "string")
    if o[k] == "" then
      Error.raise_client(nil, "InvalidOption", ("apigw.client: option '%s' is empty"):format(k))
    end
  end
  local d = o.duration
  if d ~= nil and (math.type(d) ~= "integer" or d < 900 or d > 43200) then
    Error.raise_client(nil, "InvalidOption",
      "apigw.client: option 'duration' must be a whole number of seconds from 900 to 43200, got " .. tostring(d))
  end
  if o.endpoint_type ~= nil and o.endpoint_type ~= "vpc" and o.endpoint_type ~= "public" then
    Error.raise_client(nil, "InvalidOption",
      "apigw.client: endpoint_type must be \"vpc\" or \"public\", got " .. tostring(o.endpoint_type))
  end
  for _, k in ipairs{ "role_session_name", "duration", "policy", "external_id" } do
    if o[k] ~= nil and not o.role_arn then
      Error.raise_client(nil, "InvalidOption", ("apigw.client: option '%s' needs role_arn"):format(k))
    end
  end
  local sn = o.role_session_name
  if sn and not (#sn >= 2 and #sn <= 64 and sn:match("^[%w%.@_%-]+$")) then
    Error.raise_client(nil, "InvalidOption",
      "apigw.client: role_session_name must be 2 to 64 letters, digits and '.@_-'")
  end
  if o.ca_bundle then
    local f, why = io.open(o.ca_bundle, "r")
    if not f then
      Error.raise_client(nil, "InvalidOption", "apigw.client: ca_bundle cannot be read: " .. tostring(why))
    end
    f:close()
  end
  if o.signature ~= nil and o.signature ~= "v3" and o.signature ~= "rpc" then
    Error.raise_client(nil, "InvalidOption", "apigw.client: signature must be \"v3\" or \"rpc\", got " .. tostring(o.signature))
  end
  if o.method ~= nil and o.method ~= "POST" and o.method ~= "GET" then
    Error.raise_client(nil, "InvalidOption", "apigw.client: method must be \"POST\" or \"GET\", got " .. tostring(o.method))
  end
  for _, k in ipairs{ "connect_timeout", "read_timeout", "qps" } do
    local v = o[k]
    if v ~= nil and (type(v) ~= "number" or v ~= v or v <= 0 or v == math.huge) then
      Error.raise_client(nil, "InvalidOption",
        ("apigw.client: option '%s' must be a number > 0 (seconds for timeouts, calls/s for qps), got %s"):format(k, tostring(v)))
    end
  end
  local r = o.retries
  if r ~= nil and (math.type(r) ~= "integer" or r < 0 or r > MAX_RETRIES) then
    Error.raise_client(nil, "InvalidOption",
      ("apigw.client: option 'retries' must be an integer from 0 to %d, got %s"):format(MAX_RETRIES, tostring(r)))
  end
  if (o.access_key_id == nil) ~= (o.access_key_secret == nil) then
    Error.raise_client(nil, "InvalidOption",
      "apigw.client: give both access_key_id and access_key_secret, or neither")
  end
  if o.security_token and not o.access_key_id then
    Error.raise_client(nil, "InvalidOption",
      "apigw.client: security_token needs access_key_id and access_key_secret")
  end
end

local Client = {}
Client.__index = Client
Client.__name = "apigw.Client"

function Client:__tostring()
  return tostring(self._c)
end

-- Builds a client from options; CLI flags win for region and endpoint, as documented.
function C.new(opts, is_default)
  opts = opts or {}
  check_options(opts)
  local cli = C.cli
  local eff = {}
  for _, k in ipairs(OPTIONS) do eff[k] = opts[k] end
  eff.region = cli.region or eff.region
  eff.endpoint = cli.endpoint or eff.endpoint
  for _, k in ipairs{ "profile", "signature", "method", "connect_timeout", "read_timeout",
                      "ca_bundle", "insecure", "retries", "endpoint_type" } do
    if eff[k] == nil then eff[k] = cli[k] end
  end
  if is_default then
    for _, k in ipairs{ "access_key_id", "access_key_secret", "security_token" } do
      if eff[k] == nil then eff[k] = cli[k] end
    end
  end
  local self = setmetatable({
    _c = core.new_client(eff),
    retries = eff.retries or 3,
    limiter = Limiter.new(eff.qps),
    signature = eff.signature or "v3",
  }, Client)
  return self
end

-- Resolves credentials and endpoint now; returns a description table or raises.
function Client:resolve()
  local info, err = core.resolve(self._c)
  if not info then
    err.action = nil
    error(Error.new(err), 0)
  end
  if not self._announced and C.flags.verbose then
    self._announced = true
    log("credentials from %s; endpoint %s", info.source, info.endpoint)
  end
  self._resolved = true
  if info.provider then
    local creds = require "apigw.creds" -- loaded by the first client with a provider
    creds.flags = C.flags
    creds.ensure(self)
  else
    self._creds = false
  end
  return info
end

local CALL_OPTS = { "timeout", "retries" }

-- Parameters the signer sets itself: a playbook that passed one would either be silently
-- overridden or break the request (Format=XML: answers apigw-lua cannot read).
local RESERVED = {}
for _, k in ipairs{ "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod",
                    "SignatureVersion", "SignatureNonce", "SignatureType", "Timestamp",
                    "SecurityToken" } do
  RESERVED[k] = true
end
local NO_OPTS = setmetatable({}, { __newindex = function() error("read-only", 2) end })

-- Checks per-call options; returns timeout, retries (each nil when not given).
local function call_opts(action, opts)
  if opts == nil then return nil, nil end
  if type(opts) ~= "table" then
    Error.raise_client(action, "InvalidParameter", "per-call options must be a table, got " .. type(opts))
  end
  util.check_keys(opts, CALL_OPTS, "per-call option", action, "InvalidOption")
  local timeout = opts.timeout
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout or timeout <= 0
                         or timeout == math.huge) then
    Error.raise_client(action, "InvalidOption", "per-call option 'timeout' must be a number of seconds > 0")
  end
  local retries = opts.retries
  if retries ~= nil and (math.type(retries) ~= "integer" or retries < 0 or retries > MAX_RETRIES) then
    Error.raise_client(action, "InvalidOption",
      ("per-call option 'retries' must be an integer from 0 to %d"):format(MAX_RETRIES))
  end
  return timeout, retries
end
C.call_opts = call_opts

local valid_actions = {} -- action names already checked

-- client:call(action, params [, opts]) -> answer table; raises apigw.Error
function Client:call(action, params, opts)
  if getmetatable(self) ~= Client then
    Error.raise_client(nil, "InvalidParameter", "client:call: call it with ':' on a client")
  end
  if not valid_actions[action] then
    if type(action) ~= "string" or not action:match("^%u%w*$") then
      Error.raise_client(nil, "InvalidAction",
        ("action must be a CloudAPI action name such as \"SetDomain\", got %s"):format(
          type(action) == "string" and ("%q"):format(action) or type(action)))
    end
    valid_actions[action] = true
  end
  if params == nil then params = NO_OPTS end
  if type(params) ~= "table" then
    Error.raise_client(action, "InvalidParameter", "parameters must be a table, got " .. type(params))
  end
  local timeout, retries = call_opts(action, opts)
  return call.run(self, action, params, C.prepare_call(action, params), C.prepare_call, timeout, retries)
end

-- client:call's check: parameters apigw-lua sets itself are refused; the rest is flattened
-- into the strings to send. Run again on what a call or request hook edited.
function C.prepare_call(action, params)
  for k in pairs(params) do
    if RESERVED[k] then
      Error.raise_client(action, "InvalidParameter",
        ("parameter '%s' is set by apigw-lua itself (action, version, credentials and signature); leave it out"):format(k))
    end
  end
  return util.flatten(action, params)
end

-- client:on(event, fn [, {id=, action=}]) -> hook, for this client's calls only
function Client:on(event, fn, opts)
  if getmetatable(self) ~= Client then
    Error.raise_client(nil, "InvalidHook", "client:on: call it with ':' on a client")
  end
  return hooks.client_on(self, event, fn, opts)
end

C.Client = Client
return C
