# agw_json_wipe_delete (runtime/core/jsonwipe.c): cJSON trees holding secrets are cleared before they are freed (label "unit").
add_executable(test_jsonwipe ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_jsonwipe.c)
target_link_libraries(test_jsonwipe PRIVATE agw_jsonwipe)
add_test(NAME jsonwipe COMMAND test_jsonwipe)
set_tests_properties(jsonwipe PROPERTIES LABELS unit)
