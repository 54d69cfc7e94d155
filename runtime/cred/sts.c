#include "sts.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static int loopback(const char *host, size_t n)
{
    return (n == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
           (n == 5 && strncmp(host, "[::1]", 5) == 0) ||
           (n == 9 && strncasecmp(host, "localhost", 9) == 0);
}

int agw_cred_url_parse(const char *text, const char *what, char *out, size_t n, struct agw_err *err)
{
    char shown[80];
    const char *h = text;
    int http = 0;
    if (strncasecmp(h, "https://", 8) == 0)
        h += 8;
    else if (strncasecmp(h, "http://", 7) == 0)
        h += 7, http = 1;
    size_t len = strlen(h);
    while (len && h[len - 1] == '/')
        len--;
    /* host: a name or IPv4 address, or [v6]; then an optional :port */
    size_t i = 0;
    if (len && h[0] == '[') {
        while (i < len && h[i] != ']')
            i++;
        i++;
    } else {
        while (i < len && (h[i] == '.' || h[i] == '-' || (h[i] >= '0' && h[i] <= '9') ||
                           (h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z')))
            i++;
    }
    size_t host_len = i;
    int ok = host_len > 0 && i <= len;
    if (ok && i < len) { /* a port: 1 to 65535 */
        ok = h[i] == ':' && i + 1 < len && len - i - 1 <= 5;
        long port = 0;
        for (size_t k = i + 1; ok && k < len; k++) {
            ok = h[k] >= '0' && h[k] <= '9';
            port = port * 10 + (h[k] - '0');
        }
        ok = ok && port >= 1 && port <= 65535;
    }
    if (!ok) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint",
                    "%s '%s' is not a host, host:port or URL without a path", what,
                    agw_cred_printable(text, shown, sizeof shown));
        return -1;
    }
    if (http && !loopback(h, host_len)) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint",
                    "%s '%s': plain http is accepted only for a loopback address (127.0.0.1, "
                    "[::1], localhost); credentials travel over https",
                    what, agw_cred_printable(text, shown, sizeof shown));
        return -1;
    }
    if ((size_t)snprintf(out, n, "%s://%.*s", http ? "http" : "https", (int)len, h) >= n) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint", "%s is too long", what);
        return -1;
    }
    return 0;
}

int agw_cred_sts_url(const char *explicit_ep, const char *profile_ep, const char *profile_region,
                     int vpc, const char *api_region, agw_getenv_fn getenv_fn, void *ud, char *out,
                     size_t n, struct agw_err *err)
{
    if (!getenv_fn) getenv_fn = agw_cred_sys_getenv;
    const char *env_ep = getenv_fn("ALIBABA_CLOUD_STS_ENDPOINT", ud);
    const char *env_region = getenv_fn("ALIBABA_CLOUD_STS_REGION", ud);
    const char *env_vpc = getenv_fn("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", ud);
    if (env_ep && !env_ep[0]) env_ep = NULL;
    if (env_region && !env_region[0]) env_region = NULL;
    const char *ep = explicit_ep, *what = "the sts_endpoint option";
    if (!ep && env_ep) ep = env_ep, what = "ALIBABA_CLOUD_STS_ENDPOINT";
    if (!ep && profile_ep) ep = profile_ep, what = "the profile's sts_endpoint";
    char base[300];
    if (ep) {
        if (agw_cred_url_parse(ep, what, base, sizeof base, err) != 0) return -1;
    } else {
        if (env_vpc && strcasecmp(env_vpc, "true") == 0) vpc = 1;
        const char *region = env_region, *rwhat = "ALIBABA_CLOUD_STS_REGION";
        if (!region && profile_region) region = profile_region, rwhat = "the profile's sts_region";
        if (!region && vpc && api_region) region = api_region, rwhat = "the region";
        if (region && !agw_cred_region_valid(region)) {
            char shown[80];
            agw_err_set(err, AGW_ERR_CONFIG, "InvalidRegion",
                        "STS region '%s' (from %s) is not valid: a region id is 1 to 64 "
                        "lower-case letters, digits and '-'",
                        agw_cred_printable(region, shown, sizeof shown), rwhat);
            return -1;
        }
        if (region)
            snprintf(base, sizeof base, "https://%s.%s.aliyuncs.com", vpc ? "sts-vpc" : "sts",
                     region);
        else
            snprintf(base, sizeof base, "https://sts.aliyuncs.com");
    }
    if ((size_t)snprintf(out, n, "%s/", base) >= n) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint", "the STS endpoint is too long");
        return -1;
    }
    return 0;
}
