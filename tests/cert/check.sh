#!/bin/bash
# check.sh APIGW_LUA TESTLIB: makes the certificates (make_certs.sh) in a temporary directory
# and runs test_cert.lua on them against the embedded emulator.
set -u
A=$1
TESTLIB=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/apigw-cert.XXXXXX")
trap 'rm -rf "$T"' EXIT
bash "$HERE/make_certs.sh" "$T/certs" || { echo "FAIL: make_certs.sh"; exit 1; }
HOME=$T "$A" --emulate "$HERE/test_cert.lua" "$TESTLIB" "$T/certs"
