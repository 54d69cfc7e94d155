#!/bin/bash
# Integration driver for apigw.map's journal (tests/journal.cmake):
#   journal.sh APIGW_LUA APIGW_EMULATOR TESTLIB
# 1. journal.lua against an emulator with a request log (the file format, re-runs, refusals).
# 2. kill -9 at random moments: a journaled map of 300 SetDomain calls (concurrency 8) against an
#    emulator whose answers take 60 ms is killed after a random delay, again and again (at most
#    10 rounds, delays from a fixed seed), then run to its end. Checked after each kill, against
#    the emulator's log: every item the journal says is done was bound (none lost), and at most
#    8 bound items are missing from it (those in flight: the next run redoes them); at the end:
#    the last run binds every item, the journal holds each item's key exactly once, as ok, the
#    emulator bound every domain, and the domains bound more than once are at most 8 per kill.
set -u
LUA_BIN=$1 EMU_BIN=$2 TESTLIB=$3
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/agw-journal-test.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

start_emulator() { # start_emulator NAME [FAULTS]: sets URL
  local name=$1 faults=${2:-}
  local args=(--listen 127.0.0.1:0 --seed "$HERE/bulk_seed.json" --log "$TMP/$name.log")
  [ -n "$faults" ] && args+=(--fault "$faults")
  "$EMU_BIN" "${args[@]}" > "$TMP/$name.out" 2> "$TMP/$name.err" &
  PIDS+=($!)
  for _ in $(seq 100); do
    [ -s "$TMP/$name.out" ] && break
    sleep 0.05
  done
  URL=$(head -n 1 "$TMP/$name.out" | grep -o 'http://[0-9.:]*')
  [ -n "$URL" ] || { echo "journal.sh: the emulator did not start:"; cat "$TMP/$name.err"; exit 1; }
}
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator
export HOME=$TMP

start_emulator spec
mkdir -p "$TMP/spec"
# umask 000: the journal must still be created 0600
(umask 000 && "$LUA_BIN" "$HERE/journal.lua" "$URL" "$TMP/spec.log" "$TESTLIB" "$TMP/spec") || exit 1

N=300 C=8
start_emulator kill slow:60
J=$TMP/kill.journal
RANDOM=4242
kills=0
bound_set() { # the domains the emulator bound (a 200 to SetDomain), sorted
  grep '"action":"SetDomain"' "$TMP/kill.log" | grep '"status":200,' |
    grep -o '"DomainName":"[^"]*"' | cut -d'"' -f4 | sort -u
}
for round in $(seq 10); do
  "$LUA_BIN" --endpoint "$URL" "$HERE/journal_kill.lua" $N $C "$J" > "$TMP/run.out" 2> "$TMP/run.err" &
  pid=$!
  ms=$((50 + RANDOM % 900))
  sleep "$(printf '0.%03d' "$ms")"
  kill -9 "$pid" 2>/dev/null
  { wait "$pid"; } 2>/dev/null
  rc=$?
  if [ $rc -eq 137 ]; then
    kills=$((kills + 1))
    sleep 0.1 # the emulator answers (and logs) the requests that were in flight
    tail -n +2 "$J" | grep '^ok ' | cut -d' ' -f2 | sort -u > "$TMP/journaled"
    bound_set > "$TMP/bound"
    lost=$(comm -23 "$TMP/journaled" "$TMP/bound" | wc -l)
    unjournaled=$(comm -13 "$TMP/journaled" "$TMP/bound" | wc -l)
    [ "$lost" -eq 0 ] || { echo "FAIL round $round: $lost items journaled as done but never bound"; exit 1; }
    [ "$unjournaled" -le "$C" ] || {
      echo "FAIL round $round: $unjournaled items bound but not journaled (at most $C were in flight)"; exit 1; }
    echo "round $round: killed after $ms ms: $(wc -l < "$TMP/journaled") items journaled, all bound; $unjournaled bound and not journaled (in flight)"
  elif [ $rc -eq 0 ]; then
    echo "round $round: ended by itself: $(cat "$TMP/run.out")"
    break
  else
    echo "FAIL round $round: exit status $rc"; cat "$TMP/run.err"; exit 1
  fi
done
"$LUA_BIN" --endpoint "$URL" "$HERE/journal_kill.lua" $N $C "$J" > "$TMP/run.out" 2> "$TMP/run.err" || {
  echo "FAIL: the last run failed"; cat "$TMP/run.err"; exit 1; }
grep -qx "done $N 0" "$TMP/run.out" || { echo "FAIL: last run: $(cat "$TMP/run.out")"; exit 1; }
[ "$kills" -ge 2 ] || { echo "FAIL: only $kills kills: the rounds test nothing"; exit 1; }
echo "ok   last run: $(cat "$TMP/run.out"); stderr: $(cat "$TMP/run.err")"

# the journal: the header, then each key once, as ok
head -n 1 "$J" | grep -Eq "^apigw-journal 1 $N [0-9a-f]{16}$" || { echo "FAIL: header $(head -n 1 "$J")"; exit 1; }
lines=$(($(wc -l < "$J") - 1))
uniq_ok=$(tail -n +2 "$J" | grep -c '^ok ')
distinct=$(tail -n +2 "$J" | sort -u | wc -l)
[ "$lines" -eq $N ] && [ "$uniq_ok" -eq $N ] && [ "$distinct" -eq $N ] || {
  echo "FAIL: journal has $lines lines, $uniq_ok ok, $distinct distinct; want $N each"; exit 1; }
echo "ok   the journal holds each of the $N items once, as ok"

# the emulator's view: every domain bound; the ones bound twice are the items in flight at a kill
read -r bound extra < <(grep '"action":"SetDomain"' "$TMP/kill.log" | grep '"status":200,' |
  grep -o '"DomainName":"[^"]*"' | sort | uniq -c | awk '{n++; x += $1 - 1} END {print n, x}')
[ "$bound" -eq $N ] || { echo "FAIL: the emulator bound $bound domains, want $N"; exit 1; }
[ "$extra" -le $((kills * C)) ] || { echo "FAIL: $extra items done twice after $kills kills (at most $C in flight each)"; exit 1; }
echo "ok   $kills kills: every domain bound, $extra bound again (at most $((kills * C)))"

# no secret in any journal, and every journal private
if grep -rl "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" "$TMP"/*.journal "$TMP"/spec/*journal* 2>/dev/null; then
  echo "FAIL: the AccessKey secret is in a journal"; exit 1
fi
[ "$(stat -c %a "$J")" = 600 ] || { echo "FAIL: $J has mode $(stat -c %a "$J")"; exit 1; }
echo "ok   no journal holds the secret; mode 0600"
