-- Masking on the Lua side (apigw.mask, hook payloads, the dry run's answer): the C redactor
-- (core.redact, runtime/request/redact.c) fed with the action table's `secret` marks
-- (apigw.actions), so that every path masks the same names the same way (docs/hooks.md,
-- "No secret is in a payload").
local core = require "apigw.core"
local actions = require "apigw.actions"

local redact = core.redact
local M = {}

-- Parameter names whose values are secret, as a set: every name the action table marks
-- secret (CertificatePrivateKey).
M.SECRET = actions.secret_names

-- The secret parameter names of an action (a set), from the action table's marks.
M.secrets_of = actions.secrets_of

-- A deep copy of params (flat or nested) with every secret value masked ("***"); secret
-- names match also as a component of a flattened name ("Certs.1.CertificatePrivateKey").
function M.params(params, secrets)
  return redact(nil, params, secrets or M.SECRET)
end

-- text with the value of every secret parameter masked, in every form a signed request
-- shows it (a URL query, a form body, the RPC string to sign).
function M.text(s, secrets)
  return redact(nil, s, secrets or M.SECRET)
end

return M
