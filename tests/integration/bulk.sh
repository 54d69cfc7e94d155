#!/bin/bash
# Integration driver for the bulk tests (tests/bulk.cmake):
#   bulk.sh APIGW_LUA APIGW_EMULATOR CASE
# Starts apigw-emulator on 127.0.0.1 port 0 with the faults CASE needs and a request log,
# reads the URL from its first stdout line, runs tests/integration/bulk_CASE.lua against it
# (args: URL LOG), and stops the emulator whatever happens. Exit status: the playbook's.
set -u
LUA_BIN=$1 EMU_BIN=$2 CASE=$3
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/agw-bulk-test.XXXXXX")
EMU_PID=
cleanup() {
  if [ -n "$EMU_PID" ]; then kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

case $CASE in
  faults)  FAULTS="throttle:p0.04,5xx:p0.05,reset:p0.03,garbage:p0.02" ;;
  inflight) FAULTS="slow:40" ;;
  timeout) FAULTS="slow:1500" ;;
  retries) FAULTS="5xx:1" ;;          # every request answers 503
  verbose) FAULTS="throttle:2" ;;     # every second request is throttled
  *) FAULTS="" ;;
esac

args=(--listen 127.0.0.1:0 --seed "$HERE/bulk_seed.json" --log "$TMP/requests.log" --fault-seed 7)
[ -n "$FAULTS" ] && args+=(--fault "$FAULTS")
"$EMU_BIN" "${args[@]}" > "$TMP/emu.out" 2> "$TMP/emu.err" &
EMU_PID=$!
for _ in $(seq 100); do
  [ -s "$TMP/emu.out" ] && break
  sleep 0.05
done
URL=$(head -n 1 "$TMP/emu.out" | grep -o 'http://[0-9.:]*')
if [ -z "$URL" ]; then
  echo "bulk.sh: the emulator did not start:"; cat "$TMP/emu.err"; exit 1
fi
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator
export HOME=$TMP

# Waits (at most 5 s) until the request log holds a line for every request the emulator
# counted and none is in flight: it writes a request's line once the answer has gone out, so
# just after the client's last answer (and its exit) that line may not be there yet.
settle_log() {
  local stats requests inflight
  for _ in $(seq 100); do
    stats=$(curl -s "$URL/__emulator/stats")
    requests=$(echo "$stats" | grep -o '"requests":[0-9]*' | grep -o '[0-9]*$')
    inflight=$(echo "$stats" | grep -o '"inflight":[0-9]*' | grep -o '[0-9]*$')
    if [ -n "$requests" ] && [ "$inflight" = 0 ] && [ "$(wc -l < "$TMP/requests.log")" -ge "$requests" ]; then
      return 0
    fi
    sleep 0.05
  done
  echo "bulk.sh: the request log did not settle: $stats, $(wc -l < "$TMP/requests.log") lines"
  return 1
}

case $CASE in
  retries)
    # --retries N sets the default client's count: N + 1 attempts, then the error says so.
    for n in 0 2; do
      out=$("$LUA_BIN" --endpoint "$URL" --retries $n -e 'apigw.set_domain{GroupId="b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", DomainName="r.bulk.example.com"}' 2>&1)
      rc=$?
      want=$((n + 1))
      if [ $rc -eq 0 ]; then echo "FAIL --retries $n: the call succeeded against 5xx:1"; exit 1; fi
      if [ $want -gt 1 ]; then
        echo "$out" | grep -q "ServiceUnavailable.*$want attempts" || { echo "FAIL --retries $n: $out"; exit 1; }
      else
        echo "$out" | grep -q "ServiceUnavailable" && ! echo "$out" | grep -q "attempts" || { echo "FAIL --retries 0: $out"; exit 1; }
      fi
      echo "ok   --retries $n: $want attempt(s): $out"
    done
    settle_log || exit 1
    got=$(grep -c '"action":"SetDomain"' "$TMP/requests.log")
    [ "$got" -eq 4 ] || { echo "FAIL: the emulator saw $got requests, want 1 + 3"; exit 1; }
    echo "ok   the emulator saw 4 requests"
    exit 0 ;;
  verbose)
    # --verbose shows each retry: with every second request throttled, 2 calls in sequence
    # (the second is throttled once, then answered) log one retry line.
    out=$("$LUA_BIN" --endpoint "$URL" --verbose -e 'for i = 1, 2 do apigw.set_domain{GroupId="b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", DomainName="v"..i..".bulk.example.com"} end' 2>&1)
    rc=$?
    [ $rc -eq 0 ] || { echo "FAIL: $out"; exit 1; }
    n=$(echo "$out" | grep -c "SetDomain: Throttling.User, retry 1 of 3 in 1.00 s")
    [ "$n" -ge 1 ] || { echo "FAIL: no retry line in: $out"; exit 1; }
    echo "$out" | grep -q "throttled: slowing down" || { echo "FAIL: no slow-down line in: $out"; exit 1; }
    echo "$out" | grep -q "LTAI\|demoAccessKeySecret" && { echo "FAIL: a key in the output"; exit 1; }
    echo "ok   --verbose shows $n retry line(s) and the slow-down"
    exit 0 ;;
esac

timeout 300 "$LUA_BIN" --endpoint "$URL" "$HERE/bulk_$CASE.lua" "$URL" "$TMP/requests.log" "$HERE/../lua/testlib.lua"
