# Check mode and drift (issue 10 §4): apigw.drift, --check, apigw.check_mode,
# --detailed-exitcode. Playbooks and fixtures in tests/check/.
set(AGW_CHECK_DIR ${CMAKE_CURRENT_SOURCE_DIR}/check)
set(AGW_CHECK_ENV "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")

# apigw.drift.note/count on their own (no server: a closed port).
add_test(NAME check_drift_note
         COMMAND $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --retries 0
                 ${AGW_CHECK_DIR}/drift_note.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(check_drift_note PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "${AGW_CHECK_ENV}")

# --check against the emulator: its request log shows the reads and no write; Check answers,
# apigw.check_mode, parameter checks, hooks' e.check, --verbose/--trace, --check --dry-run.
add_test(NAME check_mode
         COMMAND bash ${AGW_CHECK_DIR}/check_mode.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR}
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/seed.json)
set_tests_properties(check_mode PROPERTIES LABELS integration TIMEOUT 180)

# --detailed-exitcode: 4 with drift, 0 without, errors keep theirs, hooks (no server).
add_test(NAME check_exitcode
         COMMAND bash ${AGW_CHECK_DIR}/exitcode.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(check_exitcode PROPERTIES LABELS cli TIMEOUT 120)

# The action table's writes marks and their checker (no server).
add_test(NAME check_writes
         COMMAND $<TARGET_FILE:apigw-lua> --endpoint http://127.0.0.1:1 --retries 0
                 ${AGW_CHECK_DIR}/writes.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua
                 ${PROJECT_SOURCE_DIR}/bindings/lua/apigw/actions.lua)
set_tests_properties(check_writes PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "${AGW_CHECK_ENV}")

# A journaled apigw.map under --check: the journal is read, never written (emulator --log).
add_test(NAME check_journal
         COMMAND bash ${AGW_CHECK_DIR}/journal.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR}
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/seed.json)
set_tests_properties(check_journal PROPERTIES LABELS integration TIMEOUT 120)

# apigw.plan and scripts/ensure.lua under --check and --detailed-exitcode (emulator --log).
add_test(NAME check_plan
         COMMAND bash ${AGW_CHECK_DIR}/plan.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR}
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/seed.json)
set_tests_properties(check_plan PROPERTIES LABELS integration TIMEOUT 120)
