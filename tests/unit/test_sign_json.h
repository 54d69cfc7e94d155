#ifndef AGW_TEST_SIGN_JSON_H
#define AGW_TEST_SIGN_JSON_H

#include <cjson/cJSON.h>

#include "params.h"

/* Helpers the signing tests share to read tests/vectors/signing-vectors.json. */

/* The parsed file (a JSON array of vectors), or NULL with a message on stderr.
 * Free with cJSON_Delete. */
cJSON *agw_test_load_vectors(const char *path);
/* The vector with this name, or NULL. */
const cJSON *agw_test_find_vector(const cJSON *vectors, const char *name);
/* obj[key] when it is a string, else NULL. */
const char *agw_test_str(const cJSON *obj, const char *key);
/* Appends every string member of obj (in file order) to p. NULL obj adds nothing.
 * Returns 0, or -1 on a non-string member or out of memory. */
int agw_test_add_members(struct agw_params *p, const cJSON *obj);

#endif
