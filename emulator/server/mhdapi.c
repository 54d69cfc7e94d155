#include "mhdapi.h"

#include <stddef.h>
#include <string.h>

#include "dl.h"

#define AGW_MHD_SONAME "libmicrohttpd.so.12"

static const struct agw_dl_sym symbols[] = {
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
    api->lib = agw_dl_load(AGW_MHD_SONAME, symbols, sizeof symbols / sizeof symbols[0], api,
                           "Emulator.NoLibrary", "install libmicrohttpd12", err);
    if (!api->lib) return -1;
    return 0;
}

void agw_mhd_api_unload(struct agw_mhd_api *api)
{
    if (!api || !api->lib) return;
    agw_dl_close(api->lib);
    memset(api, 0, sizeof *api);
}
