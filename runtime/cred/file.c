#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads into one allocation sized from fstat, so that no copy of the secrets is left
 * behind in memory freed by a growing realloc. A file that grows while being read is
 * cut at its size at open time; these files are written by rename, so that is rare. */
int agw_cred_file_read(const char *path, struct agw_buf *out, int *err_no)
{
    agw_buf_init(out, AGW_CRED_FILE_MAX);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err_no = errno;
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *err_no = errno;
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *err_no = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        close(fd);
        return -1;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > AGW_CRED_FILE_MAX) {
        *err_no = EFBIG;
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    char *data = malloc(size + 1);
    if (!data) {
        *err_no = ENOMEM;
        close(fd);
        return -1;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *err_no = errno;
            close(fd);
            out->data = data;
            out->cap = size + 1;
            agw_buf_wipe_free(out);
            return -1;
        }
        if (n == 0) break;
        got += (size_t)n;
    }
    close(fd);
    data[got] = '\0';
    out->data = data;
    out->len = got;
    out->cap = size + 1;
    return 0;
}

const char *agw_cred_file_strerror(int err_no)
{
    switch (err_no) {
    case ENOENT:
        return "file not found";
    case EISDIR:
        return "is a directory, not a file";
    case EINVAL:
        return "is not a regular file";
    case EFBIG:
        return "is larger than 1 MiB";
    case ENOMEM:
        return "out of memory";
    default:
        return strerror(err_no);
    }
}
