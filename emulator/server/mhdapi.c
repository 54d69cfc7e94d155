#include "mhdapi.h"

#include <dlfcn.h>
#include <string.h>

#define AGW_MHD_SONAME "libmicrohttpd.so.12"

static const struct {
    const char *name;
    size_t offset;
} symbols[] = {
#define SYM(field, name)                                                                           \
    {                                                                                              \
        name, offsetof(struct agw_mhd_api, field)                                                  \
    }
    SYM(start_daemon, "MHD_start_daemon"),
    SYM(stop_daemon, "MHD_stop_daemon"),
    SYM(get_daemon_info, "MHD_get_daemon_info"),
    SYM(is_feature_supported, "MHD_is_feature_supported"),
    SYM(get_connection_info, "MHD_get_connection_info"),
    SYM(get_connection_values, "MHD_get_connection_values"),
    SYM(create_response_from_buffer, "MHD_create_response_from_buffer"),
    SYM(add_response_header, "MHD_add_response_header"),
    SYM(queue_response, "MHD_queue_response"),
    SYM(destroy_response, "MHD_destroy_response"),
    SYM(suspend_connection, "MHD_suspend_connection"),
    SYM(resume_connection, "MHD_resume_connection"),
#undef SYM
};

int agw_mhd_api_load(struct agw_mhd_api *api, struct agw_err *err)
{
    memset(api, 0, sizeof *api);
    api->lib = dlopen(AGW_MHD_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE); /* see curlapi.c */
    if (!api->lib) {
        const char *why = dlerror();
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.NoLibrary",
                    "cannot load libmicrohttpd (%s): %s; install libmicrohttpd12", AGW_MHD_SONAME,
                    why ? why : "unknown error");
        return -1;
    }
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *p = dlsym(api->lib, symbols[i].name);
        if (!p) {
            agw_err_set(err, AGW_ERR_CONFIG, "Emulator.NoLibrary", "%s has no %s", AGW_MHD_SONAME,
                        symbols[i].name);
            dlclose(api->lib);
            memset(api, 0, sizeof *api);
            return -1;
        }
        memcpy((char *)api + symbols[i].offset, &p, sizeof p);
    }
    return 0;
}

void agw_mhd_api_unload(struct agw_mhd_api *api)
{
    if (!api || !api->lib) return;
    dlclose(api->lib);
    memset(api, 0, sizeof *api);
}
