# Short-lived credentials against the emulator's twins (issue 11): tests/creds/*.sh, run like
# the cli tests (tests/cli/lib.sh).
foreach(t providers refresh)
  add_test(NAME creds_${t}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/creds/${t}.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
  set_tests_properties(creds_${t} PROPERTIES LABELS "integration;cli" TIMEOUT 180)
endforeach()
