# Shared helpers of the cli tests (sourced). Usage of a test script:
#   bash tests/cli/<name>.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
# Every check prints "ok" or "FAIL" with what it checks; finish prints "N passed, N failed"
# and fails on any failure. A check that fails because of a known bug elsewhere is still a
# failure; it says "KNOWN BUG" and where the bug is, so that it stays visible.

LUA_BIN=${1:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR}
EMU_BIN=${2:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR}
BUILD_DIR=${3:?usage: $0 APIGW_LUA APIGW_EMULATOR BUILD_DIR}
LUA_BIN=$(realpath "$LUA_BIN")
EMU_BIN=$(realpath "$EMU_BIN")
BUILD_DIR=$(realpath "$BUILD_DIR")

PASS=0
FAIL=0
T=$(mktemp -d "${TMPDIR:-/tmp}/apigw-cli.XXXXXX")
H=$T/home # the temporary HOME every run uses
mkdir -p "$H"
PIDS=()

cleanup() {
    for p in "${PIDS[@]}"; do
        kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    rm -rf "$T"
}
trap cleanup EXIT

pass() {
    PASS=$((PASS + 1))
    echo "ok   - $1"
}

fail() {
    FAIL=$((FAIL + 1))
    echo "FAIL - $1"
    if [ -n "${RC+x}" ]; then
        echo "       exit code: $RC"
        [ -s "$T/out" ] && sed 's/^/       stdout| /' "$T/out" | head -15
        [ -s "$T/err" ] && sed 's/^/       stderr| /' "$T/err" | head -15
    fi
    return 0
}

# A clean environment: nothing from the caller's credentials, region or HOME leaks in.
# Extra VAR=value words go before the command: run_env VAR=x -- cmd args...
run_env() {
    local envs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    env -i PATH=/usr/bin:/bin HOME="$H" "${envs[@]}" "$@" >"$T/out" 2>"$T/err" </dev/null
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

# run cmd args... (clean environment, empty temporary HOME)
run() { run_env -- "$@"; }

# run_stdin TEXT cmd args...
run_stdin() {
    local text=$1
    shift
    printf '%s' "$text" | env -i PATH=/usr/bin:/bin HOME="$H" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

expect_rc() { # expect_rc N what
    if [ "$RC" = "$1" ]; then pass "$2 (exit $1)"; else fail "$2: expected exit $1"; fi
}

contains() { # contains HAYSTACK NEEDLE (fixed string)
    case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac
}

expect_out() { # expect_out TEXT what  (stdout contains TEXT)
    if contains "$OUT" "$1"; then pass "$2"; else fail "$2: stdout lacks '$1'"; fi
}

expect_err() { # expect_err TEXT what  (stderr contains TEXT)
    if contains "$ERR" "$1"; then pass "$2"; else fail "$2: stderr lacks '$1'"; fi
}

expect_no_err() { # expect_no_err TEXT what
    if contains "$ERR" "$1"; then fail "$2: stderr has '$1'"; else pass "$2"; fi
}

# start_emulator [args...]: starts apigw-emulator on 127.0.0.1:0, sets EMU_URL and EMU_PID.
start_emulator() {
    local log=$T/emu.$RANDOM
    "$EMU_BIN" --listen 127.0.0.1:0 "$@" >"$log.out" 2>"$log.err" &
    EMU_PID=$!
    PIDS+=("$EMU_PID")
    EMU_URL=
    for _ in $(seq 100); do
        EMU_URL=$(sed -n '1s/^listening on //p' "$log.out")
        [ -n "$EMU_URL" ] && return 0
        kill -0 "$EMU_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "cannot start the emulator:"
    cat "$log.err"
    return 1
}

stop_pid() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# write FILE TEXT
write() { mkdir -p "$(dirname "$1")" && printf '%s\n' "$2" >"$1"; }

finish() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
