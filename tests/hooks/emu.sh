#!/bin/bash
# Runs a hooks spec against apigw-emulator processes, one per fault spec ("-": no faults):
#   emu.sh APIGW_LUA APIGW_EMULATOR SEED SPEC.lua TESTLIB FAULTS... [-- apigw-lua options]
# Each emulator listens on 127.0.0.1 port 0 with its own request log; the spec gets
# TESTLIB URL1 LOG1 URL2 LOG2 ... as arguments, APIGW_ENDPOINT=URL1 and an AccessKey of
# the seed in the environment (HOOKS_KEY_ID, HOOKS_KEY_SECRET override it). Every emulator is stopped whatever happens. Exit status: the spec's.
set -u
LUA_BIN=$1 EMU_BIN=$2 SEED=$3 SPEC=$4 TESTLIB=$5
shift 5
FAULTS=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do FAULTS+=("$1"); shift; done
[ $# -gt 0 ] && shift
OPTS=("$@")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/agw-hooks-test.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
ARGS=()
i=0
for f in "${FAULTS[@]}"; do
  i=$((i + 1))
  a=(--listen 127.0.0.1:0 --seed "$SEED" --log "$TMP/log$i")
  [ "$f" != "-" ] && a+=(--fault "$f")
  "$EMU_BIN" "${a[@]}" > "$TMP/emu$i.out" 2> "$TMP/emu$i.err" &
  PIDS+=($!)
  url=
  for _ in $(seq 200); do
    url=$(head -n 1 "$TMP/emu$i.out" 2>/dev/null | grep -o 'http://[0-9.:]*')
    [ -n "$url" ] && break
    sleep 0.05
  done
  if [ -z "$url" ]; then echo "emu.sh: emulator $i ($f) did not start:"; cat "$TMP/emu$i.err"; exit 1; fi
  : > "$TMP/log$i"
  ARGS+=("$url" "$TMP/log$i")
done
export HOME=$TMP
export ALIBABA_CLOUD_ACCESS_KEY_ID=${HOOKS_KEY_ID:-LTAIintegrationKey01}
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${HOOKS_KEY_SECRET:-integrationSecret01}
# the default client goes to the first; clients made with endpoint = URLn to the others
# (--endpoint would win over their option)
export APIGW_ENDPOINT=${ARGS[0]}
"$LUA_BIN" "${OPTS[@]}" "$SPEC" "$TESTLIB" "${ARGS[@]}"
