# CLI tests of the host (label "cli"): endpoints, the insecure warning, signals, the
# README's module command, out-of-range numbers, parameters with NUL, request size. Each is
# a bash script under tests/cli/ (lib.sh conventions, as tests/cli.cmake's).
set(AGW_CLI_HOST_TESTS endpoint numbers params insecure readme signals memory)
foreach(t ${AGW_CLI_HOST_TESTS})
  add_test(NAME cli_${t}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/${t}.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
  set_tests_properties(cli_${t} PROPERTIES LABELS cli TIMEOUT 120)
endforeach()

# A stock lua5.4 is not built with AddressSanitizer: to load the instrumented apigw.so its
# runtime must be preloaded (the sanitizer build only), as for cli_module.
if(AGW_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE AGW_HOST_LIBASAN OUTPUT_STRIP_TRAILING_WHITESPACE)
  foreach(t cli_insecure cli_readme)
    set_tests_properties(${t} PROPERTIES
      ENVIRONMENT "AGW_MODULE_PRELOAD=${AGW_HOST_LIBASAN};ASAN_OPTIONS=detect_leaks=0")
  endforeach()
endif()
