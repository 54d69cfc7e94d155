#!/bin/bash
# conformance.sh APIGW_LUA SRCDIR: makes a certificate for the fixture's domain, then runs
# test_conformance.lua against the embedded emulator with the actions seed.
set -u
lua=$1 src=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
bash "$src/tests/actions/mkcert.sh" "$T" conf 30 a.conf.example.com || exit 1
"$lua" --emulate --seed "$src/tests/actions/seed.json" "$src/tests/actions/test_conformance.lua" \
    "$src/tests/lua/testlib.lua" "$T"
