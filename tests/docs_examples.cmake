# Every Lua example of docs/lua-api.md, docs/bulk.md and docs/hooks.md runs as written against
# apigw-lua --emulate, or is marked <!-- not run: why --> (tests/docs/examples.sh).
add_test(NAME docs_examples
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/docs/examples.sh $<TARGET_FILE:apigw-lua> ${PROJECT_SOURCE_DIR})
set_tests_properties(docs_examples PROPERTIES LABELS integration TIMEOUT 120)
