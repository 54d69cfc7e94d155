#include "jsonwipe.h"

#include <openssl/crypto.h>
#include <string.h>

static void wipe_strings(cJSON *j)
{
    /* depth follows the document's nesting, which cJSON itself bounds (CJSON_NESTING_LIMIT) */
    for (; j; j = j->next) {
        if (j->valuestring) OPENSSL_cleanse(j->valuestring, strlen(j->valuestring));
        if (j->child) wipe_strings(j->child);
    }
}

void agw_json_wipe_delete(cJSON *root)
{
    if (!root) return;
    wipe_strings(root);
    cJSON_Delete(root);
}
