# CLI tests of the host (label "cli"): endpoints, the insecure warning, signals, the
# README's module command, out-of-range numbers, parameters with NUL, request size. Each is
# a bash script under tests/cli/ (lib.sh conventions, as tests/cli.cmake's).
set(AGW_CLI_HOST_TESTS endpoint numbers params)
foreach(t ${AGW_CLI_HOST_TESTS})
  add_test(NAME cli_${t}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/${t}.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
  set_tests_properties(cli_${t} PROPERTIES LABELS cli TIMEOUT 120)
endforeach()
