#!/bin/bash
# cache.sh APIGW_LUA TESTLIB: makes the certificates (make_certs.sh) in a temporary directory
# and runs test_cert_cache.lua on them (no emulator: nothing is sent).
set -u
A=$1
TESTLIB=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/apigw-certcache.XXXXXX")
trap 'rm -rf "$T"' EXIT
bash "$HERE/make_certs.sh" "$T/certs" || { echo "FAIL: make_certs.sh"; exit 1; }
HOME=$T "$A" "$HERE/test_cert_cache.lua" "$TESTLIB" "$T/certs"
