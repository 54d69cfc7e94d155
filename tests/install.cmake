# The installed shape of the project: what apigw.so exports (label "unit").
add_test(NAME module_exports
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/exports.sh $<TARGET_FILE:apigw_module>)
set_tests_properties(module_exports PROPERTIES LABELS unit TIMEOUT 30)

# --help and the man pages: the same words, and everything the code knows (label "cli").
add_test(NAME helpdoc
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/helpdoc.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(helpdoc PROPERTIES LABELS cli TIMEOUT 60)

# The bash completion offers what --help lists, and the profiles of the config files.
add_test(NAME completion
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/completion.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(completion PROPERTIES LABELS cli TIMEOUT 60)
