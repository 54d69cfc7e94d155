#ifndef AGW_ERR_H
#define AGW_ERR_H

/* How a failure is reported below the Lua layer: a return code plus this struct,
 * filled by the callee. Codes follow the service's style (MissingGroupId, timeout). */
enum agw_err_kind {
    AGW_ERR_NONE = 0,
    AGW_ERR_CLIENT,  /* bad input, or a 4xx answer */
    AGW_ERR_SERVER,  /* a 5xx answer */
    AGW_ERR_NETWORK, /* no usable answer: connect, tls, timeout, InvalidResponse */
    AGW_ERR_CONFIG   /* local configuration: credentials, region, files */
};

struct agw_err {
    enum agw_err_kind kind;
    char code[64];
    char message[1024];
    long http_status; /* 0 when no answer was received */
    int retryable;
};

void agw_err_clear(struct agw_err *e);
/* Sets kind, code and a printf-style message; keeps http_status and retryable as they are. */
void agw_err_set(struct agw_err *e, enum agw_err_kind kind, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
