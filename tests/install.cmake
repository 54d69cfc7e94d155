# The installed shape of the project: what apigw.so exports (label "unit").
add_test(NAME module_exports
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/exports.sh $<TARGET_FILE:apigw_module>)
set_tests_properties(module_exports PROPERTIES LABELS unit TIMEOUT 30)
