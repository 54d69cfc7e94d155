#include "hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct agw_emu_hmap_node {
    struct agw_emu_hmap_node *next;
    void *value;
    uint64_t hash;
    char key[]; /* NUL-terminated copy */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void agw_emu_hmap_init(struct agw_emu_hmap *h)
{
    h->slots = NULL;
    h->nslots = 0;
    h->count = 0;
}

void agw_emu_hmap_free(struct agw_emu_hmap *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->nslots; i++) {
        struct agw_emu_hmap_node *n = h->slots[i];
        while (n) {
            struct agw_emu_hmap_node *next = n->next;
            free(n);
            n = next;
        }
    }
    free(h->slots);
    agw_emu_hmap_init(h);
}

static struct agw_emu_hmap_node **find(const struct agw_emu_hmap *h, const char *key, uint64_t hash)
{
    if (h->nslots == 0) return NULL;
    struct agw_emu_hmap_node **pp = &h->slots[hash & (h->nslots - 1)];
    for (; *pp; pp = &(*pp)->next)
        if ((*pp)->hash == hash && strcmp((*pp)->key, key) == 0) return pp;
    return NULL;
}

void *agw_emu_hmap_get(const struct agw_emu_hmap *h, const char *key)
{
    struct agw_emu_hmap_node **pp = find(h, key, hash_str(key));
    return pp ? (*pp)->value : NULL;
}

static int grow(struct agw_emu_hmap *h)
{
    size_t n = h->nslots ? h->nslots * 2 : 16;
    struct agw_emu_hmap_node **s = calloc(n, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < h->nslots; i++) {
        struct agw_emu_hmap_node *node = h->slots[i];
        while (node) {
            struct agw_emu_hmap_node *next = node->next;
            size_t j = (size_t)(node->hash & (n - 1));
            node->next = s[j];
            s[j] = node;
            node = next;
        }
    }
    free(h->slots);
    h->slots = s;
    h->nslots = n;
    return 0;
}

int agw_emu_hmap_put(struct agw_emu_hmap *h, const char *key, void *value)
{
    uint64_t hash = hash_str(key);
    struct agw_emu_hmap_node **pp = find(h, key, hash);
    if (pp) {
        (*pp)->value = value;
        return 0;
    }
    if (h->count + 1 > h->nslots - h->nslots / 4 || h->nslots == 0)
        if (grow(h) != 0) return -1;
    size_t klen = strlen(key);
    struct agw_emu_hmap_node *n = malloc(sizeof *n + klen + 1);
    if (!n) return -1;
    memcpy(n->key, key, klen + 1);
    n->hash = hash;
    n->value = value;
    size_t j = (size_t)(hash & (h->nslots - 1));
    n->next = h->slots[j];
    h->slots[j] = n;
    h->count++;
    return 0;
}

void agw_emu_hmap_del(struct agw_emu_hmap *h, const char *key)
{
    struct agw_emu_hmap_node **pp = find(h, key, hash_str(key));
    if (!pp) return;
    struct agw_emu_hmap_node *n = *pp;
    *pp = n->next;
    free(n);
    h->count--;
}
