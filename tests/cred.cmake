# Unit tests of runtime/cred (no network; each test makes its own temporary HOME).
foreach(t test_cred_chain test_cred_ini test_cred_region)
  add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/unit/${t}.c)
  target_link_libraries(${t} PRIVATE agw_cred)
  add_test(NAME ${t} COMMAND ${t})
  set_tests_properties(${t} PROPERTIES LABELS unit)
endforeach()
