-- The hooks part of the LuaLS definitions (the hooks contract): the payload of every event and
-- apigw.on's overloads. bindings/gen/luals.lua includes it when the module has hooks
-- (bindings/lua/apigw/hooks.lua exists).

---@class apigw.Hook
local Hook = {}

---Unregisters the hook; false when it was already removed or replaced.
---@return boolean
function Hook:remove() end

---@class apigw.HookOptions
---@field id? string names the hook; the same id again replaces it
---@field action? string|string[] only for these actions (call events)

---The fields of every event's payload.
---@class apigw.Event
---@field event string
---@field action? string nil for start and finish
---@field client? apigw.Client nil for start and finish
---@field ctx table one table per call, for the hooks' own notes
---@field dry_run boolean
---@field check boolean call events: the call is a write --check does not send; start and finish: the run is under --check

---@class apigw.StartEvent: apigw.Event
---@field script? string
---@field args string[]

---@class apigw.CallEvent: apigw.Event
---@field params table the call's parameters (editable)

---@class apigw.RequestEvent: apigw.Event
---@field params table this attempt's parameters (editable)
---@field attempt integer

---@class apigw.ResponseEvent: apigw.Event
---@field attempt integer
---@field status? integer
---@field answer? table
---@field error? apigw.Error
---@field request_id? string
---@field ms number

---@class apigw.RetryEvent: apigw.Event
---@field error apigw.Error
---@field attempt integer
---@field retryable boolean the policy's verdict
---@field delay? number the policy's wait
---@field retries integer

---@class apigw.ErrorEvent: apigw.Event
---@field error apigw.Error
---@field attempts integer

---@class apigw.DoneEvent: apigw.Event
---@field answer? table
---@field error? apigw.Error
---@field attempts integer
---@field ms number

---@class apigw.Summary
---@field calls integer
---@field ok integer
---@field failed integer
---@field attempts integer
---@field retries integer
---@field by_code table<string, integer>
---@field elapsed number

---@class apigw.FinishEvent: apigw.Event
---@field summary apigw.Summary
---@field status integer the exit status about to be used

---Runs fn at every event of every client.
---@overload fun(event: "start", fn: fun(e: apigw.StartEvent), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "call", fn: fun(e: apigw.CallEvent): table?, opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "request", fn: fun(e: apigw.RequestEvent), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "response", fn: fun(e: apigw.ResponseEvent), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "retry", fn: fun(e: apigw.RetryEvent): (false|number|nil), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "error", fn: fun(e: apigw.ErrorEvent): table?, opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "done", fn: fun(e: apigw.DoneEvent), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(event: "finish", fn: fun(e: apigw.FinishEvent), opts?: apigw.HookOptions): apigw.Hook
---@param event "start"|"call"|"request"|"response"|"retry"|"error"|"done"|"finish"
---@param fn fun(e: apigw.Event): any
---@param opts? apigw.HookOptions
---@return apigw.Hook
function apigw.on(event, fn, opts) end

---The same as apigw.on, for this client's calls only (call events).
---@overload fun(self: apigw.Client, event: "call", fn: fun(e: apigw.CallEvent): table?, opts?: apigw.HookOptions): apigw.Hook
---@overload fun(self: apigw.Client, event: "request", fn: fun(e: apigw.RequestEvent), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(self: apigw.Client, event: "response", fn: fun(e: apigw.ResponseEvent), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(self: apigw.Client, event: "retry", fn: fun(e: apigw.RetryEvent): (false|number|nil), opts?: apigw.HookOptions): apigw.Hook
---@overload fun(self: apigw.Client, event: "error", fn: fun(e: apigw.ErrorEvent): table?, opts?: apigw.HookOptions): apigw.Hook
---@overload fun(self: apigw.Client, event: "done", fn: fun(e: apigw.DoneEvent), opts?: apigw.HookOptions): apigw.Hook
---@param event "call"|"request"|"response"|"retry"|"error"|"done"
---@param fn fun(e: apigw.Event): any
---@param opts? apigw.HookOptions
---@return apigw.Hook
function Client:on(event, fn, opts) end

---The hooks in the order they run.
---@param event? string
---@return {event: string, id: string, where: string, scope: "global"|"client"}[]
function apigw.hooks(event) end

---A deep copy of params with the values of secret parameters masked.
---@param params table
---@param action? string
---@return table
function apigw.mask(params, action) end
