#!/bin/bash
# make_certs.sh DIR: the certificates and keys tests/cert/test_cert.lua checks, made now with
# the openssl command (EC P-256 keys: fast). In DIR:
#   san.{crt,key}        api.example.com in the subjectAltName, CN other.example.com
#   cn.{crt,key}         CN api.example.com only, no subjectAltName
#   sanonly.crt          subjectAltName DNS:other.example.com, CN api.example.com (SAN wins)
#   wild.{crt,key}       *.example.com
#   wilddemo.crt/.key    *.demo.example.com (a wildcard domain of the emulator's seed)
#   expired.{crt,key}    api.example.com, valid 2020-01-01 to 2020-02-01
#   enc.key              san.key encrypted (PKCS#8); enc_legacy.key an RSA key, "Proc-Type"
#   other.key            a key of no certificate here
#   ca.{crt,key}, leaf.{crt,key}  a CA and api.example.com issued by it
#   valid30.{crt,key}    api.example.com for 30 days from now
set -e
D=$1
mkdir -p "$D"
cd "$D"
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
selfsigned() { # selfsigned NAME SUBJECT [EXT]
    ec "$1.key"
    openssl req -x509 -key "$1.key" -out "$1.crt" -days 400 -subj "$2" ${3:+-addext "$3"} 2>/dev/null
}
selfsigned san "/CN=other.example.com" "subjectAltName=DNS:www.example.com,DNS:api.example.com"
selfsigned cn "/CN=api.example.com"
selfsigned sanonly "/CN=api.example.com" "subjectAltName=DNS:other.example.com"
selfsigned wild "/CN=*.example.com" "subjectAltName=DNS:*.example.com"
selfsigned wilddemo "/CN=*.demo.example.com" "subjectAltName=DNS:*.demo.example.com"
ec valid30.key
openssl req -x509 -key valid30.key -out valid30.crt -days 30 -subj /CN=api.example.com \
    -addext subjectAltName=DNS:api.example.com 2>/dev/null
ec other.key
openssl pkey -in san.key -aes256 -passout pass:secret -out enc.key
openssl genrsa -out rsa.key 2048 2>/dev/null
openssl rsa -in rsa.key -aes256 -passout pass:secret -traditional -out enc_legacy.key 2>/dev/null
# expired: openssl req cannot backdate; `openssl ca` can
cat >ca.cnf <<'CNF'
[ca]
default_ca = d
[d]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
copy_extensions = copy
unique_subject = no
[p]
commonName = supplied
CNF
: >index.txt
echo 01 >serial
ec expired.key
openssl req -new -key expired.key -out expired.csr -subj /CN=api.example.com \
    -addext subjectAltName=DNS:api.example.com 2>/dev/null
openssl ca -batch -config ca.cnf -selfsign -keyfile expired.key -in expired.csr -out expired.crt \
    -notext -startdate 20200101000000Z -enddate 20200201000000Z 2>/dev/null
# a CA and a leaf it issued
selfsigned ca "/CN=Test CA" "basicConstraints=critical,CA:TRUE"
ec leaf.key
openssl req -new -key leaf.key -out leaf.csr -subj /CN=api.example.com 2>/dev/null
printf 'subjectAltName=DNS:api.example.com\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 100 \
    -extfile leaf.ext -out leaf.crt 2>/dev/null
