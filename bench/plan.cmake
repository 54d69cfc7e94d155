# bench/plan: a spec of 1,000 domains over 10 groups planned against apigw-emulator (a
# separate process), applied, and planned again; calls per planned domain, DNS lookups, time
# and RSS (bench/plan.c, the client bench/plan.lua). Built as <build>/bench/plan; the test
# bench_plan (tests/planbench.cmake) runs it small and checks its counts.
add_executable(agw_bench_plan ${CMAKE_CURRENT_SOURCE_DIR}/plan.c ${CMAKE_CURRENT_SOURCE_DIR}/emuproc.c)
target_compile_definitions(agw_bench_plan PRIVATE
  AGW_LUA_BIN="$<TARGET_FILE:apigw-lua>"
  AGW_EMULATOR_BIN="$<TARGET_FILE:apigw-emulator>"
  AGW_BENCH_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/plan.lua")
add_dependencies(agw_bench_plan apigw-lua apigw-emulator)
set_target_properties(agw_bench_plan PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench
  OUTPUT_NAME plan)
