#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wipe.h"

#define PIPE_CHUNK ((size_t)64 * 1024)

/* Reads until end of file into data[*got..cap). 0 at end of file, 1 when cap was reached
 * first, -1 on a read error (errno set). */
static int fill(int fd, char *data, size_t cap, size_t *got)
{
    while (*got < cap) {
        ssize_t n = read(fd, data + *got, cap - *got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return 0;
        *got += (size_t)n;
    }
    return 1;
}

/* Size known: one allocation. Reading one byte more than the size tells nothing useful
 * (the file may be growing); what was there at open time is what is read. */
static char *read_sized(int fd, size_t size, size_t *len, int *err_no)
{
    char *data = malloc(size + 1);
    if (!data) {
        *err_no = ENOMEM;
        return NULL;
    }
    size_t got = 0;
    if (fill(fd, data, size, &got) < 0) {
        *err_no = errno;
        agw_wipe_free_n(data, size + 1);
        return NULL;
    }
    *len = got;
    return data;
}

/* Size unknown (a pipe): grow by doubling up to max + 1 bytes, wiping each old copy. */
static char *read_stream(int fd, size_t max, size_t *len, size_t *cap_out, int *err_no)
{
    size_t cap = max < PIPE_CHUNK ? max + 1 : PIPE_CHUNK, got = 0;
    char *data = malloc(cap + 1);
    for (;;) {
        if (!data) {
            *err_no = ENOMEM;
            return NULL;
        }
        int rc = fill(fd, data, cap, &got);
        if (rc < 0) *err_no = errno;
        if (rc == 0 && got <= max) break;
        if (rc < 0 || got > max) {
            if (rc >= 0) *err_no = EFBIG;
            agw_wipe_free_n(data, cap + 1);
            return NULL;
        }
        size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
        char *bigger = malloc(ncap + 1);
        if (bigger) memcpy(bigger, data, got);
        agw_wipe_free_n(data, cap + 1);
        data = bigger;
        cap = ncap;
    }
    *len = got;
    *cap_out = cap + 1;
    return data;
}

int agw_file_read(const char *path, size_t max, struct agw_buf *out, int *err_no)
{
    agw_buf_init(out, max + 1);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err_no = errno;
        return -1;
    }
    struct stat st;
    char *data = NULL;
    size_t len = 0, cap = 0;
    if (fstat(fd, &st) != 0) {
        *err_no = errno;
    } else if (S_ISDIR(st.st_mode)) {
        *err_no = EISDIR;
    } else if (S_ISREG(st.st_mode)) {
        if (st.st_size < 0 || (unsigned long long)st.st_size > max)
            *err_no = EFBIG;
        else if ((data = read_sized(fd, (size_t)st.st_size, &len, err_no)) != NULL)
            cap = (size_t)st.st_size + 1;
    } else if (S_ISFIFO(st.st_mode)) {
        data = read_stream(fd, max, &len, &cap, err_no);
    } else {
        *err_no = EINVAL;
    }
    close(fd);
    if (!data) return -1;
    data[len] = '\0';
    out->data = data;
    out->len = len;
    out->cap = cap;
    return 0;
}

const char *agw_file_strerror(int err_no, size_t max, char *buf, size_t n)
{
    switch (err_no) {
    case ENOENT:
        snprintf(buf, n, "file not found");
        break;
    case EISDIR:
        snprintf(buf, n, "is a directory, not a file");
        break;
    case EINVAL:
        snprintf(buf, n, "is neither a regular file nor a pipe");
        break;
    case EFBIG:
        if (max >= 1024 * 1024 && max % (1024 * 1024) == 0)
            snprintf(buf, n, "is larger than %zu MiB", max / (1024 * 1024));
        else if (max >= 1024 && max % 1024 == 0)
            snprintf(buf, n, "is larger than %zu KiB", max / 1024);
        else
            snprintf(buf, n, "is larger than %zu bytes", max);
        break;
    case ENOMEM:
        snprintf(buf, n, "out of memory");
        break;
    default:
        snprintf(buf, n, "%s", strerror(err_no));
    }
    return buf;
}
