#!/bin/bash
# The files the emulator reads, through both programs that read them (apigw-emulator --seed
# and apigw-lua --emulate --seed): one limit (16 MiB) and one message for the same seed file,
# pipes accepted, every failure exit 3 naming the file.
. "$(dirname "$0")/lib.sh"
SEED=$(cd "$(dirname "$0")/../integration" && pwd)/seed.json

# run_both FILE [FILE_FOR_APIGW_LUA]: sets RC_EMU/ERR_EMU and RC_LUA/ERR_LUA
run_both() {
    timeout 60 "$EMU_BIN" --listen 127.0.0.1:0 --seed "$1" >"$T/emu.out" 2>"$T/emu.err" &
    local pid=$!
    for _ in $(seq 600); do
        grep -q '^listening on ' "$T/emu.out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill "$pid" 2>/dev/null
    wait "$pid"
    RC_EMU=$?
    ERR_EMU=$(cat "$T/emu.err")
    grep -q '^listening on ' "$T/emu.out" && RC_EMU=0
    run "$LUA_BIN" --emulate --seed "${2:-$1}" -e 'print("ran")'
    RC_LUA=$RC
    ERR_LUA=$ERR
}

check_both() { # check_both RC TEXT what
    if [ "$RC_EMU" = "$1" ] && contains "$ERR_EMU" "$2"; then pass "apigw-emulator: $3"
    else fail "apigw-emulator: $3: exit $RC_EMU, stderr: $ERR_EMU (want $1, '$2')"; fi
    if [ "$RC_LUA" = "$1" ] && contains "$ERR_LUA" "$2"; then pass "apigw-lua --emulate: $3"
    else fail "apigw-lua --emulate: $3: exit $RC_LUA, stderr: $ERR_LUA (want $1, '$2')"; fi
}

run_both "$SEED"
check_both 0 "" "the integration seed loads"

run_both "$T/absent.json"
check_both 3 "cannot read seed file $T/absent.json: file not found" "a missing seed"

run_both "$T"
check_both 3 "cannot read seed file $T: is a directory, not a file" "a directory"

# one byte over 16 MiB: refused by both with the same words (they had 64 and 16 MiB)
{ cat "$SEED"; head -c $((16 * 1024 * 1024 + 1 - $(wc -c <"$SEED"))) /dev/zero | tr '\0' ' '; } >"$T/big.json"
run_both "$T/big.json"
check_both 3 "cannot read seed file $T/big.json: is larger than 16 MiB" "a seed over 16 MiB"
# exactly 16 MiB is still a seed
truncate -s $((16 * 1024 * 1024)) "$T/big.json"
run_both "$T/big.json"
check_both 0 "" "a seed of exactly 16 MiB"
rm -f "$T/big.json"

# a pipe (process substitution) is read as a file; one pipe and writer for each program
mkfifo "$T/fifo1" "$T/fifo2"
cat "$SEED" >"$T/fifo1" &
PIDS+=($!)
cat "$SEED" >"$T/fifo2" &
PIDS+=($!)
run_both "$T/fifo1" "$T/fifo2"
check_both 0 "" "a seed from a pipe"

finish
