/* agw_http_free releases every transfer of the transport, whatever its state: running (here
 * connected to a server that accepts nothing and never answers), finished but not
 * collected, and collected but not yet freed. Checked here: every block the transport
 * allocated itself is freed (the allocation calls of runtime/ are counted: the test is
 * linked with --wrap for malloc, calloc, realloc and free), the running transfer's
 * connection is closed and no file descriptor stays open. libcurl's own memory (the easy
 * handles) is checked by running this under ASan and valgrind. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "http.h"

/* A socket that listens and never accepts: the kernel completes the handshake from the
 * backlog and takes the request, and no answer ever comes. Returns the fd, port in *port. */
static int silent_listener(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 16) ||
        getsockname(fd, (struct sockaddr *)&a, &len))
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

static struct agw_http_xfer *start(struct agw_http *h, const char *url)
{
    const char *const hdrs[] = {"x-acs-security-token: not-a-real-token", NULL};
    struct agw_http_request req = {.method = "POST",
                                   .url = url,
                                   .headers = hdrs,
                                   .body = "A=1",
                                   .body_len = 3,
                                   .insecure = -1,
                                   .secret = 1}; /* takes the wiping path when freed */
    struct agw_err err;
    agw_err_clear(&err);
    return agw_http_start(h, &req, NULL, &err);
}

/* Blocks allocated and not freed by the code linked into this program (not libcurl's). */
static long live_blocks;

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    if (p) live_blocks++;
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    void *p = __real_calloc(k, n);
    if (p) live_blocks++;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q = __real_realloc(p, n);
    if (!p && q) live_blocks++;
    return q;
}

void __wrap_free(void *p)
{
    if (p) live_blocks--;
    __real_free(p);
}

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Accepts the connection waiting on fd and reads it to its end: 1 when the peer closed it
 * (end of file within a second), 0 when it is still open. */
static int peer_closed(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 1000) != 1) return 0;
    int c = accept(fd, NULL, NULL);
    if (c < 0) return 0;
    int closed = 0;
    char buf[4096];
    for (;;) {
        struct pollfd q = {.fd = c, .events = POLLIN};
        if (poll(&q, 1, 1000) != 1) break;
        ssize_t r = recv(c, buf, sizeof buf, 0);
        if (r <= 0) {
            closed = 1;
            break;
        }
    }
    close(c);
    return closed;
}

/* One transport with a transfer in each state, freed with all of them still owned by it. */
static void round_trip(int silent_fd, const char *silent_url, const char *refused_url)
{
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_http *h = NULL;
    CHECK(agw_http_new(&h, NULL, &err) == 0);
    if (!h) return;
    struct agw_http_xfer *running = start(h, silent_url);
    struct agw_http_xfer *collected = start(h, refused_url);
    CHECK(running && collected);
    /* until the refused one has finished (the silent one has connected by then too) */
    for (int i = 0; i < 50 && !(collected && agw_http_xfer_done(collected)); i++)
        agw_http_poll(h, 20, &err);
    CHECK(collected && agw_http_xfer_done(collected));
    CHECK(agw_http_next_done(h) == collected);
    struct agw_http_xfer *uncollected = start(h, refused_url);
    for (int i = 0; i < 50 && !(uncollected && agw_http_xfer_done(uncollected)); i++)
        agw_http_poll(h, 20, &err);
    CHECK(uncollected && agw_http_xfer_done(uncollected));
    CHECK(running && !agw_http_xfer_done(running));
    CHECK(agw_http_pending(h) == 2); /* running + finished, not collected */
    agw_http_free(h);                /* owns all three */
    CHECKF(peer_closed(silent_fd), "the running transfer's connection is closed by free");
}

int main(void)
{
    int port = 0, refused_port = 0;
    int fd = silent_listener(&port);
    int gone = silent_listener(&refused_port); /* a port nothing listens on once closed */
    CHECK(fd >= 0 && gone >= 0);
    close(gone);
    char silent_url[64], refused_url[64];
    snprintf(silent_url, sizeof silent_url, "http://127.0.0.1:%d/", port);
    snprintf(refused_url, sizeof refused_url, "http://127.0.0.1:%d/", refused_port);

    /* keeps libcurl loaded and initialised, so that the rounds below count only what a
     * transport and its transfers hold */
    struct agw_err err;
    agw_err_clear(&err);
    struct agw_http *pin = NULL;
    CHECK(agw_http_new(&pin, NULL, &err) == 0);

    int before = open_fds();
    long blocks = live_blocks;
    for (int i = 0; i < 3; i++)
        round_trip(fd, silent_url, refused_url);
    CHECKF(live_blocks == blocks, "%ld blocks left allocated by three transports",
           live_blocks - blocks);
    int after = open_fds();
    CHECKF(after == before, "open file descriptors: %d after three transports, %d before", after,
           before);

    agw_http_free(pin);
    agw_http_free(NULL);
    close(fd);
    return check_report();
}
