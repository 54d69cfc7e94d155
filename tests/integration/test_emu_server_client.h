#ifndef TEST_EMU_SERVER_CLIENT_H
#define TEST_EMU_SERVER_CLIENT_H

#include <stdint.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "params.h"

/* A small signing HTTP client for the emulator's tests (libcurl + runtime/sign). */

enum tc_scheme { TC_V3, TC_RPC };

struct tc_call {
    const char *base;   /* "http://127.0.0.1:PORT" */
    const char *method; /* "GET" or "POST" */
    enum tc_scheme scheme;
    int form;            /* operation parameters in a form body (POST) */
    const char *action;  /* NULL: SetDomain */
    const char *version; /* NULL: 2016-07-14 */
    const char *key_id, *secret;
    const char *token;           /* STS token sent, NULL for none */
    time_t ts;                   /* 0: now */
    const char *nonce;           /* NULL: a fresh one */
    int corrupt;                 /* send a wrong signature */
    const char *format;          /* "XML" or NULL */
    const char *raw_body;        /* replaces the form body (sent as is, RPC only) */
    const struct agw_params *op; /* operation parameters; NULL: none */
};

struct tc_resp {
    CURLcode cc;
    long status;
    struct agw_buf body;
    char ctype[128];
    char request_id[64];
    char retry_after[32];
    char code[96]; /* the JSON error's Code, "" when none */
    long connects; /* new connections made by this transfer */
};

void tc_resp_init(struct tc_resp *r);
void tc_resp_free(struct tc_resp *r);

/* Sends one signed request with handle h (reused: keep-alive). Returns 0 or -1 (local failure). */
int tc_send(CURL *h, const struct tc_call *c, struct tc_resp *r);
/* Sends a raw request (method, url, extra headers "Name: value", body) as is. */
int tc_send_raw(CURL *h, const char *method, const char *url, struct curl_slist *hdrs,
                const char *body, size_t body_len, int chunked, struct tc_resp *r);

/* Test bookkeeping. */
extern int tc_failures;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            tc_failures++;                                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#endif
