# bench/coldstart: average start-to-exit time of `apigw-lua -e ''`, built as <build>/bench/coldstart.
add_executable(agw_bench_coldstart ${CMAKE_CURRENT_SOURCE_DIR}/coldstart.c)
target_compile_definitions(agw_bench_coldstart PRIVATE AGW_LUA_BIN="$<TARGET_FILE:apigw-lua>")
add_dependencies(agw_bench_coldstart apigw-lua)
set_target_properties(agw_bench_coldstart PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench
  OUTPUT_NAME coldstart)
