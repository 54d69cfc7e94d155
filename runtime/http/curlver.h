#ifndef AGW_CURLVER_H
#define AGW_CURLVER_H

#include "err.h"

/* The oldest libcurl the transport works with, as curl_version_info's version_num
 * (0xXXYYZZ for XX.YY.ZZ): 7.85.0, for CURLOPT_PROTOCOLS_STR. 7.80.0 brought
 * CURLOPT_PREREQFUNCTION, the guard that keeps libcurl from resending a request with a
 * signature nonce already used. An older libcurl would accept neither and the transport
 * would run without them. */
#define AGW_CURL_MIN_VERSION 0x075500u

/* Checks the version number of the libcurl found (pure: no libcurl needed, so it can be
 * tested with any number). Returns 0 when it is recent enough, else -1 with err (kind
 * AGW_ERR_CONFIG) naming the version found and the minimum. */
int agw_curl_version_check(unsigned int version_num, struct agw_err *err);

#endif
