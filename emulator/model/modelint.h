#ifndef AGW_EMU_MODELINT_H
#define AGW_EMU_MODELINT_H

#include "issued.h"
#include "model.h"
#include "seed.h"
#include "store.h"

/* The model's insides, shared by its action files (model.h keeps the struct opaque). */
struct agw_emu_model {
    char *region; /* the endpoint's region */
    struct agw_emu_seed seed;
    struct agw_emu_store store;
    char *state_path; /* NULL: memory only */
    int dirty;        /* set by an action that changed the store */
    struct agw_emu_issued issued; /* what the credential twins handed out */
};

/* One action: fills ans (success or a service error) and returns 0, or returns -1 on out of
 * memory or a failed random source. Sets m->dirty when it changed the store. */
typedef int (*agw_emu_action_fn)(struct agw_emu_model *m, const struct agw_emu_key *key,
                                 const struct agw_params *p, struct agw_emu_answer *ans);

#endif
