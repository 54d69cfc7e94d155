-- apigw.client: a client's options, and one call: sign, send, wait, retry (apigw.retry),
-- pace (apigw.ratelimit), read the answer (apigw.answer).
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local sched = require "apigw.sched"
local answer_of = require "apigw.answer"
local retry = require "apigw.retry"
local Limiter = require "apigw.ratelimit"
local creds = require "apigw.creds"
local now = core.now
local wait_xfer = sched.wait_xfer

local VERSION = "2016-07-14"
local MAX_RETRIES = 10

local C = {}

-- Settings from the command line (set by the host through apigw._configure).
C.cli = {}
-- Behaviour flags: verbose, trace, dry_run.
C.flags = {}

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
    creds.flags = C.flags
    creds.ensure(self)
  else
    self._creds = false
  end
  return info
end

local function print_request(what, info)
  local lines = { ("%s %s %s"):format(what, info.method, info.url) }
  for _, h in ipairs(info.headers) do
    if h:lower():find("^authorization:") then
      h = h:gsub("Signature=%x+", "Signature=<redacted>")
    end
    lines[#lines + 1] = "  " .. h
  end
  log("%s", table.concat(lines, "\n"))
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
  for k in pairs(params) do
    if RESERVED[k] then
      Error.raise_client(action, "InvalidParameter",
        ("parameter '%s' is set by apigw-lua itself (action, version, credentials and signature); leave it out"):format(k))
    end
  end
  return self:_send(action, util.flatten(action, params), timeout, retries)
end

-- One call with checked input: flat maps parameter names to the strings to send. Signs,
-- sends, waits, retries; returns the answer table or raises.
function Client:_send(action, flat, timeout, retries)
  retries = retries or self.retries
  if not self._resolved then self:resolve() end
  local flags = C.flags
  local dry_run, verbose, trace = flags.dry_run, flags.verbose, flags.trace

  local attempt = 0
  while true do
    attempt = attempt + 1
    local limiter = self.limiter
    if limiter.rate then limiter:pace() end
    limiter:count_start(now())
    if self._creds ~= false then creds.ensure(self) end
    local xfer, info = core.start(self._c, action, VERSION, flat, dry_run, timeout, trace)
    if xfer == nil then
      info.action = action
      error(Error.new(info), 0)
    end
    local sts = info
    if trace then
      sts = info.string_to_sign
      log("%s canonical request (token masked):\n%s", action, info.canonical)
      log("%s string to sign:\n%s", action, info.string_to_sign)
    end
    if dry_run then
      print_request("dry-run:", info)
      return { DryRun = true, Action = action, Method = info.method, URL = info.url,
               Headers = info.headers, Params = flat }
    end
    local status, body, retry_after, date, ms = wait_xfer(xfer)
    local answer, err = answer_of.interpret(action, status, body, retry_after, date, sts)
    if err then err.message = core.redact(self._c, err.message) end
    if verbose then
      if answer then
        log("%s %d RequestId %s %.1f ms", action, status, tostring(answer.RequestId), ms or 0)
      else
        log("%s %s %s RequestId %s %.1f ms", action, err.http_status and tostring(err.http_status) or "-",
          err.code, tostring(err.request_id or "-"), (status and ms or body.elapsed_ms) or 0)
      end
    end
    if answer then
      if limiter.rate then limiter:recover(verbose and log) end
      return answer
    end
    if retry.throttled(err.code) then limiter:slow_down(verbose and log) end
    err.retryable = retry.retryable(err, action)
    err.attempts = attempt
    if not err.retryable or attempt > retries then
      err.retry_after = nil
      error(err, 0)
    end
    local delay = retry.delay(attempt, err.retry_after)
    if verbose then
      log("%s: %s, retry %d of %d in %.2f s", action, err.code, attempt, retries, delay)
    end
    sched.sleep(delay)
  end
end

C.Client = Client
return C
