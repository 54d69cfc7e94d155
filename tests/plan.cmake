# The declarative plan (issue 10 §1-2, docs/declarative.md): every action symbol against the
# embedded emulator seeded with tests/plan/seed.json, the spec's errors, the DNS twin, the
# views, the calls a plan makes; the command line's exit statuses.
add_test(NAME plan_emulator
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/plan/plan.sh $<TARGET_FILE:apigw-lua>
                 ${CMAKE_CURRENT_LIST_DIR}/lua/testlib.lua)
set_tests_properties(plan_emulator PROPERTIES LABELS integration TIMEOUT 180)

# docs/declarative.md's worked example prints what the doc shows.
add_test(NAME plan_docs
         COMMAND $<TARGET_FILE:apigw-lua> --emulate ${CMAKE_CURRENT_LIST_DIR}/plan/docs_example.lua
                 ${PROJECT_SOURCE_DIR}/docs/declarative.md)
set_tests_properties(plan_docs PROPERTIES LABELS integration TIMEOUT 60
                     ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR};NO_COLOR=1")
