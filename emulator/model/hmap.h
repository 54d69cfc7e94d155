#ifndef AGW_EMU_HMAP_H
#define AGW_EMU_HMAP_H

#include <stddef.h>

/* A string-keyed hash map with chaining. The map copies keys and never owns values.
 * Used for the model's indexes (GroupId, bound domain name, AccessKeyId, DNS names),
 * so lookups stay O(1) at the 15,000 calls/s the emulator must sustain. */
struct agw_emu_hmap_node;

struct agw_emu_hmap {
    struct agw_emu_hmap_node **slots;
    size_t nslots;
    size_t count;
};

/* Zeroes the map; no allocation until the first put. */
void agw_emu_hmap_init(struct agw_emu_hmap *h);
/* Frees the nodes and key copies (not the values). NULL is a no-op. */
void agw_emu_hmap_free(struct agw_emu_hmap *h);
/* NULL when absent. */
void *agw_emu_hmap_get(const struct agw_emu_hmap *h, const char *key);
/* Inserts or replaces. Returns 0, or -1 on out of memory (map unchanged). */
int agw_emu_hmap_put(struct agw_emu_hmap *h, const char *key, void *value);
/* Removes the key if present. */
void agw_emu_hmap_del(struct agw_emu_hmap *h, const char *key);

#endif
