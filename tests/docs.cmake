# Comments cite documents that exist in the repository (label "unit").
add_test(NAME doc_citations COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/docs/citations.sh
                                         ${PROJECT_SOURCE_DIR})
set_tests_properties(doc_citations PROPERTIES LABELS unit)
