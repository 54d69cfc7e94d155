# Short-lived credentials against the emulator's twins (issue 11): tests/creds/*.sh, run like
# the cli tests (tests/cli/lib.sh).
foreach(t providers refresh wake rechain)
  add_test(NAME creds_${t}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/creds/${t}.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
  set_tests_properties(creds_${t} PROPERTIES LABELS "integration;cli" TIMEOUT 180)
endforeach()
# The same paths under valgrind (label "valgrind"; not in the sanitizer build, valgrind cannot
# run ASan binaries): a fetch and a refresh with tasks in flight, an External helper, the
# ECS step's fallback to the URI.
find_program(AGW_VALGRIND valgrind)
if(AGW_VALGRIND AND NOT AGW_SANITIZE)
  add_test(NAME valgrind_creds
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/creds/valgrind.sh
                   $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR}
                   ${AGW_VALGRIND})
  set_tests_properties(valgrind_creds PROPERTIES LABELS valgrind TIMEOUT 300)
endif()
