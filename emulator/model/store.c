#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rand.h"
#include "wipe.h"

const char *const agw_emu_stage_names[AGW_EMU_NSTAGES] = {"TEST", "PRE", "RELEASE"};

void agw_emu_store_init(struct agw_emu_store *s)
{
    memset(s, 0, sizeof *s);
    agw_emu_hmap_init(&s->by_id);
    agw_emu_hmap_init(&s->by_domain);
}

void agw_emu_cert_free(struct agw_emu_cert *c)
{
    if (!c) return;
    free(c->id);
    free(c->name);
    free(c->body);
    agw_wipe_free(c->private_key);
    free(c);
}

static void binding_free(struct agw_emu_binding *b)
{
    if (!b) return;
    free(b->domain);
    free(b->wildcard_patterns);
    agw_emu_cert_free(b->cert);
    free(b);
}

static void group_free(struct agw_emu_group *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->nbind; i++)
        binding_free(g->bindings[i]);
    free(g->bindings);
    for (size_t i = 0; i < g->ntags; i++) {
        free(g->tags[i].key);
        free(g->tags[i].value);
    }
    free(g->tags);
    free(g->name);
    free(g->description);
    free(g->base_path);
    free(g->region);
    free(g->account);
    free(g->sub_domain);
    cJSON_Delete(g->attrs);
    free(g);
}

void agw_emu_store_free(struct agw_emu_store *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++)
        group_free(s->groups[i]);
    free(s->groups);
    agw_emu_hmap_free(&s->by_id);
    agw_emu_hmap_free(&s->by_domain);
    agw_emu_store_init(s);
}

int agw_emu_set_str(char **field, const char *value)
{
    char *d = strdup(value ? value : "");
    if (!d) return -1;
    free(*field);
    *field = d;
    return 0;
}

struct agw_emu_group *agw_emu_group_add(struct agw_emu_store *s, const char *id, const char *name,
                                        const char *region, const char *account,
                                        const char *description, const char *base_path,
                                        int64_t created)
{
    struct agw_emu_group *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    if (id) {
        if (strlen(id) != 32 || agw_emu_hmap_get(&s->by_id, id)) goto fail;
        memcpy(g->id, id, 33);
    } else {
        do {
            if (agw_rand_nonce(g->id) != 0) goto fail;
        } while (agw_emu_hmap_get(&s->by_id, g->id));
    }
    for (int i = 0; i < AGW_EMU_NSTAGES; i++)
        if (agw_rand_nonce(g->stage_ids[i]) != 0) goto fail;
    size_t sdlen = 32 + 1 + strlen(region) + sizeof ".alicloudapi.com";
    g->sub_domain = malloc(sdlen);
    g->name = strdup(name);
    g->region = strdup(region);
    g->account = strdup(account);
    g->description = strdup(description ? description : "");
    g->base_path = strdup(base_path && *base_path ? base_path : "/");
    g->attrs = cJSON_CreateObject();
    if (!g->sub_domain || !g->name || !g->region || !g->account || !g->description ||
        !g->base_path || !g->attrs)
        goto fail;
    snprintf(g->sub_domain, sdlen, "%s-%s.alicloudapi.com", g->id, region);
    g->created = g->modified = created;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct agw_emu_group **v = realloc(s->groups, cap * sizeof *v);
        if (!v) goto fail;
        s->groups = v;
        s->cap = cap;
    }
    if (agw_emu_hmap_put(&s->by_id, g->id, g) != 0) goto fail;
    s->groups[s->n++] = g;
    g->seq = ++s->seq;
    return g;
fail:
    group_free(g);
    return NULL;
}

struct agw_emu_group *agw_emu_group_find(const struct agw_emu_store *s, const char *id)
{
    return agw_emu_hmap_get(&s->by_id, id);
}

void agw_emu_group_remove(struct agw_emu_store *s, struct agw_emu_group *g)
{
    for (size_t i = 0; i < g->nbind; i++)
        agw_emu_hmap_del(&s->by_domain, g->bindings[i]->domain);
    agw_emu_hmap_del(&s->by_id, g->id);
    for (size_t i = 0; i < s->n; i++)
        if (s->groups[i] == g) {
            memmove(&s->groups[i], &s->groups[i + 1], (s->n - i - 1) * sizeof *s->groups);
            s->n--;
            break;
        }
    group_free(g);
}

void agw_emu_group_touch(struct agw_emu_store *s, struct agw_emu_group *g, int64_t now)
{
    g->modified = now;
    g->seq = ++s->seq;
}

struct agw_emu_binding *agw_emu_binding_find(const struct agw_emu_store *s, const char *domain)
{
    return agw_emu_hmap_get(&s->by_domain, domain);
}

struct agw_emu_binding *agw_emu_binding_add(struct agw_emu_store *s, struct agw_emu_group *g,
                                            const char *domain)
{
    if (g->nbind == g->capbind) {
        size_t cap = g->capbind ? g->capbind * 2 : 8;
        struct agw_emu_binding **v = realloc(g->bindings, cap * sizeof *v);
        if (!v) return NULL;
        g->bindings = v;
        g->capbind = cap;
    }
    struct agw_emu_binding *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->domain = strdup(domain);
    if (!b->domain || agw_emu_hmap_put(&s->by_domain, b->domain, b) != 0) {
        binding_free(b);
        return NULL;
    }
    b->group = g;
    strcpy(b->type, "INTERNET");
    g->bindings[g->nbind++] = b;
    return b;
}

void agw_emu_binding_remove(struct agw_emu_store *s, struct agw_emu_binding *b)
{
    struct agw_emu_group *g = b->group;
    agw_emu_hmap_del(&s->by_domain, b->domain);
    for (size_t i = 0; i < g->nbind; i++)
        if (g->bindings[i] == b) {
            memmove(&g->bindings[i], &g->bindings[i + 1], (g->nbind - i - 1) * sizeof *g->bindings);
            g->nbind--;
            break;
        }
    binding_free(b);
}

size_t agw_emu_group_count_type(const struct agw_emu_group *g, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nbind; i++)
        if (strcmp(g->bindings[i]->type, type) == 0) n++;
    return n;
}
