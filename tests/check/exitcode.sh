#!/bin/bash
# --detailed-exitcode (docs/lua-api.md, "Check mode and drift"): a playbook that succeeded
# exits 4 when the run's drift count (apigw.drift) is above 0, 0 when it is 0; a playbook that
# failed keeps its own status (1, 3 ...); a hook failure makes a 4 a 1 as it makes a 0 a 1;
# the finish event sees the status about to be used; without the option drift exits 0.
# No server: the endpoint is a closed port and calls are answered by call hooks (stubs).
# Usage: exitcode.sh APIGW_LUA APIGW_EMULATOR BUILD_DIR
. "$(dirname "$0")/../cli/lib.sh"
A=$LUA_BIN
E=(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue
   ALIBABA_CLOUD_REGION_ID=cn-hangzhou)
U=(--endpoint http://127.0.0.1:1 --retries 0)
NOTE='local drift = require "apigw.drift"'

r() { run_env "${E[@]}" -- "$A" "${U[@]}" "$@"; }

echo "# drift and success"
r --detailed-exitcode -e "$NOTE; drift.note(2); print(drift.count())"
expect_rc 4 "drift 2 with --detailed-exitcode"
expect_out "2" "the count is 2"
r --detailed-exitcode -e "$NOTE; drift.note(0); drift.note(0)"
expect_rc 0 "drift 0 with --detailed-exitcode"
r --detailed-exitcode -e "print('no plan at all')"
expect_rc 0 "no note at all with --detailed-exitcode"
r -e "$NOTE; drift.note(5)"
expect_rc 0 "drift without --detailed-exitcode"
r --check --detailed-exitcode -e "$NOTE; drift.note(1)"
expect_rc 4 "with --check too"
write "$T/play.lua" "$NOTE
drift.note(tonumber(arg[1]))
print('noted', drift.count())"
r --detailed-exitcode "$T/play.lua" 3
expect_rc 4 "a script file with drift"
expect_out "noted	3" "the script ran to its end"
r --detailed-exitcode "$T/play.lua" 0
expect_rc 0 "a script file without drift"
# drift noted by a task of apigw.map, collected at the end of the run
r --detailed-exitcode -e "$NOTE; apigw.map({1, 2, 3}, function(i) apigw.sleep(0.01); drift.note(i == 2 and 1 or 0) end)"
expect_rc 4 "drift noted inside apigw.map tasks"

echo "# errors keep their own status"
r --detailed-exitcode -e "$NOTE; drift.note(2); error('boom')"
expect_rc 1 "drift then a playbook error: 1"
expect_err "apigw-lua: (command line):1: boom" "the error is reported"
r --detailed-exitcode -e "$NOTE; drift.note(-1)"
expect_rc 1 "drift.note(-1): 1"
expect_err "apigw.drift.note: expected a whole number of changes >= 0, got -1" "the bad note is named"
r --detailed-exitcode -e "$NOTE; drift.note(2); drift.note('x')"
expect_rc 1 "a bad note after drift: 1, not 4"
r --detailed-exitcode -e "$NOTE; drift.note(2); apigw.spawn(function() error('in a task') end)"
expect_rc 1 "drift then a task's uncollected error: 1"
# no credentials: a configuration error (3) after drift was noted
run_env ALIBABA_CLOUD_REGION_ID=cn-hangzhou -- "$A" "${U[@]}" --detailed-exitcode \
    -e "$NOTE; drift.note(2); apigw.describe_api_groups{}"
expect_rc 3 "drift then a configuration error: 3"
r --detailed-exitcode -e "$NOTE; drift.note(2)" --bogus
expect_rc 2 "a usage error: 2"

echo "# hooks: a failing done hook makes the 4 a 1; finish sees the status"
write "$T/hooks.lua" '
local fail_done = os.getenv("FAIL_DONE") == "1"
apigw.on("call", function(e) return { RequestId = "stub" } end, { id = "stub" })
apigw.on("done", function(e) if fail_done then error("done hook broke") end end, { id = "broken" })
apigw.on("finish", function(e) io.stdout:write("finish status ", e.status, "\n") end, { id = "fin" })'
r --detailed-exitcode --hook "$T/hooks.lua" -e "$NOTE; drift.note(1); apigw.describe_api_groups{}"
expect_rc 4 "stubbed call, drift: 4"
expect_out "finish status 4" "finish sees 4"
run_env "${E[@]}" FAIL_DONE=1 -- "$A" "${U[@]}" --detailed-exitcode --hook "$T/hooks.lua" \
    -e "$NOTE; drift.note(1); apigw.describe_api_groups{}"
expect_rc 1 "a failing done hook with drift: 1"
expect_out "finish status 1" "finish sees 1"
expect_err "warning: done hook 'broken'" "the hook failure is reported"
write "$T/finfail.lua" 'apigw.on("finish", function() error("finish broke") end, { id = "finfail" })'
r --detailed-exitcode --hook "$T/finfail.lua" -e "$NOTE; drift.note(1)"
expect_rc 1 "a failing finish hook with drift: 1"
r --detailed-exitcode --hook "$T/hooks.lua" -e "$NOTE; drift.note(0)"
expect_rc 0 "hooks, no drift: 0"
expect_out "finish status 0" "finish sees 0"

finish
