#include "sort.h"

#include <stdlib.h>
#include <string.h>

/* Below this many elements insertion sort beats merging and needs no memory. */
#define SMALL 16

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    unsigned char tmp[64];
    while (size > 0) {
        size_t k = size < sizeof tmp ? size : sizeof tmp;
        memcpy(tmp, a, k);
        memcpy(a, b, k);
        memcpy(b, tmp, k);
        a += k;
        b += k;
        size -= k;
    }
}

static void insertion_sort(unsigned char *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
    unsigned char tmp[64];
    for (size_t i = 1; i < n; i++) {
        unsigned char *cur = base + i * size;
        /* Strictly greater only, so equal elements never pass each other. */
        if (cmp(cur - size, cur) <= 0) continue;
        if (size > sizeof tmp) {
            for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
                swap_bytes(base + (j - 1) * size, base + j * size, size);
            continue;
        }
        /* Find the slot, then shift the block up by one in a single move. */
        size_t j = i - 1;
        while (j > 0 && cmp(base + (j - 1) * size, cur) > 0)
            j--;
        memcpy(tmp, cur, size);
        memmove(base + (j + 1) * size, base + j * size, (i - j) * size);
        memcpy(base + j * size, tmp, size);
    }
}

/* Merges the sorted runs src[lo,mid) and src[mid,hi) into dst[lo,hi). */
static void merge(const unsigned char *src, unsigned char *dst, size_t lo, size_t mid, size_t hi,
                  size_t size, int (*cmp)(const void *, const void *))
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        if (cmp(src + j * size, src + i * size) < 0) {
            memcpy(dst + k * size, src + j * size, size);
            j++;
        } else {
            memcpy(dst + k * size, src + i * size, size);
            i++;
        }
        k++;
    }
    if (i < mid)
        memcpy(dst + k * size, src + i * size, (mid - i) * size);
    else if (j < hi)
        memcpy(dst + k * size, src + j * size, (hi - j) * size);
}

void agw_sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *a, const void *b))
{
    unsigned char *a = base;
    if (n < 2 || size == 0) return;
    if (n <= SMALL || n > (size_t)-1 / size) {
        insertion_sort(a, n, size, cmp);
        return;
    }
    unsigned char *tmp = malloc(n * size);
    if (!tmp) {
        insertion_sort(a, n, size, cmp);
        return;
    }
    /* Sorted runs of SMALL first, then bottom-up merging, ping-ponging between arrays. */
    for (size_t lo = 0; lo < n; lo += SMALL)
        insertion_sort(a + lo * size, n - lo < SMALL ? n - lo : SMALL, size, cmp);
    unsigned char *src = a, *dst = tmp;
    for (size_t width = SMALL; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(src, dst, lo, mid, hi, size, cmp);
        }
        unsigned char *t = src;
        src = dst;
        dst = t;
        if (width > n / 2) break;
    }
    if (src != a) memcpy(a, src, n * size);
    free(tmp);
}
