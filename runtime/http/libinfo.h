#ifndef AGW_LIBINFO_H
#define AGW_LIBINFO_H

#include <stddef.h>

#include "err.h"

/* Which libcurl a transport would use, for `apigw-lua --version`: loads it as a transport
 * does (curlapi.c) and writes "7.88.1 (OpenSSL/3.0.11)" into buf (n bytes, truncated and
 * always terminated). Returns 0, or -1 with err saying why libcurl cannot be loaded. */
int agw_http_curl_version(char *buf, size_t n, struct agw_err *err);

#endif
