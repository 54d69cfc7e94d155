#include "curlapi.h"

#include <stddef.h>
#include <string.h>

#include "curlver.h"
#include "dl.h"

#define AGW_CURL_SONAME "libcurl.so.4"

static const struct agw_dl_sym symbols[] = {
#define SYM(field, name)                                                                           \
    {                                                                                              \
        name, offsetof(struct agw_curl_api, field)                                                 \
    }
    SYM(global_init, "curl_global_init"),
    SYM(global_cleanup, "curl_global_cleanup"),
    SYM(version_info, "curl_version_info"),
    SYM(easy_init, "curl_easy_init"),
    SYM(easy_cleanup, "curl_easy_cleanup"),
    SYM(easy_reset, "curl_easy_reset"),
    SYM(easy_setopt, "curl_easy_setopt"),
    SYM(easy_getinfo, "curl_easy_getinfo"),
    SYM(easy_strerror, "curl_easy_strerror"),
    SYM(multi_init, "curl_multi_init"),
    SYM(multi_cleanup, "curl_multi_cleanup"),
    SYM(multi_setopt, "curl_multi_setopt"),
    SYM(multi_add_handle, "curl_multi_add_handle"),
    SYM(multi_remove_handle, "curl_multi_remove_handle"),
    SYM(multi_perform, "curl_multi_perform"),
    SYM(multi_poll, "curl_multi_poll"),
    SYM(multi_info_read, "curl_multi_info_read"),
    SYM(multi_strerror, "curl_multi_strerror"),
    SYM(slist_append, "curl_slist_append"),
    SYM(slist_free_all, "curl_slist_free_all"),
#undef SYM
};

int agw_curl_api_load(struct agw_curl_api *api, struct agw_err *err)
{
    memset(api, 0, sizeof *api);
    api->lib = agw_dl_load(AGW_CURL_SONAME, symbols, sizeof symbols / sizeof symbols[0], api,
                           "InternalError", "install libcurl4 (Debian: libcurl4-openssl-dev)", err);
    if (!api->lib) return -1;
    if (api->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        agw_err_set(err, AGW_ERR_NETWORK, "InternalError", "libcurl failed to initialise");
        agw_dl_close(api->lib);
        memset(api, 0, sizeof *api);
        return -1;
    }
    /* an older libcurl lacks options the transport relies on: refuse it here, by name,
     * rather than run without them */
    const curl_version_info_data *v = api->version_info(CURLVERSION_NOW);
    if (agw_curl_version_check(v ? v->version_num : 0, err) != 0) {
        agw_curl_api_unload(api);
        return -1;
    }
    return 0;
}

void agw_curl_api_unload(struct agw_curl_api *api)
{
    if (!api || !api->lib) return;
    api->global_cleanup();
    agw_dl_close(api->lib);
    memset(api, 0, sizeof *api);
}
