/* bench/emulator: SetDomain calls per second against apigw-emulator, client included.
 * usage: emulator [SECONDS [CONNECTIONS [URL]]]   (defaults 3, 8, an in-process server)
 * The client is one thread driving a curl multi handle over CONNECTIONS keep-alive
 * connections; every call is signed with V3 (fresh nonce and timestamp). With URL, a running
 * emulator that has the built-in default seed is used instead of the in-process one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "clock.h"
#include "params.h"
#include "pe.h"
#include "rand.h"
#include "server.h"
#include "v3.h"

#define GID "3f8a1c2e9b7d4f60a5e2c8d1b4f7a903"
#define KEY_ID "LTAIbenchAccessKeyId01"
#define KEY_SECRET "benchAccessKeySecret"

static const char seed[] =
    "{\"access_keys\":[{\"id\":\"" KEY_ID "\",\"secret\":\"" KEY_SECRET "\",\"account\":\"b\"}],"
    "\"groups\":[{\"GroupId\":\"" GID "\",\"GroupName\":\"bench_group\",\"account\":\"b\"}],"
    "\"dns\":{\"api.example.com\":{\"cname\":\"" GID "-cn-hangzhou.alicloudapi.com\"}},"
    "\"icp_filed\":[\"example.com\"]}";

struct conn {
    CURL *h;
    struct curl_slist *hdrs;
    char url[512];
};

static const char *g_base, *g_host, *g_key, *g_secret;

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return sz * n;
}

/* Signs a fresh SetDomain into c. */
static int prepare(struct conn *c)
{
    char nonce[33], ts[21];
    if (agw_rand_nonce(nonce) != 0 || agw_clock_iso8601(agw_clock_now(), ts) != 0) return -1;
    struct agw_params q, hdrs;
    agw_params_init(&q);
    agw_params_init(&hdrs);
    agw_params_add(&q, "DomainName", "api.example.com");
    agw_params_add(&q, "GroupId", GID);
    struct agw_v3_request r = {.alg = AGW_V3_HMAC_SHA256,
                               .method = "POST",
                               .host = g_host,
                               .query = &q,
                               .action = "SetDomain",
                               .version = "2016-07-14",
                               .timestamp = ts,
                               .nonce = nonce,
                               .access_key_id = g_key,
                               .access_key_secret = g_secret};
    struct agw_v3_output out;
    agw_v3_output_init(&out);
    int rc = agw_v3_sign_request(&r, &hdrs, &out);
    agw_v3_output_free(&out);
    curl_slist_free_all(c->hdrs);
    c->hdrs = NULL;
    for (size_t i = 0; rc == 0 && i < hdrs.n; i++) {
        char line[1024];
        snprintf(line, sizeof line, "%s: %s", hdrs.v[i].name, hdrs.v[i].value);
        c->hdrs = curl_slist_append(c->hdrs, line);
    }
    c->hdrs = curl_slist_append(c->hdrs, "Content-Type:");
    c->hdrs = curl_slist_append(c->hdrs, "Accept:");
    snprintf(c->url, sizeof c->url, "%s/?DomainName=api.example.com&GroupId=" GID, g_base);
    curl_easy_setopt(c->h, CURLOPT_URL, c->url);
    curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->hdrs);
    agw_params_free(&q);
    agw_params_free(&hdrs);
    return rc;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 3.0;
    int nconn = argc > 2 ? atoi(argv[2]) : 8;
    if (seconds <= 0) seconds = 3.0;
    if (nconn < 1 || nconn > 256) nconn = 8;
    struct agw_emu_server *srv = NULL;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (argc > 3) {
        g_base = argv[3];
        g_key = "LTAIdemoAccessKeyId01"; /* the built-in seed's demo key (docs/emulator.md) */
        g_secret = "demoAccessKeySecretForTheEmulator";
    } else {
        struct agw_emu_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.seed_json = seed;
        cfg.seed_len = strlen(seed);
        struct agw_err err;
        agw_err_clear(&err);
        if (agw_emu_server_start(&cfg, &srv, &err) != 0) {
            fprintf(stderr, "bench/emulator: cannot start the emulator: %s\n", err.message);
            return 1;
        }
        g_base = agw_emu_server_url(srv);
        g_key = KEY_ID;
        g_secret = KEY_SECRET;
    }
    g_host = strstr(g_base, "://") ? strstr(g_base, "://") + 3 : g_base;

    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)nconn);
    struct conn *cs = calloc((size_t)nconn, sizeof *cs);
    for (int i = 0; i < nconn; i++) {
        cs[i].h = curl_easy_init();
        curl_easy_setopt(cs[i].h, CURLOPT_POST, 1L);
        curl_easy_setopt(cs[i].h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(cs[i].h, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(cs[i].h, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(cs[i].h, CURLOPT_PRIVATE, &cs[i]);
        curl_easy_setopt(cs[i].h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(cs[i].h, CURLOPT_TCP_NODELAY, 1L);
        prepare(&cs[i]);
        curl_multi_add_handle(m, cs[i].h);
    }
    long ok = 0, failed = 0;
    int64_t t0 = agw_clock_mono_us(), end = t0 + (int64_t)(seconds * 1e6);
    int running = 0, stopping = 0;
    for (;;) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *h = msg->easy_handle;
            struct conn *c;
            long status = 0;
            curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result == CURLE_OK && status == 200)
                ok++;
            else
                failed++;
            curl_multi_remove_handle(m, h);
            if (!stopping && prepare(c) == 0) curl_multi_add_handle(m, h);
        }
        if (!stopping && agw_clock_mono_us() >= end) stopping = 1;
        if (stopping && running == 0) break;
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double elapsed = (double)(agw_clock_mono_us() - t0) / 1e6;
    struct agw_emu_stats st;
    memset(&st, 0, sizeof st);
    if (srv) agw_emu_server_stats(srv, &st);
    printf("SetDomain (V3, keep-alive, %d connections, client in process): %.0f calls/s "
           "(%ld ok, %ld failed in %.2fs; peak in flight %llu)\n",
           nconn, (double)ok / elapsed, ok, failed, elapsed, (unsigned long long)st.peak_inflight);
    for (int i = 0; i < nconn; i++) {
        curl_multi_remove_handle(m, cs[i].h);
        curl_easy_cleanup(cs[i].h);
        curl_slist_free_all(cs[i].hdrs);
    }
    free(cs);
    curl_multi_cleanup(m);
    agw_emu_server_stop(srv);
    curl_global_cleanup();
    return failed && !ok ? 1 : 0;
}
