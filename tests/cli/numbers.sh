#!/bin/bash
# Out-of-range numbers where C converts seconds to an integer (undefined behaviour for a
# float beyond the integer's range, which clang's -fsanitize=float-cast-overflow reports):
# client timeouts and the per-call timeout are refused above 86400 s, naming the option;
# apigw.sleep of a huge number sleeps (the C sleep is clamped to a day a turn and the
# scheduler loops), without spinning, until interrupted.
. "$(dirname "$0")/lib.sh"
A=$LUA_BIN
KEYS=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdemoAccessKeyId01
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=demoAccessKeySecretForTheEmulator)
# port 1 on 127.0.0.1: refused at once, nothing listens there
EP=(--endpoint http://127.0.0.1:1 --retries 0)

echo "# client timeouts beyond a day are refused by name"
for k in connect_timeout read_timeout; do
    for v in 1e300 86401 1e19; do
        run_env "${KEYS[@]}" -- "$A" "${EP[@]}" -e "local ok, e = pcall(apigw.client, {$k = $v})
print(ok, e.code, e.kind, e.message)"
        expect_rc 0 "apigw.client{$k = $v} under pcall"
        expect_out "false	InvalidOption	client	apigw.client: option '$k' must be a number of seconds > 0 and at most 86400" \
            "apigw.client{$k = $v}: InvalidOption naming '$k'"
    done
    run_env "${KEYS[@]}" -- "$A" "${EP[@]}" -e "local c = apigw.client{$k = 86400}
print(pcall(c.call, c, 'DescribeApiGroups', {}))"
    expect_out "false	DescribeApiGroups: connect: " "apigw.client{$k = 86400} is accepted and used"
done

echo "# the per-call timeout beyond a day is refused by name, before anything is sent"
for v in 1e300 86401; do
    run_env "${KEYS[@]}" -- "$A" "${EP[@]}" -e "local ok, e = pcall(apigw.call, 'DescribeApiGroups', {}, {timeout = $v})
print(ok, e.code, e.kind, e.attempts, e.message)"
    expect_rc 0 "per-call timeout = $v under pcall"
    expect_out "false	InvalidOption	client	nil	per-call option 'timeout' must be a number of seconds > 0 and at most 86400" \
        "per-call timeout = $v: InvalidOption naming 'timeout', no attempt made"
done
run_env "${KEYS[@]}" -- "$A" "${EP[@]}" -e "apigw.call('DescribeApiGroups', {}, {timeout = 1e300})"
expect_rc 1 "an uncaught bad per-call timeout stops the playbook"
expect_err "apigw-lua: DescribeApiGroups: InvalidOption: per-call option 'timeout'" "printed with the action"
run_env "${KEYS[@]}" -- "$A" "${EP[@]}" -e "print(pcall(apigw.call, 'DescribeApiGroups', {}, {timeout = 0.0001}))"
expect_out "false	DescribeApiGroups: " "a tiny per-call timeout is accepted (rounded up to 1 ms)"

echo "# apigw.sleep(1e300) sleeps, quietly, until interrupted"
for where in "apigw.sleep(1e300)" "apigw.spawn(function() apigw.sleep(1e300) end)"; do
    env -i PATH=/usr/bin:/bin HOME="$H" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$A" -e "$where" >"$T/out" 2>"$T/err" &
    P=$!
    sleep 1.5
    if kill -0 "$P" 2>/dev/null; then
        pass "$where: still sleeping after 1.5 s"
        # utime + stime in clock ticks: a spinning loop would have used about 150
        TICKS=$(awk '{print $14 + $15}' "/proc/$P/stat")
        [ "$TICKS" -lt 60 ] && pass "$where: no busy loop ($TICKS ticks of CPU)" ||
            fail "$where: no busy loop ($TICKS ticks of CPU in 1.5 s)"
        kill -INT "$P"
    else
        fail "$where: still sleeping after 1.5 s"
    fi
    wait "$P"
    RC=$?
    ERR=$(cat "$T/err")
    expect_rc 130 "$where: Ctrl-C ends it"
    expect_err "apigw-lua: interrupted" "$where: interrupted, said so"
    expect_no_err "runtime error" "$where: no sanitizer report"
done
finish
