#include "curlver.h"

int agw_curl_version_check(unsigned int version_num, struct agw_err *err)
{
    if (version_num >= AGW_CURL_MIN_VERSION) return 0;
    agw_err_set(err, AGW_ERR_CONFIG, "InternalError",
                "libcurl %u.%u.%u is too old: apigw-lua needs libcurl %u.%u.%u or newer "
                "(CURLOPT_PROTOCOLS_STR, and CURLOPT_PREREQFUNCTION, which keeps a resent "
                "request from reusing its signature nonce)",
                (version_num >> 16) & 0xffu, (version_num >> 8) & 0xffu, version_num & 0xffu,
                (AGW_CURL_MIN_VERSION >> 16) & 0xffu, (AGW_CURL_MIN_VERSION >> 8) & 0xffu,
                AGW_CURL_MIN_VERSION & 0xffu);
    return -1;
}
