# bench/quota: 1,000 SetDomain calls against apigw-emulator with a 50 calls/s quota
# (a seed the program writes), at concurrency 16 and 128, with and without the client's qps; built as
# <build>/bench/quota; it runs <build>/apigw-lua on bench/quota.lua.
add_executable(agw_bench_quota ${CMAKE_CURRENT_SOURCE_DIR}/quota.c ${CMAKE_CURRENT_SOURCE_DIR}/emuproc.c)
target_compile_definitions(agw_bench_quota PRIVATE
  AGW_LUA_BIN="$<TARGET_FILE:apigw-lua>"
  AGW_EMULATOR_BIN="$<TARGET_FILE:apigw-emulator>"
  AGW_BENCH_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/quota.lua")
add_dependencies(agw_bench_quota apigw-lua apigw-emulator)
set_target_properties(agw_bench_quota PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench
  OUTPUT_NAME quota)
