/* The emulator's seed loader (emulator/model/seed.c) and the model built from it. The input
 * is the seed's JSON text. Properties: a seed either is refused with InvalidSeed naming why,
 * or it opens a model (memory only) in which every declared key is found by its id, and
 * DescribeApiGroups answers the first key. */
#include "fuzz.h"
#include "model.h"
#include "seed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct agw_emu_seed seed;
    memset(&seed, 0, sizeof seed);
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_emu_seed_parse(&seed, text, size, &err) != 0) {
        FUZZ_CHECK(err.kind == AGW_ERR_CONFIG && strcmp(err.code, "InvalidSeed") == 0 &&
                       err.message[0],
                   "a refused seed without InvalidSeed and a reason: %s %s", err.code, err.message);
        agw_emu_seed_free(&seed);
        return 0;
    }
    FUZZ_CHECK(seed.nkeys > 0, "a seed without keys was accepted");
    for (size_t i = 0; i < seed.nkeys; i++) {
        const struct agw_emu_key *k = &seed.keys[i];
        FUZZ_CHECK(k->id && k->secret && k->account, "key %zu is incomplete", i);
        const struct agw_emu_key *found = agw_emu_hmap_get(&seed.key_index, k->id);
        FUZZ_CHECK(found && strcmp(found->id, k->id) == 0, "key %zu is not found by its id", i);
    }
    for (size_t i = 0; i < seed.ngroups; i++)
        FUZZ_CHECK(seed.groups[i].name && seed.groups[i].account, "group %zu is incomplete", i);
    agw_emu_seed_free(&seed);

    /* what the emulator does with it: open a model, answer a call */
    struct agw_emu_model *m = NULL;
    agw_err_clear(&err);
    FUZZ_CHECK(agw_emu_model_open(&m, text, size, NULL, NULL, &err) == 0,
               "a seed that parses does not open a model: %s: %s", err.code, err.message);
    const struct agw_emu_key *k = agw_emu_model_first_key(m);
    FUZZ_CHECK(k && agw_emu_model_key(m, k->id) != NULL, "the first key is not found");
    struct agw_params p;
    agw_params_init(&p);
    FUZZ_OOM(agw_params_add(&p, "PageSize", "50") == 0);
    struct agw_emu_answer ans;
    FUZZ_CHECK(agw_emu_model_call(m, k, "DescribeApiGroups", &p, &ans, &err) == 0,
               "DescribeApiGroups failed inside: %s", err.message);
    FUZZ_CHECK(ans.http_status == 200 && ans.body, "DescribeApiGroups answered %d %s",
               ans.http_status, ans.code);
    cJSON_Delete(ans.body);
    agw_params_free(&p);
    agw_emu_model_free(m);
    return 0;
}
