# runtime/core/clock.c: the UTC text form both ways (label unit).
add_executable(test_core_clock ${CMAKE_CURRENT_LIST_DIR}/unit/test_core_clock.c)
target_link_libraries(test_core_clock PRIVATE agw_core)
target_include_directories(test_core_clock PRIVATE ${CMAKE_CURRENT_LIST_DIR}/unit)
add_test(NAME core_clock COMMAND test_core_clock)
set_tests_properties(core_clock PROPERTIES LABELS unit)
