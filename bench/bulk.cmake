# bench/bulk: SetDomain calls through apigw.map against apigw-emulator (a separate process),
# built as <build>/bench/bulk; it runs <build>/apigw-lua on bench/bulk.lua.
add_executable(agw_bench_bulk ${CMAKE_CURRENT_SOURCE_DIR}/bulk.c ${CMAKE_CURRENT_SOURCE_DIR}/emuproc.c)
target_compile_definitions(agw_bench_bulk PRIVATE
  AGW_LUA_BIN="$<TARGET_FILE:apigw-lua>"
  AGW_EMULATOR_BIN="$<TARGET_FILE:apigw-emulator>"
  AGW_BENCH_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bulk.lua"
  AGW_BENCH_SEED="${CMAKE_CURRENT_SOURCE_DIR}/bulk_seed.json")
add_dependencies(agw_bench_bulk apigw-lua apigw-emulator)
set_target_properties(agw_bench_bulk PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench
  OUTPUT_NAME bulk)
