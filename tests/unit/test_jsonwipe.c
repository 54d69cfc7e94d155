/* agw_json_wipe_delete: no string value of the tree is left in the memory it frees. cJSON's
 * allocator hooks let this test look at each block just before it is freed: with a plain
 * cJSON_Delete the marker is seen (so the check can fail), with agw_json_wipe_delete never. */
#define _GNU_SOURCE /* memmem, malloc_usable_size */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "jsonwipe.h"

static const char MARK[] = "SECRET-MARK";
static int seen; /* blocks freed that still held the marker */

static void *hook_malloc(size_t n)
{
    return malloc(n);
}

static void hook_free(void *p)
{
    if (p) {
        size_t n = malloc_usable_size(p);
        if (n >= sizeof MARK - 1 && memmem(p, n, MARK, sizeof MARK - 1)) seen++;
    }
    free(p);
}

static const char DOC[] =
    "{\"AccessKeySecret\":\"SECRET-MARK-1\",\"list\":[\"x\",{\"deep\":\"SECRET-MARK-2\"}],"
    "\"n\":1,\"SECRET-MARK-name\":true}";

int main(void)
{
    cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);

    cJSON *a = cJSON_Parse(DOC);
    CHECK(a != NULL);
    seen = 0;
    cJSON_Delete(a);
    CHECKF(seen >= 2, "a plain cJSON_Delete leaves the values (seen %d blocks)", seen);

    cJSON *b = cJSON_Parse(DOC);
    CHECK(b != NULL);
    seen = 0;
    agw_json_wipe_delete(b);
    /* a key is a name, not a secret: only the key block keeps the marker */
    CHECKF(seen == 1, "only the key's block keeps the marker after agw_json_wipe_delete (seen %d)",
           seen);

    cJSON *c = cJSON_Parse("\"SECRET-MARK-alone\"");
    CHECK(c != NULL);
    seen = 0;
    agw_json_wipe_delete(c);
    CHECKF(seen == 0, "a lone string is wiped (seen %d)", seen);

    agw_json_wipe_delete(NULL);
    return check_report();
}
