# The transport against a scripted loopback server.
add_executable(test_http ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http.c)
target_link_libraries(test_http PRIVATE agw_http Threads::Threads)
add_test(NAME http_transport COMMAND test_http)
set_tests_properties(http_transport PROPERTIES LABELS unit TIMEOUT 60)

# Run-time library loading (how libcurl and libmicrohttpd are loaded).
add_executable(test_dl ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_dl.c)
target_link_libraries(test_dl PRIVATE agw_core)
add_test(NAME core_dl COMMAND test_dl)
set_tests_properties(core_dl PROPERTIES LABELS unit)

# The one wipe-then-free helper for secrets.
add_executable(test_wipe ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_wipe.c)
target_link_libraries(test_wipe PRIVATE agw_core)
add_test(NAME core_wipe COMMAND test_wipe)
set_tests_properties(core_wipe PROPERTIES LABELS unit)

# agw_http_free releases running, finished and collected transfers alike.
add_executable(test_http_free ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http_free.c)
target_link_libraries(test_http_free PRIVATE agw_http
  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free)
add_test(NAME http_free COMMAND test_http_free)
set_tests_properties(http_free PROPERTIES LABELS unit TIMEOUT 60)
# ... and libcurl's memory with them (valgrind cannot run the sanitizer build, where ASan
# checks the same).
find_program(AGW_VALGRIND valgrind)
if(AGW_VALGRIND AND NOT AGW_SANITIZE)
  add_test(NAME valgrind_http_free
           COMMAND ${AGW_VALGRIND} --leak-check=full --errors-for-leak-kinds=definite,indirect
                   --error-exitcode=99 -q $<TARGET_FILE:test_http_free>)
  set_tests_properties(valgrind_http_free PROPERTIES LABELS valgrind TIMEOUT 300)
endif()

# The minimum libcurl, checked when it is loaded (a pure function of the version number).
add_executable(test_http_curlver ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http_curlver.c)
target_link_libraries(test_http_curlver PRIVATE agw_http)
add_test(NAME http_curl_version COMMAND test_http_curlver)
set_tests_properties(http_curl_version PROPERTIES LABELS unit)

# Only the transport sees curl.h: the include path of every other layer stops it.
# (every target agw_forbid_curl covered, and the layers that must be among them)
get_property(AGW_NOCURL_TARGETS GLOBAL PROPERTY AGW_NOCURL_TARGETS)
foreach(t agw_core agw_sign agw_cred agw_request agw_emu_model agw_emu_server agw_bindings
          apigw_module apigw-lua apigw-emulator)
  if(NOT t IN_LIST AGW_NOCURL_TARGETS)
    message(FATAL_ERROR "tests/http.cmake: ${t} is not kept from curl.h (agw_forbid_curl)")
  endif()
endforeach()
set(AGW_GUARD_ARGS agw_http:$<TARGET_PROPERTY:agw_http,INCLUDE_DIRECTORIES>)
foreach(t ${AGW_NOCURL_TARGETS})
  list(APPEND AGW_GUARD_ARGS ${t}:$<JOIN:$<TARGET_PROPERTY:${t},INCLUDE_DIRECTORIES>,$<SEMICOLON>>)
endforeach()
add_test(NAME http_curl_private
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http_curl_guard.sh ${CMAKE_C_COMPILER}
                 ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http_curl_probe.c ${AGW_GUARD_ARGS})
set_tests_properties(http_curl_private PROPERTIES LABELS unit)

# Nothing the signers and the request builder free (or move by realloc) holds a secret.
add_executable(test_http_secrets ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http_secrets.c)
target_link_libraries(test_http_secrets PRIVATE agw_request -Wl,--wrap=free,--wrap=realloc)
add_test(NAME http_secrets_wiped COMMAND test_http_secrets)
set_tests_properties(http_secrets_wiped PROPERTIES LABELS unit)

# core.start loses nothing (and leaves no token in freed memory) when a Lua call raises.
add_executable(test_http_start_oom ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_http_start_oom.c)
target_link_libraries(test_http_start_oom PRIVATE agw_bindings
  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup)
add_test(NAME http_start_oom COMMAND test_http_start_oom)
set_tests_properties(http_start_oom PROPERTIES LABELS unit TIMEOUT 120
  ENVIRONMENT "HOME=${CMAKE_CURRENT_BINARY_DIR};APIGW_ENDPOINT=")
