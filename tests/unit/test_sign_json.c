#include "test_sign_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *agw_test_load_vectors(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    while (text) {
        len += fread(text + len, 1, cap - len, f);
        if (len < cap) break;
        char *bigger = realloc(text, cap * 2);
        if (!bigger) {
            free(text);
            text = NULL;
            break;
        }
        text = bigger;
        cap *= 2;
    }
    int read_error = ferror(f);
    fclose(f);
    if (!text || read_error) {
        free(text);
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!root || !cJSON_IsArray(root)) {
        fprintf(stderr, "%s is not a JSON array of vectors\n", path);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

const cJSON *agw_test_find_vector(const cJSON *vectors, const char *name)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors)
    {
        const char *n = agw_test_str(v, "name");
        if (n && strcmp(n, name) == 0) return v;
    }
    return NULL;
}

const char *agw_test_str(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

int agw_test_add_members(struct agw_params *p, const cJSON *obj)
{
    const cJSON *m;
    if (!obj) return 0;
    cJSON_ArrayForEach(m, obj)
    {
        if (!cJSON_IsString(m) || !m->string) return -1;
        if (agw_params_add(p, m->string, m->valuestring) != 0) return -1;
    }
    return 0;
}
