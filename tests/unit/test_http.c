#define _GNU_SOURCE /* strcasestr */
/* The transport (runtime/http) against a scripted HTTP server on 127.0.0.1 port 0:
 * exactly the headers given are sent (no Content-Type or Expect added by libcurl),
 * keep-alive reuse, the answer-size cap, connect/timeout/closed classification, the
 * User-Agent. No network beyond loopback. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"

static int passed, failed;
#define CHECK(cond, what)                                                                          \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
            printf("ok   %s\n", what);                                                             \
        } else {                                                                                   \
            failed++;                                                                              \
            printf("FAIL %s (line %d)\n", what, __LINE__);                                         \
        }                                                                                          \
    } while (0)

enum mode { ANSWER, BIG, SILENT, CLOSE, CUT };

struct server {
    int fd;
    int port;
    enum mode mode;
    char last_request[8192];
    int accepts;
    pthread_t thread;
};

/* Reads one request head (up to the blank line) from c into buf. Returns its length or -1. */
static int read_head(int c, char *buf, size_t size)
{
    size_t n = 0;
    while (n + 1 < size) {
        ssize_t r = recv(c, buf + n, size - 1 - n, 0);
        if (r <= 0) return -1;
        n += (size_t)r;
        buf[n] = '\0';
        if (strstr(buf, "\r\n\r\n")) return (int)n;
    }
    return -1;
}

static void *serve(void *arg)
{
    struct server *s = arg;
    for (;;) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0) return NULL;
        s->accepts++;
        char req[8192];
        while (read_head(c, req, sizeof req) > 0) {
            memcpy(s->last_request, req, sizeof req);
            if (s->mode == SILENT) {
                sleep(2);
                break;
            }
            if (s->mode == CLOSE) break;
            if (s->mode == CUT) { /* promises 100 bytes, sends 10, closes */
                const char *cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"Reques";
                send(c, cut, strlen(cut), MSG_NOSIGNAL);
                break;
            }
            if (s->mode == BIG) {
                const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
                send(c, head, strlen(head), MSG_NOSIGNAL);
                char chunk[1000];
                memset(chunk, 'x', sizeof chunk);
                for (int i = 0; i < 100; i++)
                    send(c, chunk, sizeof chunk, MSG_NOSIGNAL);
                continue;
            }
            const char *ans = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "x-acs-retry-after: 250\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
            send(c, ans, strlen(ans), MSG_NOSIGNAL);
        }
        close(c);
    }
}

static int server_start(struct server *s, enum mode mode)
{
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(s->fd, (struct sockaddr *)&a, sizeof a) || listen(s->fd, 16) ||
        getsockname(s->fd, (struct sockaddr *)&a, &len))
        return -1;
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->thread, NULL, serve, s);
}

static void server_stop(struct server *s)
{
    shutdown(s->fd, SHUT_RDWR);
    close(s->fd);
    pthread_join(s->thread, NULL);
}

/* Runs one request to completion; returns the result (owned by x, freed by the caller). */
static struct agw_http_xfer *run(struct agw_http *h, const char *method, const char *url,
                                 const char *const *headers, long read_ms)
{
    struct agw_http_request req = {.method = method,
                                   .url = url,
                                   .headers = headers,
                                   .body = "",
                                   .body_len = 0,
                                   .read_timeout_ms = read_ms,
                                   .insecure = -1};
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_http_xfer *x = agw_http_start(h, &req, NULL, &err);
    if (!x) return NULL;
    while (!agw_http_xfer_done(x))
        agw_http_poll(h, 100, &err);
    while (agw_http_next_done(h)) {
    }
    return x;
}

static int has_header(const char *req, const char *name)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\r\n%s:", name);
    return strcasestr(req, pat) != NULL;
}

int main(void)
{
    struct agw_err err;
    agw_err_clear(&err);
    struct server s;
    if (server_start(&s, ANSWER)) {
        printf("FAIL cannot start the test server\n");
        return 1;
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/?A=1", s.port);
    struct agw_http_opts opts = {.max_response = 4096};
    struct agw_http *h = NULL;
    CHECK(agw_http_new(&h, &opts, &err) == 0, "transport created");

    const char *const hdrs[] = {"x-acs-action: SetDomain", "x-acs-date: 2024-05-01T12:00:00Z",
                                NULL};
    struct agw_http_xfer *x = run(h, "POST", url, hdrs, 0);
    struct agw_http_result *r = x ? agw_http_xfer_result(x) : NULL;
    CHECK(r && r->status == 200, "POST answered 200");
    CHECK(r && strcmp(agw_buf_str(&r->body), "{\"ok\":true}") == 0, "body read");
    CHECK(r && strcmp(r->retry_after, "250") == 0, "x-acs-retry-after kept");
    CHECK(strncmp(s.last_request, "POST /?A=1 HTTP/1.1\r\n", 21) == 0, "request line");
    CHECK(!has_header(s.last_request, "Content-Type"), "no Content-Type added to an empty POST");
    CHECK(!has_header(s.last_request, "Expect"), "no Expect header");
    CHECK(has_header(s.last_request, "x-acs-action") && has_header(s.last_request, "x-acs-date"),
          "the given headers are sent");
    CHECK(has_header(s.last_request, "Content-Length"), "Content-Length: 0 is sent");
    char ua[200];
    snprintf(ua, sizeof ua, "User-Agent: %s\r\n", agw_http_user_agent(h));
    CHECK(strstr(s.last_request, ua) != NULL, "User-Agent sent");
    CHECK(strncmp(agw_http_user_agent(h), "apigw-lua/" AGW_VERSION " (linux; ",
                  17 + strlen(AGW_VERSION)) == 0 &&
              strstr(agw_http_user_agent(h), ") libcurl/") != NULL,
          "User-Agent is apigw-lua/<version> (<os>; <arch>) libcurl/<version>");
    agw_http_xfer_free(h, x);

    for (int i = 0; i < 9; i++)
        agw_http_xfer_free(h, run(h, i % 2 ? "GET" : "POST", url, hdrs, 0));
    CHECK(agw_http_connects(h) == 1 && s.accepts == 1,
          "ten requests over one kept-alive connection");
    CHECK(strncmp(s.last_request, "POST", 4) == 0 || strncmp(s.last_request, "GET", 3) == 0,
          "GET and POST both served");
    agw_http_free(h);
    server_stop(&s);

    /* proxies come from the environment, as libcurl reads them: a request for a host that
     * does not resolve reaches the proxy with an absolute URI; no_proxy turns that off */
    server_start(&s, ANSWER);
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", s.port);
    setenv("http_proxy", proxy, 1);
    agw_http_new(&h, &opts, &err);
    x = run(h, "POST", "http://apigateway.example.invalid/?A=1", hdrs, 0);
    r = agw_http_xfer_result(x);
    CHECK(r->status == 200, "a request through http_proxy is answered");
    CHECK(strncmp(s.last_request, "POST http://apigateway.example.invalid/?A=1 HTTP/1.1\r\n", 54) ==
              0,
          "the proxy received the absolute URI");
    agw_http_xfer_free(h, x);
    agw_http_free(h);
    setenv("no_proxy", "example.invalid", 1);
    agw_http_new(&h, &opts, &err);
    x = run(h, "GET", "http://apigateway.example.invalid/", NULL, 0);
    r = agw_http_xfer_result(x);
    CHECK(r->status == 0 && strcmp(r->err.code, "connect") == 0,
          "no_proxy: the host is resolved directly (and fails: code connect)");
    agw_http_xfer_free(h, x);
    agw_http_free(h);
    unsetenv("http_proxy");
    unsetenv("no_proxy");
    server_stop(&s);

    /* the answer-size cap */
    server_start(&s, BIG);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
    agw_http_new(&h, &opts, &err);
    x = run(h, "GET", url, NULL, 0);
    r = agw_http_xfer_result(x);
    CHECK(r->status == 0 && strcmp(r->err.code, "InvalidResponse") == 0 &&
              strstr(r->err.message, "4096") != NULL,
          "an answer past the cap fails with InvalidResponse naming the limit");
    agw_http_xfer_free(h, x);
    agw_http_free(h);
    server_stop(&s);

    /* a server that reads and never answers: read timeout */
    server_start(&s, SILENT);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
    agw_http_new(&h, &opts, &err);
    x = run(h, "GET", url, NULL, 300);
    r = agw_http_xfer_result(x);
    CHECK(strcmp(r->err.code, "timeout") == 0 && r->err.kind == AGW_ERR_NETWORK,
          "no answer within the read timeout: code timeout");
    CHECK(r->elapsed_us >= 250000 && r->elapsed_us < 1500000,
          "the read timeout (300 ms) counts from the connection, not connect + read");
    agw_http_xfer_free(h, x);
    agw_http_free(h);
    server_stop(&s);

    /* a server that closes without answering */
    server_start(&s, CLOSE);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
    agw_http_new(&h, &opts, &err);
    x = run(h, "POST", url, NULL, 0);
    r = agw_http_xfer_result(x);
    CHECK(strcmp(r->err.code, "closed") == 0, "connection closed before an answer: code closed");
    agw_http_xfer_free(h, x);

    agw_http_free(h);
    server_stop(&s);

    /* an answer cut off in its body */
    server_start(&s, CUT);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
    agw_http_new(&h, &opts, &err);
    x = run(h, "GET", url, NULL, 0);
    r = agw_http_xfer_result(x);
    CHECK(r->status == 0 && strcmp(r->err.code, "InvalidResponse") == 0 &&
              strstr(r->err.message, "cut off") != NULL,
          "an answer cut off in its body: code InvalidResponse");
    agw_http_xfer_free(h, x);

    /* nothing listening: connect */
    int port = s.port;
    server_stop(&s);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
    x = run(h, "GET", url, NULL, 0);
    r = agw_http_xfer_result(x);
    CHECK(strcmp(r->err.code, "connect") == 0, "connection refused: code connect");
    agw_http_xfer_free(h, x);

    struct agw_http_request bad = {.method = "DELETE", .url = url, .insecure = -1};
    CHECK(agw_http_start(h, &bad, NULL, &err) == NULL && strstr(err.message, "DELETE") != NULL,
          "an unsupported method is refused by name");

    /* every libcurl option is checked: a URL past libcurl's 8 MB limit for strings is
     * refused when set, and the transfer fails at once naming the option (it used to go
     * out without a URL and come back as InvalidResponse) */
    size_t big = (size_t)9 * 1024 * 1024;
    char *long_url = malloc(big + 1);
    if (long_url) {
        memset(long_url, 'a', big);
        memcpy(long_url, url, strlen(url));
        long_url[big] = '\0';
    }
    struct agw_http_request huge = {.method = "GET", .url = long_url, .insecure = -1};
    agw_err_clear(&err);
    CHECK(long_url && agw_http_start(h, &huge, NULL, &err) == NULL &&
              strstr(err.message, "CURLOPT_URL") != NULL && err.kind == AGW_ERR_CLIENT,
          "an option libcurl refuses fails the transfer, naming the option");
    free(long_url);
    x = run(h, "GET", url, NULL, 0);
    CHECK(x && strcmp(agw_http_xfer_result(x)->err.code, "connect") == 0,
          "the transport still works after a refused option");
    agw_http_xfer_free(h, x);
    CHECK(agw_http_pending(h) == 0, "nothing left pending");
    agw_http_free(h);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
