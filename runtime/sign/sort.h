#ifndef AGW_SORT_H
#define AGW_SORT_H

#include <stddef.h>

/* Internal to runtime/sign. A stable sort (equal elements keep their order), unlike
 * qsort. Merge sort with a temporary array; if that allocation fails it falls back to
 * an insertion sort, so it cannot fail. */
void agw_sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *a, const void *b));

#endif
