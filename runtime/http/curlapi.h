#ifndef AGW_CURLAPI_H
#define AGW_CURLAPI_H

#include <curl/curl.h>

#include "err.h"

/* The part of libcurl the transport uses, loaded with dlopen when the first transport is
 * created rather than linked: libcurl brings some thirty shared libraries (GnuTLS, Kerberos,
 * LDAP, SSH...) whose loading and constructors cost about 5 ms, which every run of
 * apigw-lua would pay, even one that sends nothing (--help, -e, --dry-run, validation).
 * Each agw_http holds its own table (dlopen is reference-counted), so there is no global
 * state. */
struct agw_curl_api {
    void *lib;
    CURLcode (*global_init)(long flags);
    void (*global_cleanup)(void);
    curl_version_info_data *(*version_info)(CURLversion v);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *e);
    void (*easy_reset)(CURL *e);
    CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
    CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode rc);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *m);
    CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_perform)(CURLM *m, int *running);
    CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd fds[], unsigned int nfds, int timeout_ms,
                            int *numfds);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
    const char *(*multi_strerror)(CURLMcode rc);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
};

/* Loads libcurl (ABI 4, "libcurl.so.4"), runs curl_global_init and checks the version
 * (curlver.h: an older libcurl is refused, naming its version and the minimum). Returns 0,
 * or -1 with err naming what failed. Undo with agw_curl_api_unload. */
int agw_curl_api_load(struct agw_curl_api *api, struct agw_err *err);
/* curl_global_cleanup and dlclose. A table that was never loaded is a no-op. */
void agw_curl_api_unload(struct agw_curl_api *api);

#endif
