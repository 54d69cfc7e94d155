-- apigw.client: configuration, one call with retries, rate limit, answer parsing.
local core = require "apigw.core"
local Error = require "apigw.error"
local util = require "apigw.util"
local sched = require "apigw.sched"
local json = core.json
local now = core.now
local wait_xfer = sched.wait_xfer

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
    rate = eff.qps,         -- effective limit after throttling adjustments, nil: none
    next_slot = 0,          -- rate limiter: earliest start time of the next call
    win_start = 0, win_count = 0, prev_rate = 0, -- calls started per second, measured
    last_cut = -math.huge,  -- when the rate was last halved
    rate_before_cut = nil,  -- what an unlimited client was doing when first throttled
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
  return info
end

-- Idempotent actions: a read timeout (the request was sent, no answer came) is retried only
-- for these, because sending them twice leaves the same state as sending them once:
--   SetDomain   binds a domain to a group with the given settings; a second identical call
--               finds the binding in place and only rewrites the same settings.
--   Describe*   only read.
--   Delete*     remove one named thing; the repeat finds it gone (the service answers
--               success or a "not found" that the playbook sees as such, never a second effect).
-- Any other action (Create*, Modify*, Deploy*, Abolish*, ...) may have taken effect before
-- the timeout, and repeating it could create a duplicate or act twice, so it fails with the
-- timeout error instead. Failures to connect (nothing was sent) and connections closed
-- before an answer (most often a kept-alive connection the server had already closed) are
-- retried for every action; each retry is a new request with a new nonce and signature.
local function idempotent(action)
  return action == "SetDomain" or action:sub(1, 8) == "Describe" or action:sub(1, 6) == "Delete"
end
C.idempotent = idempotent

local function throttled(code)
  return code:find("Throttling", 1, true) ~= nil
end

-- Is a failed attempt worth another one? (the classes of docs/bulk.md)
local function retryable(err, action)
  local code = err.code or ""
  if err.kind == "network" then
    if code == "connect" or code == "closed" then return true end
    if code == "timeout" then return idempotent(action) end
    return false -- tls, InvalidResponse: retrying will not change the answer
  end
  if throttled(code) then return true end
  if code == "ServiceUnavailable" or code == "InternalError" then return true end
  return (err.http_status or 0) >= 500
end
C.retryable = retryable

-- A server may echo the security token inside its string to sign (RPC: a SecurityToken
-- parameter, percent-encoded twice) or canonical request (V3: x-acs-security-token). Masks
-- it whatever the encoding, so that no message ever carries it and two strings to sign
-- can be compared with the token masked on both sides.
local function mask_token(s)
  local n
  s, n = s:gsub("(SecurityToken%%3D).-(%%26)", "%1***%2")
  if n == 0 then s = s:gsub("(SecurityToken%%3D)%S*", "%1***") end
  s = s:gsub("(SecurityToken=)[^&%s]*", "%1***")
  s = s:gsub("(x%-acs%-security%-token:)[^\n]*", "%1***")
  return s
end
C.mask_token = mask_token

-- Turns one attempt's outcome into an answer table or an Error.
local function interpret(action, status, body, retry_after, date, sts)
  if not status then -- body is the transport's error table
    body.action = action
    body.kind = "network"
    return nil, Error.new(body)
  end
  local ok, doc = pcall(json.decode, body)
  if not ok or type(doc) ~= "table" then
    local snippet = body:sub(1, 80):gsub("[%c]", " ")
    if status >= 500 then
      -- a proxy's or load balancer's error page: a server failure like any other 5xx
      return nil, Error.new{ action = action, code = "HTTP" .. status, kind = "server",
        http_status = status, retry_after = tonumber(retry_after),
        message = ("HTTP status %d with a body that is not JSON: %s"):format(status, snippet) }
    end
    return nil, Error.new{ action = action, code = "InvalidResponse", kind = "network",
      http_status = status,
      message = ("the answer is not a JSON object (HTTP %d, %d bytes): %s"):format(status, #body, snippet) }
  end
  if status >= 200 and status < 300 then return doc end
  local code = doc.Code or doc.code
  local e = Error.new{
    action = action,
    code = type(code) == "string" and code or ("HTTP" .. status),
    message = mask_token(tostring(doc.Message or doc.message or ("HTTP status " .. status))),
    request_id = doc.RequestId or doc.requestId,
    host_id = doc.HostId,
    recommend = doc.Recommend,
    http_status = status,
    kind = status >= 500 and "server" or "client",
  }
  if e.code == "SignatureDoesNotMatch" and sts then
    local server = e.message:match("server string to sign is:(.*)$")
    if server then
      if server == mask_token(sts) then
        e.message = e.message .. " [apigw-lua: the strings to sign are equal, so the AccessKey secret is wrong]"
      else
        e.message = e.message .. " [apigw-lua: our string to sign differs: " .. mask_token(sts) .. "]"
      end
    end
  elseif e.code:find("InvalidTimeStamp", 1, true) and date then
    e.message = e.message .. (" [apigw-lua: server Date %s, local UTC %s: check the clock]"):format(
      date, os.date("!%Y-%m-%dT%H:%M:%SZ"))
  end
  e.retry_after = tonumber(retry_after)
  return nil, e
end

-- Rate limit and slow-down (docs/bulk.md, "Rate limit"):
--  * qps = N makes the client a token bucket of depth 1 refilled at N tokens/s: each start
--    (first attempts and retries alike) takes the next free slot, 1/N s after the previous
--    one, and sleeps until it; every task using the client shares the slots.
--  * A throttling answer halves the effective rate (an unlimited client starts from the rate
--    it was measured to start calls at), at most once per second: the answers already in
--    flight were sent at the old rate and must not cut it again. Floor: 1 call/s.
--  * Each success then raises the rate by 5% (at least +1 call/s), up to the configured qps;
--    an unlimited client becomes unlimited again once it is back to twice the rate it had
--    when first throttled.
local MIN_RATE, CUT_INTERVAL = 1, 1.0

function Client:_pace()
  local rate = self.rate
  if not rate then return end
  local t = now()
  local slot = self.next_slot
  if slot < t then slot = t end
  self.next_slot = slot + 1 / rate
  if slot > t then sched.sleep(slot - t) end
end

-- Counts starts per second (what an unlimited client was doing when it got throttled).
function Client:_count_start(t)
  local el = t - self.win_start
  if el >= 1 then
    self.prev_rate = self.win_count / el
    self.win_start, self.win_count = t, 0
  end
  self.win_count = self.win_count + 1
end

function Client:_measured_rate(t)
  local el = t - self.win_start
  local cur = el >= 0.25 and self.win_count / el or 0
  return math.max(self.prev_rate, cur)
end

function Client:_slow_down()
  local t = now()
  if t - self.last_cut < CUT_INTERVAL then return end
  self.last_cut = t
  local base = self.rate
  if not base then
    base = math.max(self:_measured_rate(t), 2 * MIN_RATE)
    self.rate_before_cut = base
  end
  self.rate = math.max(MIN_RATE, base / 2)
  if self.next_slot < t then self.next_slot = t end
  if C.flags.verbose then log("throttled: slowing down to %.1f calls/s", self.rate) end
end

function Client:_recover()
  local rate = self.rate
  if not rate then return end
  rate = rate + math.max(1, rate * 0.05)
  if self.qps then
    self.rate = math.min(self.qps, rate)
  elseif rate >= 2 * (self.rate_before_cut or 0) then
    self.rate, self.rate_before_cut = nil, nil
    if C.flags.verbose then log("recovered: no rate limit") end
  else
    self.rate = rate
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

-- Parameters the signer sets itself: a playbook that passed one would either be silently
-- overridden or break the request (Format=XML: answers apigw-lua cannot read).
local RESERVED = {}
for _, k in ipairs{ "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod",
                    "SignatureVersion", "SignatureNonce", "SignatureType", "Timestamp",
                    "SecurityToken" } do
  RESERVED[k] = true
end
local NO_OPTS = setmetatable({}, { __newindex = function() error("read-only", 2) end })

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
  if params == nil then params = NO_OPTS end
  if type(params) ~= "table" then
    Error.raise_client(action, "InvalidParameter", "parameters must be a table, got " .. type(params))
  end
  local timeout, retries
  if opts ~= nil then
    if type(opts) ~= "table" then
      Error.raise_client(action, "InvalidParameter", "per-call options must be a table, got " .. type(opts))
    end
    util.check_keys(opts, CALL_OPTS, "per-call option", action, "InvalidOption")
    timeout = opts.timeout
    if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout or timeout <= 0
                           or timeout == math.huge) then
      Error.raise_client(action, "InvalidOption", "per-call option 'timeout' must be a number of seconds > 0")
    end
    retries = opts.retries
    if retries ~= nil and (math.type(retries) ~= "integer" or retries < 0 or retries > MAX_RETRIES) then
      Error.raise_client(action, "InvalidOption",
        ("per-call option 'retries' must be an integer from 0 to %d"):format(MAX_RETRIES))
    end
  end
  retries = retries or self.retries
  for k in pairs(params) do
    if RESERVED[k] then
      Error.raise_client(action, "InvalidParameter",
        ("parameter '%s' is set by apigw-lua itself (action, version, credentials and signature); leave it out"):format(k))
    end
  end
  local flat = util.flatten(action, params)
  if not self._resolved then self:resolve() end
  local flags = C.flags
  local dry_run, verbose, trace = flags.dry_run, flags.verbose, flags.trace

  local attempt = 0
  while true do
    attempt = attempt + 1
    if self.rate then self:_pace() end
    self:_count_start(now())
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
    local answer, err = interpret(action, status, body, retry_after, date, sts)
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
      if self.rate then self:_recover() end
      return answer
    end
    if throttled(err.code) then self:_slow_down() end
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
    if verbose then
      log("%s: %s, retry %d of %d in %.2f s", action, err.code, attempt, retries, delay)
    end
    sched.sleep(delay)
  end
end

C.Client = Client
return C
