-- apigw.client: configuration, one call with retries, rate limit, answer parsing.
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local sched = require "apigw.sched"
local json = core.json

local VERSION = "2016-07-14"
local BACKOFF_BASE, BACKOFF_CAP = 0.2, 20.0
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
  "insecure", "retries", "qps" }

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
                      "ca_bundle", "insecure", "retries" } do
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
    qps = eff.qps,          -- configured limit (calls/s) or nil
    rate = eff.qps,         -- effective limit after throttling adjustments
    next_slot = 0,          -- rate limiter: earliest start time of the next call
    window_start = 0, window_count = 0, last_rate = 0,
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
  return info
end

-- Idempotent actions: a read timeout may be retried for these, because repeating them
-- cannot change the outcome (SetDomain on the same group is an update; Describe* only
-- reads; Delete* of something absent succeeds). Anything else may have taken effect.
local function idempotent(action)
  return action == "SetDomain" or action:sub(1, 8) == "Describe" or action:sub(1, 6) == "Delete"
end
C.idempotent = idempotent

local function retryable(err, action)
  local code = err.code or ""
  if err.kind == "network" then
    if code == "connect" or code == "closed" then return true end
    if code == "timeout" then return idempotent(action) end
    return false
  end
  if code:find("Throttling", 1, true) then return true end
  if code == "ServiceUnavailable" or code == "InternalError" then return true end
  return (err.http_status or 0) >= 500
end

-- Turns one attempt's outcome into an answer table or an Error.
local function interpret(action, res, nerr, info)
  if not res then
    nerr.action = action
    nerr.kind = "network"
    return nil, Error.new(nerr)
  end
  local ok, body = pcall(json.decode, res.body)
  if not ok or type(body) ~= "table" then
    local snippet = res.body:sub(1, 80):gsub("[%c]", " ")
    return nil, Error.new{ action = action, code = "InvalidResponse", kind = "network",
      http_status = res.status,
      message = ("the answer is not a JSON object (HTTP %d, %d bytes): %s"):format(res.status, #res.body, snippet) }
  end
  if res.status >= 200 and res.status < 300 then return body end
  local code = body.Code or body.code
  local e = Error.new{
    action = action,
    code = type(code) == "string" and code or ("HTTP" .. res.status),
    message = tostring(body.Message or body.message or ("HTTP status " .. res.status)),
    request_id = body.RequestId or body.requestId,
    host_id = body.HostId,
    recommend = body.Recommend,
    http_status = res.status,
    kind = res.status >= 500 and "server" or "client",
  }
  if e.code == "SignatureDoesNotMatch" and info then
    local server = e.message:match("server string to sign is:(.*)$")
    if server then
      if server == info.string_to_sign then
        e.message = e.message .. " [apigw-lua: the strings to sign are equal, so the AccessKey secret is wrong]"
      else
        e.message = e.message .. " [apigw-lua: our string to sign differs: " .. info.string_to_sign .. "]"
      end
    end
  elseif e.code:find("InvalidTimeStamp", 1, true) and res.date then
    e.message = e.message .. (" [apigw-lua: server Date %s, local UTC %s: check the clock]"):format(
      res.date, os.date("!%Y-%m-%dT%H:%M:%SZ"))
  end
  e.retry_after = tonumber(res.retry_after)
  return nil, e
end

-- The rate limiter: reserves the next start slot and sleeps until it (shared by every
-- task that uses this client, so the limit holds across tasks).
function Client:_pace()
  local rate = self.rate
  if not rate then return end
  local now = core.now()
  local slot = math.max(now, self.next_slot)
  self.next_slot = slot + 1 / rate
  if slot > now then sched.sleep(slot - now) end
end

-- Counts starts per second (what an unlimited client was doing when it got throttled).
function Client:_count_start()
  local now = core.now()
  if now - self.window_start >= 1 then
    self.last_rate = self.window_count / math.max(now - self.window_start, 1)
    self.window_start, self.window_count = now, 0
  end
  self.window_count = self.window_count + 1
end

-- Throttled: halve the effective rate (an unlimited client starts from what it was doing).
function Client:_slow_down()
  local base = self.rate or math.max(self.last_rate, self.window_count, 2)
  self.rate = math.max(1, base / 2)
  if C.flags.verbose then log("throttled: slowing down to %.1f calls/s", self.rate) end
end

-- Success: recover by 5% per call, up to the configured qps (or no limit at all).
function Client:_recover()
  if not self.rate then return end
  local r = self.rate * 1.05
  if self.qps then
    self.rate = math.min(self.qps, r)
  elseif r > 4 * math.max(self.last_rate, 1) and r > 1000 then
    self.rate = nil
  else
    self.rate = r
  end
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

-- client:call(action, params [, opts]) -> answer table; raises apigw.Error
function Client:call(action, params, opts)
  if getmetatable(self) ~= Client then
    Error.raise_client(nil, "InvalidParameter", "client:call: call it with ':' on a client")
  end
  if type(action) ~= "string" or not action:match("^%u%w*$") then
    Error.raise_client(nil, "InvalidAction",
      ("action must be a CloudAPI action name such as \"SetDomain\", got %s"):format(
        type(action) == "string" and ("%q"):format(action) or type(action)))
  end
  if params == nil then params = {} end
  if type(params) ~= "table" then
    Error.raise_client(action, "InvalidParameter", "parameters must be a table, got " .. type(params))
  end
  opts = opts or {}
  if type(opts) ~= "table" then
    Error.raise_client(action, "InvalidParameter", "per-call options must be a table, got " .. type(opts))
  end
  util.check_keys(opts, CALL_OPTS, "per-call option", action, "InvalidOption")
  local timeout = opts.timeout
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout or timeout <= 0) then
    Error.raise_client(action, "InvalidOption", "per-call option 'timeout' must be a number of seconds > 0")
  end
  local retries = opts.retries
  if retries ~= nil and (math.type(retries) ~= "integer" or retries < 0 or retries > MAX_RETRIES) then
    Error.raise_client(action, "InvalidOption",
      ("per-call option 'retries' must be an integer from 0 to %d"):format(MAX_RETRIES))
  end
  retries = retries or self.retries
  local flat = util.flatten(action, params)
  self:resolve()

  local attempt = 0
  while true do
    attempt = attempt + 1
    self:_pace()
    self:_count_start()
    local xfer, info = core.start(self._c, action, VERSION, flat, C.flags.dry_run, timeout)
    if xfer == nil then
      info.action = action
      error(Error.new(info), 0)
    end
    if C.flags.trace then
      log("%s canonical request (token masked):\n%s", action, info.canonical)
      log("%s string to sign:\n%s", action, info.string_to_sign)
    end
    if C.flags.dry_run then
      print_request("dry-run:", info)
      return { DryRun = true, Action = action, Method = info.method, URL = info.url,
               Headers = info.headers, Params = flat }
    end
    local res, nerr = sched.wait_xfer(xfer)
    local answer, err = interpret(action, res, nerr, info)
    -- a server may echo the security token (the RPC string to sign): never show it
    if err then err.message = core.redact(self._c, err.message) end
    if C.flags.verbose then
      local ms = (res or nerr).elapsed_ms or 0
      if answer then
        log("%s %d RequestId %s %.1f ms", action, res.status, tostring(answer.RequestId), ms)
      else
        log("%s %s %s RequestId %s %.1f ms", action, err.http_status and tostring(err.http_status) or "-",
          err.code, tostring(err.request_id or "-"), ms)
      end
    end
    if answer then
      self:_recover()
      return answer
    end
    if err.code:find("Throttling", 1, true) then self:_slow_down() end
    err.retryable = retryable(err, action)
    err.attempts = attempt
    if not err.retryable or attempt > retries then
      err.retry_after = nil
      error(err, 0)
    end
    local delay = math.random() * math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ^ (attempt - 1))
    if err.retry_after and err.retry_after > 0 then
      delay = math.min(err.retry_after / 1000, 60)
    end
    if C.flags.verbose then
      log("%s: %s, retry %d of %d in %.2f s", action, err.code, attempt, retries, delay)
    end
    sched.sleep(delay)
  end
end

C.Client = Client
return C
