#include "libinfo.h"

#include <stdio.h>

#include "curlapi.h"

int agw_http_curl_version(char *buf, size_t n, struct agw_err *err)
{
    struct agw_curl_api api;
    if (agw_curl_api_load(&api, err) != 0) return -1;
    const curl_version_info_data *v = api.version_info(CURLVERSION_NOW);
    const char *ver = v && v->version ? v->version : "(unknown version)";
    if (v && v->ssl_version)
        snprintf(buf, n, "%s (%s)", ver, v->ssl_version);
    else
        snprintf(buf, n, "%s", ver);
    agw_curl_api_unload(&api);
    return 0;
}
