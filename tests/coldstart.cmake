# Cold start (docs/bulk.md, "Cold start"): what `apigw-lua -e ''` does not do. The modules a
# run needs only when it pages, waits, fetches short-lived credentials, loads hook files,
# keeps a journal, plans (apply and ensure with it), notes drift or reads a certificate are
# loaded by their first use, not at start, while their functions are in the module from the
# start (label cli; instruction counts are in docs/bulk.md).
add_test(NAME cli_start_lazy
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/lua/expect.sh --rc 0 --match "^lazy\n$"
                 -- env -u APIGW_HOOKS $<TARGET_FILE:apigw-lua> -e
                 "for _, m in ipairs{'apigw.pages', 'apigw.wait', 'apigw.creds', 'apigw.hookfile', 'apigw.journal', 'apigw.plan', 'apigw.plan_spec', 'apigw.plan_live', 'apigw.plan_dns', 'apigw.plan_diff', 'apigw.plan_show', 'apigw.apply', 'apigw.apply_entry', 'apigw.apply_result', 'apigw.apply_order', 'apigw.ensure', 'apigw.drift', 'apigw.cert'} do if package.loaded[m] then error(m .. ' is loaded at start', 0) end end; for _, f in ipairs{'pages', 'wait', 'plan', 'ensure', 'pem', 'cert_days_left', 'map'} do if type(apigw[f]) ~= 'function' then error('apigw.' .. f .. ' is not a function', 0) end end; assert(type(apigw.client{}.plan) == 'function'); print('lazy')")
set_tests_properties(cli_start_lazy PROPERTIES LABELS cli TIMEOUT 60)
