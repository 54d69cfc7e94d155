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
