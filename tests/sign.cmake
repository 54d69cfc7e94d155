# Unit tests of runtime/sign (label "unit"). Run with: ctest -L unit -R sign
add_library(agw_test_sign_json STATIC ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_sign_json.c)
target_link_libraries(agw_test_sign_json PUBLIC agw_sign PkgConfig::CJSONC)

# name -> source; the vector-driven ones get the vector file as their argument.
set(AGW_SIGN_TESTS
  sign_vectors test_sign_vectors.c
  sign_api     test_sign_api.c
  sign_digest  test_sign_digest.c
  sign_pe      test_pe.c
  sign_params  test_params.c)

list(LENGTH AGW_SIGN_TESTS _n)
math(EXPR _last "${_n} - 1")
foreach(_i RANGE 0 ${_last} 2)
  math(EXPR _j "${_i} + 1")
  list(GET AGW_SIGN_TESTS ${_i} _name)
  list(GET AGW_SIGN_TESTS ${_j} _src)
  add_executable(test_${_name} ${CMAKE_CURRENT_SOURCE_DIR}/unit/${_src})
  target_link_libraries(test_${_name} PRIVATE agw_test_sign_json)
  add_test(NAME ${_name} COMMAND test_${_name} ${AGW_VECTORS})
  set_tests_properties(${_name} PROPERTIES LABELS unit)
endforeach()

# The vectors are copied into the repository so a clone is self-contained; when the
# shared spec sits beside the project, the copy must be identical to it.
set(AGW_SHARED_VECTORS ${PROJECT_SOURCE_DIR}/../shared/spec/signing-vectors.json)
if(EXISTS ${AGW_SHARED_VECTORS})
  add_test(NAME sign_vectors_in_sync
           COMMAND ${CMAKE_COMMAND} -E compare_files ${AGW_VECTORS} ${AGW_SHARED_VECTORS})
  set_tests_properties(sign_vectors_in_sync PROPERTIES LABELS unit)
endif()
