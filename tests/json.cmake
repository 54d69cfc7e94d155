# apigw.json (bindings/ljson.c, ljson_lex.c): the round-trip property, the differential test
# against Python's json on tests/json/corpus and generated documents, and the C entry
# points. The defect regressions are in tests/lua/test_json.lua (lua_json, tests/lua.cmake).
set(AGW_JSON_DIR ${CMAKE_CURRENT_SOURCE_DIR}/json)

add_test(NAME json_roundtrip
         COMMAND $<TARGET_FILE:apigw-lua> ${CMAKE_CURRENT_SOURCE_DIR}/lua/test_json_roundtrip.lua
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua ${AGW_JSON_DIR})
set_tests_properties(json_roundtrip PROPERTIES LABELS lua TIMEOUT 300)

# python3 is installed by make deps; when it is missing the test fails saying so.
find_program(AGW_PYTHON3 python3)
if(NOT AGW_PYTHON3)
  set(AGW_PYTHON3 python3)
endif()
add_test(NAME json_differential
         COMMAND ${AGW_PYTHON3} ${AGW_JSON_DIR}/differential.py $<TARGET_FILE:apigw-lua>
                 ${AGW_JSON_DIR})
set_tests_properties(json_differential PROPERTIES LABELS lua TIMEOUT 300)

add_executable(test_json_c ${AGW_JSON_DIR}/test_json_c.c)
target_include_directories(test_json_c PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
target_link_libraries(test_json_c PRIVATE agw_bindings)
add_test(NAME json_c_entry COMMAND test_json_c)
set_tests_properties(json_c_entry PROPERTIES LABELS unit TIMEOUT 60)
