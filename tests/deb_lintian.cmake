# The Debian package against lintian (label "install"; skipped without lintian). It stages
# with the same component manifest as install_tree and install_deb: never at the same time.
add_test(NAME deb_lintian
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/lintian.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(deb_lintian PROPERTIES LABELS install TIMEOUT 300 SKIP_RETURN_CODE 77
                     RESOURCE_LOCK agw_install_manifest)
