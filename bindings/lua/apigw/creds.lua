-- apigw.creds: short-lived credentials (docs/credentials.md), fetched and refreshed on the
-- event loop. The provider chain is data from C (core.cred_plan: index 1 signs, i + 1 is
-- the base it is made from); each fetch is an ordinary transfer on the transport
-- (core.cred_start, apigw.sched.await, core.cred_finish), so other tasks run meanwhile.
--
-- Policy: before each attempt, a client whose credentials expire within REFRESH_AHEAD
-- seconds (half their lifetime for credentials issued for less than twice that, such as the
-- emulator's 60-second ones) refreshes them. One refresh at a time per client: the task that finds them due
-- runs it; the others keep signing with the old ones while those are valid, or wait for it
-- (polling a flag with short sleeps) and then go on with the new ones. A failed refresh
-- keeps the old ones while they are valid (one warning) and is retried with backoff; once
-- nothing valid is left, the chain is run again once per try (rechain), and if that fails
-- too, calls fail with a config error naming the provider and both causes. C refuses to
-- sign with expired credentials whatever happens here (agw_lclient_resolve).
local core = require "apigw.core"
local Error = require "apigw.error"
local sched = require "apigw.sched"

local R = {}

R.REFRESH_AHEAD = 180 -- seconds before expiry (the Go SDK's rule)
R.flags = {}          -- verbose, trace (set by apigw.client)
R.log = function(fmt, ...) io.stderr:write("apigw-lua: ", fmt:format(...), "\n") end

local time = core.time

local function iso(t)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(t))
end

-- one request of a provider: start, wait on the loop, read
local function run(c, d, step, n)
  local x, sts = core.cred_start(c, d, step)
  if not x then return nil, sts end
  if sts and R.flags.trace then
    R.log("STS AssumeRole of %s string to sign (source token masked):\n%s", n.role_arn, sts)
  end
  if not sched.await(x, core.cred_cancel) then
    return nil, { code = "InternalError", message = "a credential transfer was lost by the scheduler" }
  end
  return core.cred_finish(c, d, step, x)
end

local FETCH = {
  ram_role_arn = function(c, d, n) return run(c, d, "assume", n) end,
  oidc_role_arn = function(c, d, n) return run(c, d, "assume", n) end,
  credentials_uri = function(c, d, n) return run(c, d, "uri", n) end,
  -- the helper runs while the loop goes on: other tasks keep calling with the credentials
  -- they have; the loop wakes when the helper writes, closes its output or exits (its
  -- descriptors are watched with the transfers': sched.wait_fd), or at its time limit
  external = function(c, d)
    local p, err = core.cred_process_start(c, d)
    if not p then return nil, err end
    while true do
      local info, fd_or_err, left = core.cred_process_step(c, d, p)
      if info ~= false then return info, fd_or_err end
      local fd = fd_or_err
      -- a kernel without pidfd_open gives no descriptor once its output is closed
      if fd then sched.wait_fd(fd, left) else sched.sleep(math.min(left, 0.005)) end
    end
  end,
  ecs_ram_role = function(c, d, n, st)
    local ok, err = run(c, d, "imds_token", n)
    if not ok then
      if n.imdsv1_disabled then
        err.message = err.message .. "; ALIBABA_CLOUD_IMDSV1_DISABLED=true forbids asking without a token"
        return nil, err
      end
      if R.flags.verbose then R.log("ECS metadata: no IMDSv2 token (%s); asking without one (IMDSv1)", err.message) end
    end
    if not n.role_name and not st.role_found then
      ok, err = run(c, d, "imds_role", n)
      if not ok then return nil, err end
      st.role_found = true
    end
    return run(c, d, "imds_creds", n)
  end,
}

local function describe(n)
  if n.role_arn then
    return ("role %s as session %s (STS %s)"):format(n.role_arn, n.session_name, n.sts)
  end
  return n.source
end

-- A provider that never gave credentials, with a next step behind it (the credentials URI
-- behind the ECS step): that one is tried, as the official chain tries each provider in turn
-- (spec credentials.md §1.1); if it fails too, the first is put back for the next try and
-- the error names both. Once one of them has given credentials, it is kept.
local function fall_back(c, d, st, err)
  local first = st.plan[d + 1]
  local src = core.cred_fallback(c, d)
  st.plan = core.cred_plan(c)
  local n = st.plan[d + 1]
  if R.flags.verbose then
    R.log("credentials: %s gave nothing (%s); trying %s, the chain's next step", first.source,
      err.message, src)
  end
  local info, err2 = FETCH[n.kind](c, d, n, st)
  if info then return info end
  core.cred_fallback(c, d)
  st.plan = core.cred_plan(c)
  err2.message = ("%s; nor from %s, the chain's next step: %s"):format(err.message, src, err2.message)
  return nil, err2
end

-- Fetches what is due, the base first. Returns true, or nil, err.
local function refresh(c, st)
  local exps, ahead = st.exps, st.ahead
  for d = #st.plan - 1, 0, -1 do
    local n = st.plan[d + 1]
    local e = exps[d]
    if not n.static and (d == 0 or e == nil or (e and time() >= e - ahead[d])) then
      local t0 = time()
      local info, err = FETCH[n.kind](c, d, n, st)
      if not info and n.fallback and e == nil then
        info, err = fall_back(c, d, st, err)
        n = st.plan[d + 1]
      end
      if not info then return nil, err end
      exps[d] = info.expiration or false
      ahead[d] = info.expiration and math.min(R.REFRESH_AHEAD, (info.expiration - t0) / 2) or 0
      if R.flags.verbose then
        R.log("credentials: %s%s gave %s, %s", describe(n),
          d > 0 and " (a base)" or "", info.access_key_id,
          info.expiration and ("valid until " .. iso(info.expiration)) or "with no expiry")
      end
    end
  end
  return true
end

local function fail(st, code, fmt, ...)
  error(Error.new{ code = code, kind = "config", retryable = false,
                   message = fmt:format(...) }, 0)
end

-- The settled provider failed and its credentials have expired: the chain is run again,
-- once per try (the files and environment read anew, the ECS step's fallback to the URI
-- included), as spec credentials.md §7 asks: a provider recorded only on success, the whole
-- chain re-run when the chosen source breaks. What it finds is kept only if it gives
-- credentials; else the settled provider stays (tried again after the backoff) and the
-- error names both failures. Returns true, or nil, message.
local function rechain(client, st)
  local c = client._c
  local old = st.plan[1].source
  local kind, err = core.cred_rechain(c)
  if not kind then return nil, err.message end
  if kind == "static" then -- keys that need no fetch: nothing can expire any more
    local src = core.resolve(c).source
    st.plan, st.exps, st.ahead = { { source = src, static = true } }, { [0] = false }, { [0] = 0 }
    client._creds = false
    R.log("warning: credentials: %s broke; the credential chain run again gave %s", old, src)
    return true
  end
  local new = { plan = core.cred_plan(c), exps = {}, ahead = {} }
  local ok, res, e = pcall(refresh, c, new)
  if ok and res then
    core.cred_settle(c, true)
    st.plan, st.exps, st.ahead, st.role_found = new.plan, new.exps, new.ahead, new.role_found
    R.log("warning: credentials: %s broke; the credential chain run again gave %s", old,
      new.plan[1].source)
    return true
  end
  core.cred_settle(c, false)
  return nil, ("%s: %s"):format(new.plan[1].source, ok and (e.message or tostring(e.code)) or tostring(res))
end

-- Makes sure the client holds credentials it may sign with now; raises a config error if
-- it cannot. Cheap when nothing is due.
function R.ensure(client)
  local st = client._creds
  if st == false then return end
  local c = client._c
  if st == nil then
    local plan = core.cred_plan(c)
    if not plan then client._creds = false return end
    st = { plan = plan, exps = {}, ahead = {}, fails = 0, next_try = 0 }
    client._creds = st
    if R.flags.verbose then
      local chain = {}
      for i, n in ipairs(plan) do
        chain[i] = describe(n) .. (n.fallback and (" (then " .. n.fallback .. " if it gives nothing)") or "")
      end
      R.log("credentials provider: %s", table.concat(chain, ", over "))
    end
  end
  local exp = st.exps[0]
  local t = time()
  if exp == false or (exp and t < exp - st.ahead[0]) then return end
  if st.busy then
    if exp and t < exp then return end -- the refresh is on its way; these still sign
    repeat sched.sleep(0.005) until not st.busy
  elseif t >= st.next_try then
    st.busy = true
    local ok, res, err = pcall(refresh, c, st)
    if ok and res then
      st.fails, st.next_try, st.last = 0, 0, nil
    else
      err = ok and err or { message = tostring(res) }
      st.last = err.message or tostring(err.code)
      exp = st.exps[0]
      if exp and time() >= exp then
        local rok, fixed, why = pcall(rechain, client, st)
        if not rok then fixed, why = nil, tostring(fixed) end
        if fixed then
          st.fails, st.next_try, st.last = 0, 0, nil
        else
          st.last = ("%s; the credential chain run again: %s"):format(st.last, why)
        end
      elseif exp and st.fails == 0 then
        -- still valid: signed with until they expire, the refresh retried meanwhile
        R.log("warning: credentials: refreshing %s failed (%s); still signing with the current ones, valid until %s",
          st.plan[1].source, st.last, iso(exp))
      end
      if st.last then
        st.fails = st.fails + 1
        -- 1, 2, 4 ... 30 s, jittered: a provider that is down is not hammered by every call
        st.next_try = time() + math.min(2 ^ (st.fails - 1), 30) * (0.5 + math.random() / 2)
        if R.flags.verbose then R.log("credentials: refresh failed (%s); next try in %.1f s", st.last, st.next_try - time()) end
      end
    end
    st.busy = false -- after the chain's re-run too: one at a time
  end
  exp = st.exps[0]
  t = time()
  if exp == false or (exp and t < exp) then return end
  local src = st.plan[1].source
  if exp then
    fail(st, "CredentialsExpired", "credentials from %s expired at %s and could not be refreshed: %s",
      src, iso(exp), st.last or "no refresh was possible")
  end
  fail(st, "CredentialsFetchFailed", "could not get credentials from %s: %s", src,
    st.last or "no fetch was possible")
end

return R
