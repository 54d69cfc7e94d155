#ifndef AGW_EMU_JSONINT_H
#define AGW_EMU_JSONINT_H

#include <stdint.h>

#include <cjson/cJSON.h>

/* Integers read from JSON (the seed, the state file). cJSON gives a double: it is checked to
 * be a whole number inside [lo, hi] before it is converted, since converting a double out of
 * an integer type's range is undefined behaviour. lo and hi must lie within +-2^53, where
 * every integer is exact as a double, so what is read is what a save writes back. */

#define AGW_EMU_JSON_INT_MAX ((int64_t)1 << 53)

/* 0 with *out set, or -1 when v is not a number, not whole, or outside [lo, hi]. */
int agw_emu_json_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out);

#endif
