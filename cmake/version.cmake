# What `--version` reports besides the version itself: the git revision the programs were built
# from, refreshed at every build (cmake/revision.cmake) into a one-object library.
find_program(AGW_GIT git)
mark_as_advanced(AGW_GIT)
set(AGW_REVISION_C ${PROJECT_BINARY_DIR}/agw_revision.c)
add_custom_target(agw_revision_gen
  COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR} -DOUT=${AGW_REVISION_C} -DGIT=${AGW_GIT}
          -P ${PROJECT_SOURCE_DIR}/cmake/revision.cmake
  BYPRODUCTS ${AGW_REVISION_C}
  COMMENT "Reading the git revision" VERBATIM)
add_library(agw_revision STATIC ${AGW_REVISION_C})
add_dependencies(agw_revision agw_revision_gen)
target_link_libraries(apigw-lua PRIVATE agw_revision)
target_link_libraries(apigw-emulator PRIVATE agw_revision)
