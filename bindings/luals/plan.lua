-- The declarative part of the LuaLS definitions (docs/declarative.md): the desired state,
-- apigw.plan and the plan object. bindings/gen/luals.lua includes it when the module has
-- the plan (bindings/lua/apigw/plan.lua exists).

---One entry of the desired state: the SetDomain parameters plus the certificate, WebSocket
---and state. Checked as a whole before any call (InvalidSpec names every problem).
---@class apigw.WantEntry
---@field GroupId string
---@field DomainName string
---@field BindStageName? "TEST"|"PRE"|"RELEASE"|""
---@field CustomDomainType? "INTERNET"|"INTRANET"
---@field IsHttpRedirectToHttps? boolean
---@field IsForce? boolean true: the domain may be moved here from another group
---@field Certificate? string PEM: the certificate (chain, leaf first); apigw.pem(path)
---@field CertificateKey? string PEM: its private key (never kept in the plan)
---@field CertificateName? string compared only when given
---@field WebSocket? "OPEN"|"CLOSE"
---@field WSSEnable? boolean write-only: reported as cannot be verified
---@field SslOcspEnable? boolean write-only
---@field SslOcspCacheEnable? boolean write-only
---@field state? "present"|"absent" default "present"

---@class apigw.PlanOptions
---@field prune? string[] groups whose domains not in the spec are unbound
---@field read? string[] more groups to read (where a domain to move may be bound now)
---@field concurrency? integer reads and DNS lookups in flight (default 16)
---@field dns? string|false a DNS-over-HTTPS JSON resolver URL; false: no DNS proof checked
---@field now? integer epoch seconds, for certificate validity (default now)
---@field domains_per_group? integer per CustomDomainType (default 5; 0: no limit)

---@class apigw.PlanChange
---@field field string
---@field before any
---@field after any

---@class apigw.PlanBlocked
---@field code string DomainNotResolved, DomainAlreadyBind, DomainAbnormal, ExceedLimitDomain, CertificateDomainMismatch, CertificateExpired
---@field reason string
---@field fix string one line: what to do

---@class apigw.PlanEntry
---@field index? integer the spec entry's index; nil for a pruned entry
---@field group string
---@field domain string
---@field action "+"|"~"|"-/+"|"-"|"="|"!"
---@field state? "present"|"absent"
---@field want? table the normalized spec fields (no key)
---@field live? apigw.DomainItem the binding read (for a move: in from_group)
---@field from_group? string for "-/+": the group that holds the domain now
---@field pruned? boolean
---@field changes apigw.PlanChange[]
---@field unverifiable string[] fields the service never returns
---@field blocked? apigw.PlanBlocked
---@field reactivate? boolean ABNORMAL: apply sends ReactivateDomain first
---@field cert {before?: string, after?: string} SHA-256 fingerprints (hex)
---@field dns? string the ownership proof found, or why it is unknown
---@field steps string[] the actions apply sends, in order

---@class apigw.PlanSummary
---@field bind integer
---@field update integer
---@field move integer
---@field unbind integer
---@field unchanged integer
---@field blocked integer
---@field unverifiable integer

---A plan: what apply would do, entry by entry.
---@class apigw.Plan
---@field entries apigw.PlanEntry[]
---@field summary apigw.PlanSummary
---@field changes integer entries apply would write, plus blocked ones (the drift count)
---@field reads integer API calls the plan made (DescribeApiGroup + DescribeDomain)
---@field dns_reads integer DNS lookups
---@field dns_url string|false the resolver asked
---@field groups string[] the groups read
---@field client apigw.Client the client it read with
local Plan = {}

---The human view, optionally with colour (tostring(plan) colours only on a terminal, never with NO_COLOR).
---@param opts? {color?: boolean}
---@return string
function Plan:text(opts) end

---The documented JSON text (version 1).
---@return string
function Plan:json() end

---Applies the plan (apigw.apply).
---@param opts? table
---@return table result
function Plan:apply(opts) end

---The CertificateKey of the spec entry an entry came from (read from the caller's spec).
---@param entry apigw.PlanEntry
---@return string|nil
function Plan:key_of(entry) end

---Plans the desired state against the live one: nothing is written.
---@param want apigw.WantEntry[]
---@param opts? apigw.PlanOptions
---@return apigw.Plan
function apigw.plan(want, opts) end

---Plans the desired state with this client.
---@param want apigw.WantEntry[]
---@param opts? apigw.PlanOptions
---@return apigw.Plan
function Client:plan(want, opts) end
