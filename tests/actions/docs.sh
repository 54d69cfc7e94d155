#!/bin/bash
# docs/lua-api.md's parameter and answer tables agree with the action table
# (bindings/gen/docs.lua check), and the check fails on a changed row or a missing block.
# Usage: docs.sh APIGW_LUA SRCDIR
set -u
lua=$1 src=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
gen() { "$lua" "$src/bindings/gen/docs.lua" check "$1" >"$T/out" 2>&1; }

if gen "$src/docs/lua-api.md"; then echo "ok   docs/lua-api.md agrees with the table"
else echo "FAIL docs/lua-api.md differs from the table:"; cat "$T/out"; fails=1; fi

sed 's/^| `IsForce` | boolean | no |/| `IsForce` | string | no |/' "$src/docs/lua-api.md" >"$T/row.md"
if ! gen "$T/row.md" && grep -q "block 'params SetDomain' differs from the table" "$T/out"; then
  echo "ok   a changed row is caught, naming its block"
else echo "FAIL a changed row is not caught:"; cat "$T/out"; fails=1; fi

sed '/BEGIN generated answer DeleteApiGroup/,/END generated answer DeleteApiGroup/d' "$src/docs/lua-api.md" >"$T/gone.md"
if ! gen "$T/gone.md" && grep -q "no block 'answer DeleteApiGroup' (the section of apigw.delete_api_group)" "$T/out"; then
  echo "ok   a missing block is caught"
else echo "FAIL a missing block is not caught:"; cat "$T/out"; fails=1; fi

printf '<!-- BEGIN generated params NoSuchAction -->\nx\n<!-- END generated params NoSuchAction -->\n' >>"$T/row.md"
if ! gen "$T/row.md" && grep -q "block 'params NoSuchAction': no such action in the table" "$T/out"; then
  echo "ok   a block for an action the table lacks is caught"
else echo "FAIL a stale block is not caught:"; cat "$T/out"; fails=1; fi
exit $fails
