# Unit tests of the credential providers (issue 11): POSIX word splitting, answer parsing,
# the STS endpoint, the chain's provider steps. No network; each makes its own HOME.
foreach(t test_cred_words test_cred_fetched test_cred_sts test_cred_providers)
  add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/unit/${t}.c)
  target_link_libraries(${t} PRIVATE agw_cred)
  add_test(NAME ${t} COMMAND ${t})
  set_tests_properties(${t} PROPERTIES LABELS unit)
endforeach()
# Running the External mode's helper without blocking the event loop (runtime/core/proc.c).
add_executable(test_core_proc ${CMAKE_CURRENT_LIST_DIR}/unit/test_core_proc.c)
target_link_libraries(test_core_proc PRIVATE agw_core)
add_test(NAME test_core_proc COMMAND test_core_proc)
set_tests_properties(test_core_proc PROPERTIES LABELS unit TIMEOUT 60)
