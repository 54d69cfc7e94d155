-- apigw.pages: the items of every page of a paged action, fetched as the loop needs them.
-- Where the items and the paging fields are comes from the entry's `paged` (apigw.actions).
local Error = require "apigw.error"
local util = require "apigw.util"
local bindings = require "apigw.bindings"

local P = {}

local OPTS = { "client", "timeout", "retries" }

-- The entry of a paged action given by name or binding, or raises naming what was given.
local function paged_entry(fname, what)
  local entry = bindings.resolve(what)
  if entry and entry.paged then return entry end
  local paged = {}
  for _, a in ipairs(require("apigw.actions").actions) do
    if a.paged then paged[#paged + 1] = ("%s (apigw.%s)"):format(a.action, a.lua) end
  end
  local shown = type(what) == "string" and ("%q"):format(what) or type(what)
  Error.raise_client(nil, "InvalidParameter",
    ("%s: %s is not a paged action; paged actions: %s"):format(fname, entry and entry.action or shown,
      table.concat(paged, ", ")))
end

-- Checks opts ({client =, timeout =, retries =}); returns the client and the per-call options.
function P.call_opts(fname, opts, keys, default_client)
  if opts == nil then return default_client(), nil end
  if type(opts) ~= "table" then
    Error.raise_client(nil, "InvalidOption", ("%s: options must be a table, got %s"):format(fname, type(opts)))
  end
  util.check_keys(opts, keys, ("%s option"):format(fname), nil, "InvalidOption")
  local c = opts.client
  if c ~= nil and getmetatable(c) ~= require("apigw.client").Client then
    Error.raise_client(nil, "InvalidOption", ("%s: option 'client' must be a client from apigw.client, got %s"):format(fname, type(c)))
  end
  local call = nil
  if opts.timeout ~= nil or opts.retries ~= nil then call = { timeout = opts.timeout, retries = opts.retries } end
  return c or default_client(), call
end

local function items_of(entry, answer)
  local wrap = answer[entry.paged.items[1]]
  local items = type(wrap) == "table" and wrap[entry.paged.items[2]]
  if type(items) ~= "table" then
    Error.raise_client(entry.action, "InvalidResponse",
      ("apigw.pages: the answer has no %s.%s list"):format(entry.paged.items[1], entry.paged.items[2]))
  end
  return items
end

-- apigw.pages(action_or_binding, params [, opts]) -> iterator of item, page answer
function P.pages(default_client, what, params, opts)
  local entry = paged_entry("apigw.pages", what)
  local c, call = P.call_opts("apigw.pages", opts, OPTS, default_client)
  if params == nil then params = {} end
  if type(params) ~= "table" then
    Error.raise_client(entry.action, "InvalidParameter", "apigw.pages: parameters must be a table, got " .. type(params))
  end
  local pg = entry.paged
  local p = {}
  for k, v in pairs(params) do p[k] = v end
  if p[pg.size] == nil then p[pg.size] = pg.max_size end
  if p[pg.number] == nil then p[pg.number] = 1 end
  local method = c[entry.lua]
  -- The first page is checked now, so that a wrong parameter raises where apigw.pages is
  -- called rather than at the loop's first turn; nothing is sent before the loop runs.
  require("apigw.params").check(entry, p)

  local page, items, i, done = nil, nil, 0, false
  return function()
    while true do
      if items and i < #items then
        i = i + 1
        return items[i], page
      end
      if done then return nil end
      if page then p[pg.number] = p[pg.number] + 1 end
      page = method(c, p, call)
      items, i = items_of(entry, page), 0
      local total = math.tointeger(page[pg.total])
      local size = math.tointeger(p[pg.size])
      -- the last page: short or empty, or every item counted (a dry run's page is empty)
      if #items == 0 or #items < size or (total and (p[pg.number] - 1) * size + #items >= total) then
        done = true
      end
    end
  end
end

return P
