#ifndef AGW_CRED_STS_H
#define AGW_CRED_STS_H

#include <stddef.h>

#include "cred.h"

/* Where STS calls go (spec credentials.md §3.1), as a URL "https://<host>/", or
 * "http://<loopback>[:port]/" (plain http is accepted only for 127.0.0.1, ::1 and
 * localhost: the emulator's twin). In this order:
 *   explicit (the client's sts_endpoint option), ALIBABA_CLOUD_STS_ENDPOINT, the profile's
 *   sts_endpoint: a host, host:port or URL (a trailing '/' is dropped);
 *   else <prefix>.<region>.aliyuncs.com with prefix "sts-vpc" when vpc (endpoint_type vpc,
 *   or ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true) and "sts" otherwise, region from
 *   ALIBABA_CLOUD_STS_REGION, the profile's sts_region, or (vpc only) api_region;
 *   else sts.aliyuncs.com.
 * Any argument may be NULL. Writes the URL into out (n bytes) and returns 0, or -1 with err
 * (kind AGW_ERR_CONFIG, code "InvalidEndpoint", naming where the bad value came from). */
int agw_cred_sts_url(const char *explicit_ep, const char *profile_ep, const char *profile_region,
                     int vpc, const char *api_region, agw_getenv_fn getenv_fn, void *ud, char *out,
                     size_t n, struct agw_err *err);

/* The same parsing for any credential endpoint given as host or URL (what names where it
 * came from in messages): 0 with out = "scheme://host[:port]" (no trailing '/'), or -1. */
int agw_cred_url_parse(const char *text, const char *what, char *out, size_t n,
                       struct agw_err *err);

#endif
