# The redactor (runtime/request/redact.c), table-driven (label unit). What it masks on the
# real paths (--dry-run, --trace, errors, the emulator's log) is in tests/cli/secret_params.sh.
add_executable(test_redact ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_redact.c)
target_link_libraries(test_redact PRIVATE agw_request)
add_test(NAME request_redact COMMAND test_redact)
set_tests_properties(request_redact PROPERTIES LABELS unit)

# core.redact and the dry run's answer (label lua): run by apigw-lua under --dry-run.
add_test(NAME lua_redact
         COMMAND $<TARGET_FILE:apigw-lua> --dry-run --region cn-hangzhou
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_redact.lua ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(lua_redact PROPERTIES LABELS lua TIMEOUT 60
  ENVIRONMENT "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAItestkey;ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecretvalue;HOME=${CMAKE_CURRENT_BINARY_DIR}")

# The paths a private key could leak by (label cli): --dry-run, --trace, --verbose, errors.
add_test(NAME cli_redact
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/redact.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(cli_redact PROPERTIES LABELS cli TIMEOUT 120)
