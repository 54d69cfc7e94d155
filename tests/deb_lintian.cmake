# The Debian package against lintian (label "install"; skipped without lintian). It stages
# with the same component manifest as install_tree and install_deb: never at the same time.
# AGW_FORTIFY says whether this build has _FORTIFY_SOURCE (CMakeLists.txt: optimised builds
# without sanitizers), so that lintian's hardening-no-fortify-functions is expected or not.
if(NOT AGW_SANITIZE AND NOT AGW_FUZZ AND CMAKE_BUILD_TYPE MATCHES "^(Release|RelWithDebInfo|MinSizeRel)$")
  set(AGW_LINTIAN_FORTIFY 1)
else()
  set(AGW_LINTIAN_FORTIFY 0)
endif()
add_test(NAME deb_lintian
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/lintian.sh $<TARGET_FILE:apigw-lua>
                 $<TARGET_FILE:apigw-emulator> ${PROJECT_BINARY_DIR})
set_tests_properties(deb_lintian PROPERTIES LABELS install TIMEOUT 300 SKIP_RETURN_CODE 77
                     RESOURCE_LOCK agw_install_manifest ENVIRONMENT "AGW_FORTIFY=${AGW_LINTIAN_FORTIFY}")
