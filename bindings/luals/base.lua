-- The hand-written part of the LuaLS definitions: what is not made from the action table.
-- bindings/gen/luals.lua puts it first, then the hooks part (when the module has hooks), then
-- one params and one answer class and the bindings per entry of the table.

---The apigw module: Alibaba Cloud API Gateway (CloudAPI 2016-07-14) from Lua.
---@class apigw
---@field version string the version of apigw-lua, e.g. "0.1.0"
---@field check_mode boolean true under `apigw-lua --check` (reads sent, writes not); read-only
---@field json apigw.json
---@field Error apigw.ErrorModule
apigw = {}

---@class apigw.json
---@field null lightuserdata JSON null inside arrays and objects
local json = {}

---Parses JSON text; integers stay integers, other numbers are floats.
---@param text string
---@return any
function json.decode(text) end

---Writes a value as JSON text.
---@param value any
---@return string
function json.encode(value) end

---@class apigw.Error
---@field code string the service's code, or a local one (Missing<Name>, Invalid<Name>, InvalidParameter, connect, timeout, WaiterTimeout...)
---@field message string
---@field request_id? string
---@field host_id? string
---@field recommend? string
---@field http_status? integer
---@field kind "client"|"server"|"network"|"config"|"waiter"
---@field retryable boolean
---@field action? string
---@field attempts? integer
---@field where? string the playbook's file:line, for local checks
---@field problems? string[] apigw.plan's InvalidSpec: each problem of the desired state
---@field answer? table apigw.wait: the last answer
---@field last_error? apigw.Error apigw.wait: the last "not yet" error
---@field elapsed? number apigw.wait: seconds waited
---@field cause? any HookError: what the hook raised

---@class apigw.ErrorModule
local Error = {}

---Whether v is an apigw.Error.
---@param v any
---@return boolean
function Error.is(v) end

---Makes an apigw.Error from its fields.
---@param fields {code: string, message?: string, kind?: string, action?: string, retryable?: boolean}
---@return apigw.Error
function Error.new(fields) end

---@class apigw.Task
local Task = {}

---The task function's results, or raises its error. Inside a task it yields.
---@return any ...
function Task:wait() end

---Whether the task has returned or failed.
---@return boolean
function Task:done() end

---Per-call options, the last argument of every binding.
---@class apigw.CallOpts
---@field timeout? number seconds for each attempt, > 0 and at most 86400
---@field retries? integer retries of retryable failures, 0 to 10

---@class apigw.ClientOptions
---@field region? string
---@field endpoint? string host[:port] or http(s)://host[:port]
---@field profile? string
---@field access_key_id? string
---@field access_key_secret? string
---@field security_token? string
---@field signature? "v3"|"rpc"
---@field method? "POST"|"GET"
---@field connect_timeout? number
---@field read_timeout? number
---@field ca_bundle? string
---@field insecure? boolean
---@field retries? integer
---@field qps? number calls per second for this client
---@field role_arn? string assume this RAM role with the credentials found
---@field role_session_name? string
---@field duration? integer
---@field policy? string
---@field external_id? string
---@field sts_endpoint? string
---@field endpoint_type? "public"|"vpc"

---A client: the typed bindings as methods, plus call and resolve.
---@class apigw.Client
local Client = {}

---Calls any CloudAPI action by name, without the typed checks.
---@param action string
---@param params? table
---@param opts? apigw.CallOpts
---@return table answer
function Client:call(action, params, opts) end

---Looks up credentials and endpoint now.
---@return {source: string, endpoint: string}
function Client:resolve() end

---Makes a client.
---@param opts? apigw.ClientOptions
---@return apigw.Client
function apigw.client(opts) end

---The client behind the module-level functions.
---@return apigw.Client
function apigw.default_client() end

---Calls any CloudAPI action by name, without the typed checks.
---@param action string
---@param params? table
---@param opts? apigw.CallOpts
---@return table answer
function apigw.call(action, params, opts) end

---Starts fn(...) as a task.
---@param fn function
---@param ... any
---@return apigw.Task
function apigw.spawn(fn, ...) end

---Sleeps s seconds while the other tasks run.
---@param s number
function apigw.sleep(s) end

---Calls fn(item, i) for every item, at most concurrency at once. With journal, each item's
---outcome is appended to that file and a re-run skips the items done (docs/bulk.md).
---@generic T
---@param items T[]
---@param fn fun(item: T, i: integer): any
---@param opts? {concurrency?: integer, progress?: boolean, journal?: string, key?: fun(item: T, i: integer): string}
---@return any[] results
---@return apigw.Error[] errors
function apigw.map(items, fn, opts) end

---@class apigw.PagesOptions: apigw.CallOpts
---@field client? apigw.Client

---The items of every page of a paged action (DescribeApiGroups), fetched as the loop needs them.
---@param action string|function the action's name, its Lua name, or the binding
---@param params? table
---@param opts? apigw.PagesOptions
---@return fun(): (table?, table?) iterator of item, page answer
function apigw.pages(action, params, opts) end

---@class apigw.WaitOptions
---@field min_delay? number the first wait, seconds (2)
---@field max_delay? number the longest wait, seconds (30)
---@field timeout? number seconds before WaiterTimeout (180)
---@field retry_on? string[] codes that mean "not yet", e.g. {"NotFoundDomain"}
---@field fail_on? table<string, any> field values that mean "never", e.g. {DomainLegalStatus = "ABNORMAL"}
---@field client? apigw.Client
---@field clock? fun(): number
---@field sleep? fun(seconds: number)
---@field random? fun(): number

---Calls a Describe action until every field of want matches; raises WaiterTimeout or WaiterFailure.
---@param action string|function the action's name, its Lua name, or the binding
---@param params table
---@param want table<string, any|fun(value: any, answer: table): boolean>
---@param opts? apigw.WaitOptions
---@return table answer
function apigw.wait(action, params, want, opts) end

---Reads a PEM file (a certificate chain, a private key) for set_domain_certificate; raises
---InvalidPemFile naming the file.
---@param path string
---@return string text
function apigw.pem(path) end

---Whole days until the certificate of a describe_domain answer (or DomainItem) ends, from its
---CertificateValidEnd (epoch ms); negative once expired; nil without a certificate or in a dry run.
---@param answer table
---@param now? integer epoch seconds (default os.time())
---@return integer? days
function apigw.cert_days_left(answer, now) end

---One entry's outcome in plan:apply's result (docs/declarative.md, "Apply").
---@class apigw.ApplyEntry
---@field index integer? the spec entry's index (nil for an entry prune added)
---@field group string
---@field domain string
---@field action "+"|"~"|"-/+"|"-"|"="|"!"
---@field status "ok"|"changed"|"failed"|"skipped"
---@field steps string[] the actions sent, in order
---@field error apigw.Error? why a failed entry failed (ApplyVerifyFailed: the read-back differs)
---@field reason string? why a skipped entry was skipped ("blocked: ..." or "stale: ... (re-plan)")
---@field unverified string[]? write-only fields written and never read back
---@field check true? under --check: would have changed

---What plan:apply and apigw.ensure return; tostring gives a line per entry and the recap.
---@class apigw.ApplyResult
---@field entries apigw.ApplyEntry[] one per plan entry, in the plan's order
---@field counts {ok: integer, changed: integer, failed: integer, skipped: integer, blocked: integer, stale: integer}
---@field ok boolean no entry failed
---@field calls {reads: integer, writes: integer} the calls apply made

---Plans want, prints the plan, applies it and prints the outcome and its recap (stdout).
---opts: apigw.plan's options and plan:apply's (concurrency, journal, progress), and client.
---@param want table[] the desired state (apigw.plan's spec)
---@param opts? table
---@return apigw.ApplyResult
function apigw.ensure(want, opts) end

---The fields every answer may have besides its own: RequestId, and under --dry-run the request.
---@class apigw.Answer
---@field RequestId string
---@field DryRun? boolean true under --dry-run
---@field Action? string dry run: the action
---@field Method? string dry run: the HTTP method
---@field URL? string dry run: the request URL
---@field Headers? string[] dry run: the request headers
---@field Params? table dry run: the parameters sent (strings); check: those a write would send, as given (secrets masked)
---@field Check? boolean true for a write that --check did not send (RequestId is then "check")
