#include "quota.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"

struct bucket {
    double tokens;
    int64_t last_us;
    struct bucket *next; /* every bucket, for freeing (the map does not own its values) */
};

struct agw_emu_quota {
    pthread_mutex_t mu;
    struct agw_emu_hmap index; /* "key_id\naction" -> struct bucket * */
    struct bucket *all;
    uint64_t refused;
};

struct agw_emu_quota *agw_emu_quota_new(void)
{
    struct agw_emu_quota *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    pthread_mutex_init(&q->mu, NULL);
    agw_emu_hmap_init(&q->index);
    return q;
}

void agw_emu_quota_free(struct agw_emu_quota *q)
{
    if (!q) return;
    for (struct bucket *b = q->all, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    agw_emu_hmap_free(&q->index);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

/* The bucket of name, created full; NULL on out of memory. Called with mu held. The number of
 * buckets is bounded by the verified keys times the model's actions (the server asks only
 * for actions the model serves). */
static struct bucket *bucket_of(struct agw_emu_quota *q, const char *name, double cap,
                                int64_t now_us)
{
    struct bucket *b = agw_emu_hmap_get(&q->index, name);
    if (b) return b;
    b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->tokens = cap;
    b->last_us = now_us;
    if (agw_emu_hmap_put(&q->index, name, b) != 0) {
        free(b);
        return NULL;
    }
    b->next = q->all;
    q->all = b;
    return b;
}

int64_t agw_emu_quota_take(struct agw_emu_quota *q, const char *key_id, const char *action,
                           double rate, int64_t now_us)
{
    if (!q || !(rate > 0)) return 0;
    char name[384];
    int n = snprintf(name, sizeof name, "%s\n%s", key_id ? key_id : "", action ? action : "");
    if (n < 0 || (size_t)n >= sizeof name) return 0; /* the server's own fields are shorter */
    double cap = rate < 1 ? 1 : rate;
    int64_t wait_ms = 0;
    pthread_mutex_lock(&q->mu);
    struct bucket *b = bucket_of(q, name, cap, now_us);
    if (b) {
        if (now_us > b->last_us) {
            b->tokens += (double)(now_us - b->last_us) * rate / 1e6;
            if (b->tokens > cap) b->tokens = cap;
            b->last_us = now_us;
        }
        if (b->tokens >= 1) {
            b->tokens -= 1;
        } else {
            wait_ms = (int64_t)ceil((1 - b->tokens) * 1000 / rate);
            if (wait_ms < 1) wait_ms = 1;
            q->refused++;
        }
    }
    pthread_mutex_unlock(&q->mu);
    return wait_ms;
}

uint64_t agw_emu_quota_refused(const struct agw_emu_quota *q)
{
    if (!q) return 0;
    struct agw_emu_quota *w = (struct agw_emu_quota *)q; /* the lock only */
    pthread_mutex_lock(&w->mu);
    uint64_t n = w->refused;
    pthread_mutex_unlock(&w->mu);
    return n;
}
