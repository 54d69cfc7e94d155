#ifndef AGW_MHDAPI_H
#define AGW_MHDAPI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "err.h"

/* The part of libmicrohttpd the server uses, loaded with dlopen when a server starts
 * rather than linked: it brings GnuTLS and its dependencies, whose loading costs apigw-lua
 * about a millisecond on every start, --emulate or not. Each server holds its own table
 * (dlopen is reference-counted). */
struct agw_mhd_api {
    void *lib;
    struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
                                       MHD_AcceptPolicyCallback apc, void *apc_cls,
                                       MHD_AccessHandlerCallback dh, void *dh_cls, ...);
    void (*stop_daemon)(struct MHD_Daemon *d);
    const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *d,
                                                   enum MHD_DaemonInfoType type, ...);
    enum MHD_Result (*is_feature_supported)(enum MHD_FEATURE feature);
    const union MHD_ConnectionInfo *(*get_connection_info)(struct MHD_Connection *c,
                                                           enum MHD_ConnectionInfoType type, ...);
    int (*get_connection_values)(struct MHD_Connection *c, enum MHD_ValueKind kind,
                                 MHD_KeyValueIterator it, void *it_cls);
    struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
                                                        enum MHD_ResponseMemoryMode mode);
    enum MHD_Result (*add_response_header)(struct MHD_Response *r, const char *header,
                                           const char *content);
    enum MHD_Result (*queue_response)(struct MHD_Connection *c, unsigned int status,
                                      struct MHD_Response *r);
    void (*destroy_response)(struct MHD_Response *r);
    void (*suspend_connection)(struct MHD_Connection *c);
    void (*resume_connection)(struct MHD_Connection *c);
};

/* Loads libmicrohttpd ("libmicrohttpd.so.12"). Returns 0, or -1 with err. */
int agw_mhd_api_load(struct agw_mhd_api *api, struct agw_err *err);
void agw_mhd_api_unload(struct agw_mhd_api *api);

#endif
