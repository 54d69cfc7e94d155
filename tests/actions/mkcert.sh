#!/bin/bash
# mkcert.sh DIR NAME DAYS [SAN...]: a self-signed EC certificate DIR/NAME.pem and its
# unencrypted key DIR/NAME.key, valid for DAYS days, covering the SAN DNS names given.
set -e
dir=$1 name=$2 days=$3
shift 3
san=
for d in "$@"; do san+="${san:+,}DNS:$d"; done
command -v openssl >/dev/null || { echo "mkcert.sh: the openssl CLI is needed" >&2; exit 1; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/$name.key" -out "$dir/$name.pem" -days "$days" -subj "/CN=$1" \
    -addext "subjectAltName=$san" 2>"$dir/openssl.err" ||
    { cat "$dir/openssl.err" >&2; exit 1; }
