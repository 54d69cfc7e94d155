#include "curlapi.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#define AGW_CURL_SONAME "libcurl.so.4"

static const struct {
    const char *name;
    size_t offset;
} symbols[] = {
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
    /* RTLD_NODELETE: libcurl and its libraries stay mapped after dlclose; unmapping them
     * at exit while their thread-local data and exit handlers are still registered is
     * what LeakSanitizer (and some libraries' destructors) trip over. */
    api->lib = dlopen(AGW_CURL_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!api->lib) {
        const char *why = dlerror();
        agw_err_set(err, AGW_ERR_CONFIG, "InternalError",
                    "cannot load libcurl (%s): %s; install libcurl4 (Debian: libcurl4-openssl-dev)",
                    AGW_CURL_SONAME, why ? why : "unknown error");
        return -1;
    }
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *p = dlsym(api->lib, symbols[i].name);
        if (!p) {
            agw_err_set(err, AGW_ERR_CONFIG, "InternalError", "%s has no %s: libcurl too old",
                        AGW_CURL_SONAME, symbols[i].name);
            dlclose(api->lib);
            memset(api, 0, sizeof *api);
            return -1;
        }
        /* POSIX guarantees a data pointer from dlsym converts to a function pointer */
        memcpy((char *)api + symbols[i].offset, &p, sizeof p);
    }
    if (api->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        agw_err_set(err, AGW_ERR_NETWORK, "InternalError", "libcurl failed to initialise");
        dlclose(api->lib);
        memset(api, 0, sizeof *api);
        return -1;
    }
    return 0;
}

void agw_curl_api_unload(struct agw_curl_api *api)
{
    if (!api || !api->lib) return;
    api->global_cleanup();
    dlclose(api->lib);
    memset(api, 0, sizeof *api);
}
