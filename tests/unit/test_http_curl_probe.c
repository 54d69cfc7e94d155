/* Compiled by test_http_curl_guard.sh with each layer's include path: only the transport's
 * may compile it. */
#include <curl/curl.h>

int agw_probe(void);
int agw_probe(void)
{
    return CURLE_OK;
}
