#ifndef AGW_JSONWIPE_H
#define AGW_JSONWIPE_H

#include <cjson/cJSON.h>

/* cJSON_Delete frees without clearing; a tree parsed from a credentials file, a provider's
 * answer, the emulator's seed (AccessKey secrets) or its state (certificate keys) would
 * leave those secrets in freed memory. This clears every string value of the tree, then
 * deletes it. NULL is accepted. */
void agw_json_wipe_delete(cJSON *root);

#endif
