# Hooks and the call stages (docs/hooks.md). Shell drivers under tests/hooks/ print their
# checks and end with "N passed, N failed"; Lua specs use tests/lua/testlib.lua.
set(AGW_HOOKS_DIR ${CMAKE_CURRENT_LIST_DIR}/hooks)

add_test(NAME hooks_secret_params
         COMMAND bash ${AGW_HOOKS_DIR}/secret_params.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(hooks_secret_params PROPERTIES LABELS cli TIMEOUT 120)

# The registry and each event's contract, without a server (a closed port: whatever is sent
# fails with "connect"); and under --dry-run.
add_test(NAME hooks_api
         COMMAND $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --retries 0
                 ${AGW_HOOKS_DIR}/api.lua ${PROJECT_SOURCE_DIR}/tests/lua/testlib.lua)
add_test(NAME hooks_dryrun
         COMMAND $<TARGET_FILE:apigw-lua> --dry-run --region cn-hangzhou
                 ${AGW_HOOKS_DIR}/dryrun.lua ${PROJECT_SOURCE_DIR}/tests/lua/testlib.lua)
set_tests_properties(hooks_api hooks_dryrun PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")

# Each event against emulators with faults (tests/hooks/emu.sh starts them): event order,
# ctx, request edits on the wire, retry waits, a yielding hook under apigw.map, secrets.
add_test(NAME hooks_events
         COMMAND bash ${AGW_HOOKS_DIR}/emu.sh $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator>
                 ${PROJECT_SOURCE_DIR}/tests/integration/seed.json ${AGW_HOOKS_DIR}/events.lua
                 ${PROJECT_SOURCE_DIR}/tests/lua/testlib.lua - 5xx:2 5xx:1 throttle:1)
set_tests_properties(hooks_events PROPERTIES LABELS integration TIMEOUT 120)

# The command line: hook errors and their exit statuses, start and finish, loading.
add_test(NAME hooks_cli
         COMMAND bash ${AGW_HOOKS_DIR}/cli.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(hooks_cli PROPERTIES LABELS cli TIMEOUT 180)
if(AGW_SANITIZE)
  set_tests_properties(hooks_cli PROPERTIES
    ENVIRONMENT "AGW_MODULE_PRELOAD=${AGW_LIBASAN};ASAN_OPTIONS=detect_leaks=0")
endif()

# The hooks that ship (scripts/hooks/), against the emulator with faults.
add_test(NAME hooks_shipped
         COMMAND bash ${AGW_HOOKS_DIR}/shipped.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(hooks_shipped PROPERTIES LABELS integration TIMEOUT 180)
