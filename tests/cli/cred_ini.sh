#!/bin/bash
# The INI credentials file end to end (~/.alibabacloud/credentials): a syntax error is a
# configuration error (exit 3) naming the file and the line and never quoting a value; CR,
# LF and CRLF line endings read alike. Everything runs under --dry-run: nothing is sent.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
INI=$H/.alibabacloud/credentials
write "$T/p.lua" '
local r = apigw.set_domain{GroupId = "g1", DomainName = "api.example.com"}
print("KEY=" .. (r.Headers[1] and table.concat(r.Headers, "|"):match("Credential=([^,]+)") or "?"))'

# An unbalanced quote: exit 3 and the line, not a key id sent with a quote in it.
write "$INI" '[default]
type = access_key
access_key_id = "LTAIquotedid
access_key_secret = quotesecretvalue'
run "$A" --dry-run --region cn-hangzhou "$T/p.lua"
expect_rc 3 "unbalanced quote"
expect_err "$INI: line 3: the value's opening quote has no closing quote" "the file and line named"
expect_no_err "quotesecretvalue" "no secret in the message"
expect_no_err "LTAIquotedid" "no value in the message"

# CR-only line endings: the same file reads as four lines.
printf '[default]\rtype = access_key\raccess_key_id = LTAIcrid\raccess_key_secret = crsecretvalue\r' >"$INI"
run "$A" --dry-run --region cn-hangzhou "$T/p.lua"
expect_rc 0 "CR-only line endings"
expect_out "KEY=LTAIcrid" "the key id of the CR-only file"

# CRLF too, and a misspelt type after CR endings names the type, never the secret.
printf '[default]\r\ntype = access_key\r\naccess_key_id = LTAIcrlfid\r\naccess_key_secret = crlfsecret\r\n' >"$INI"
run "$A" --dry-run --region cn-hangzhou "$T/p.lua"
expect_rc 0 "CRLF line endings"
expect_out "KEY=LTAIcrlfid" "the key id of the CRLF file"
printf '[default]\rtype = acces_key\raccess_key_id = LTAIcrid\raccess_key_secret = crsecretvalue\r' >"$INI"
run "$A" --dry-run --region cn-hangzhou "$T/p.lua"
expect_rc 3 "unknown type"
expect_err "unknown type 'acces_key'" "the type is named"
expect_no_err "crsecretvalue" "no secret in the unknown-type message"

finish
