# Cold start (docs/bulk.md, "Cold start"): what `apigw-lua -e ''` does not do. The modules a
# run needs only when it pages, waits, fetches short-lived credentials or loads hook files are
# loaded by their first use, not at start (label cli; instruction counts are in docs/bulk.md).
add_test(NAME cli_start_lazy
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/lua/expect.sh --rc 0 --match "^lazy\n$"
                 -- env -u APIGW_HOOKS $<TARGET_FILE:apigw-lua> -e
                 "for _, m in ipairs{'apigw.pages', 'apigw.wait', 'apigw.creds', 'apigw.hookfile'} do if package.loaded[m] then error(m .. ' is loaded at start', 0) end end; assert(type(apigw.pages) == 'function' and type(apigw.wait) == 'function'); print('lazy')")
set_tests_properties(cli_start_lazy PROPERTIES LABELS cli TIMEOUT 60)
