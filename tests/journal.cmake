# apigw.map's journal (issue 10 §5, docs/bulk.md "Resumable runs"): the file, re-runs, refusals
# and the idempotency guard against apigw-emulator, then kill -9 at random moments.
add_test(NAME journal
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/journal.sh
                 $<TARGET_FILE:apigw-lua> $<TARGET_FILE:apigw-emulator>
                 ${CMAKE_CURRENT_SOURCE_DIR}/lua/testlib.lua)
set_tests_properties(journal PROPERTIES LABELS integration TIMEOUT 180)
