/* The emulator's state file (emulator/model/persist.c). The input is the file's text.
 * Properties: a state is refused with InvalidState, or it loads into a store whose indexes
 * find every group and binding; saving that store and loading the snapshot gives the same
 * state (the same snapshot again, byte for byte). */
#include "fuzz.h"
#include "persist.h"
#include "store.h"
#include "wipe.h"

static void check_indexes(const struct agw_emu_store *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct agw_emu_group *g = s->groups[i];
        FUZZ_CHECK(agw_emu_group_find(s, g->id) == g, "group %s is not found by its id", g->id);
        for (size_t j = 0; j < g->nbind; j++)
            FUZZ_CHECK(agw_emu_binding_find(s, g->bindings[j]->domain) == g->bindings[j],
                       "domain %s is not found", g->bindings[j]->domain);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct agw_emu_store s;
    agw_emu_store_init(&s);
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_emu_persist_parse(&s, (const char *)data, size, "state.json", &err) != 0) {
        FUZZ_CHECK(err.kind == AGW_ERR_CONFIG && strcmp(err.code, "InvalidState") == 0 &&
                       strstr(err.message, "state.json"),
                   "a refused state without InvalidState naming the file: %s %s", err.code,
                   err.message);
        FUZZ_CHECK(s.n == 0, "a refused state left %zu groups in the store", s.n);
        agw_emu_store_free(&s);
        return 0;
    }
    check_indexes(&s);
    size_t n1 = 0, n2 = 0;
    char *t1 = agw_emu_persist_serialise(&s, &n1);
    FUZZ_OOM(t1);
    struct agw_emu_store s2;
    agw_emu_store_init(&s2);
    FUZZ_CHECK(agw_emu_persist_parse(&s2, t1, n1, "saved.json", &err) == 0,
               "a saved state does not load: %s\n  %.*s", err.message, (int)(n1 < 2000 ? n1 : 2000),
               t1);
    FUZZ_CHECK(s2.n == s.n && s2.seq == s.seq, "reloaded: %zu groups, seq %llu; saved %zu, %llu",
               s2.n, (unsigned long long)s2.seq, s.n, (unsigned long long)s.seq);
    check_indexes(&s2);
    char *t2 = agw_emu_persist_serialise(&s2, &n2);
    FUZZ_OOM(t2);
    FUZZ_CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0,
               "load, save, load changed the state:\n  saved:   %.*s\n  resaved: %.*s",
               (int)(n1 < 2000 ? n1 : 2000), t1, (int)(n2 < 2000 ? n2 : 2000), t2);
    agw_wipe_free_n(t1, n1);
    agw_wipe_free_n(t2, n2);
    agw_emu_store_free(&s2);
    agw_emu_store_free(&s);
    return 0;
}
