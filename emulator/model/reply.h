#ifndef AGW_EMU_REPLY_H
#define AGW_EMU_REPLY_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "modelint.h"

/* Small helpers shared by the action files: parameter access, error answers, building
 * JSON bodies without checking every allocation by hand. */

/* A parameter's value; NULL when absent. Empty values are returned as "". */
const char *agw_emu_param(const struct agw_params *p, const char *name);
/* As agw_emu_param, but "" counts as absent (NULL). */
const char *agw_emu_param_nonempty(const struct agw_params *p, const char *name);

/* Fills an error answer. Always returns 0 (so handlers can `return agw_emu_fail(...)`). */
int agw_emu_fail(struct agw_emu_answer *a, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Fills a success answer that takes body (may be NULL: an empty object). Returns 0, or -1
 * when an empty object cannot be allocated. */
int agw_emu_ok(struct agw_emu_answer *a, cJSON *body);

/* An optional boolean parameter: absent or "" leaves *out unchanged and *given 0; "true"
 * or "false" set them; anything else answers Invalid<Name> (400) and returns 1. */
int agw_emu_param_bool(const struct agw_params *p, const char *name, int *out, int *given,
                       struct agw_emu_answer *a);

/* The caller's group: it exists, is in the model's region and is owned by the caller's
 * account. NULL otherwise (the callers answer NotFoundApiGroup or their own code). */
struct agw_emu_group *agw_emu_caller_group(const struct agw_emu_model *m,
                                           const struct agw_emu_key *key, const char *id);

/* JSON builders with a sticky failure flag: after a failed allocation *bad is 1 and
 * further calls do nothing. */
void agw_emu_js(cJSON *o, const char *k, const char *v, int *bad);
void agw_emu_jn(cJSON *o, const char *k, int64_t v, int *bad);
void agw_emu_jb(cJSON *o, const char *k, int v, int *bad);
/* Adds {k: {inner: []}} and returns the inner array (the service's list wrapping). */
cJSON *agw_emu_jlist(cJSON *o, const char *k, const char *inner, int *bad);
/* Appends a new object to an array and returns it. */
cJSON *agw_emu_jitem(cJSON *arr, int *bad);
/* "YYYY-MM-DDThh:mm:ssZ". */
void agw_emu_jtime(cJSON *o, const char *k, int64_t t, int *bad);

/* NotFoundApiGroup (400) for the request's GroupId. Returns 0 (an answer was produced). */
int agw_emu_no_group(const struct agw_emu_model *m, const struct agw_params *p,
                     struct agw_emu_answer *ans);

#endif
