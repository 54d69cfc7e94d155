# The one whole-file reader of runtime/core (label "unit").
add_executable(test_core_file ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_core_file.c)
target_link_libraries(test_core_file PRIVATE agw_core)
add_test(NAME core_file COMMAND test_core_file)
set_tests_properties(core_file PROPERTIES LABELS unit)
