# CLI tests of apigw-lua (label "cli"): exit codes and messages, credential and region
# precedence, secrets in output, TLS verification, the loadable module. Each is a bash
# script under tests/cli/ that prints its checks and ends with "N passed, N failed".
# They make their own temporary HOME, bind 127.0.0.1 only and stop what they start.
set(AGW_CLI_TESTS exit_codes cred_precedence secrets tls module)
foreach(t ${AGW_CLI_TESTS})
  add_test(NAME cli_${t}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/${t}.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
  set_tests_properties(cli_${t} PROPERTIES LABELS cli TIMEOUT 120)
endforeach()

# A stock lua5.4 is not built with AddressSanitizer: to load the instrumented apigw.so its
# runtime must be preloaded (the sanitizer build only).
if(AGW_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE AGW_LIBASAN OUTPUT_STRIP_TRAILING_WHITESPACE)
  set_tests_properties(cli_module PROPERTIES
    ENVIRONMENT "AGW_MODULE_PRELOAD=${AGW_LIBASAN};ASAN_OPTIONS=detect_leaks=0")
endif()
