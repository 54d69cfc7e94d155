# Unit tests of runtime/cred (no network; each test makes its own temporary HOME).
foreach(t test_cred_chain test_cred_ini test_cred_region test_cred_sendable)
  add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/unit/${t}.c)
  target_link_libraries(${t} PRIVATE agw_cred)
  add_test(NAME ${t} COMMAND ${t})
  set_tests_properties(${t} PROPERTIES LABELS unit)
endforeach()

# The INI file through apigw-lua: exit codes and messages (label "cli").
add_test(NAME cli_cred_ini
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/cred_ini.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(cli_cred_ini PROPERTIES LABELS cli TIMEOUT 60)
