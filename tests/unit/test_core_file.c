/* agw_file_read: the whole file or an error naming why, the limit exact to the byte, NULs
 * kept, pipes read as they come, and every failure leaving nothing to free. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "file.h"

static char dir[] = "/tmp/agw-core-file-XXXXXX";

static const char *put(const char *name, const char *data, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    return path;
}

static int read_err(const char *path, size_t max)
{
    struct agw_buf b;
    int e = 0;
    int rc = agw_file_read(path, max, &b, &e);
    CHECKF(rc == -1 && b.data == NULL && b.len == 0, "%s (max %zu) fails with nothing held", path,
           max);
    if (rc == 0) agw_buf_wipe_free(&b);
    return e;
}

static void test_regular(void)
{
    const char data[] = "[a]\0k=v\n";
    const char *p = put("nul", data, sizeof data - 1);
    struct agw_buf b;
    int e = 0;
    CHECK(agw_file_read(p, 64, &b, &e) == 0);
    CHECK(b.len == sizeof data - 1 && memcmp(b.data, data, b.len) == 0 && b.data[b.len] == '\0');
    agw_buf_wipe_free(&b);

    p = put("empty", "", 0);
    CHECK(agw_file_read(p, 1, &b, &e) == 0);
    CHECK(b.len == 0 && b.data && b.data[0] == '\0');
    agw_buf_wipe_free(&b);

    /* the limit is exact: max bytes are read, max + 1 are refused */
    p = put("ten", "0123456789", 10);
    CHECK(agw_file_read(p, 10, &b, &e) == 0 && b.len == 10);
    agw_buf_wipe_free(&b);
    CHECK(read_err(p, 9) == EFBIG);

    char path[256];
    snprintf(path, sizeof path, "%s/absent", dir);
    CHECK(read_err(path, 10) == ENOENT);
    CHECK(read_err(dir, 10) == EISDIR);
    CHECK(read_err("/dev/null", 10) == EINVAL);
}

/* A pipe of n bytes read through /dev/fd/N, with a writer process. */
static int read_pipe(size_t n, size_t max, struct agw_buf *b, int *e)
{
    int fd[2];
    if (pipe(fd) != 0) return -2;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        char chunk[4096];
        for (size_t i = 0; i < sizeof chunk; i++)
            chunk[i] = (char)('a' + i % 26);
        for (size_t left = n; left > 0;) {
            size_t k = left < sizeof chunk ? left : sizeof chunk;
            if (write(fd[1], chunk, k) != (ssize_t)k) _exit(0); /* the reader gave up */
            left -= k;
        }
        _exit(0);
    }
    close(fd[1]);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
    int rc = agw_file_read(path, max, b, e);
    close(fd[0]);
    waitpid(pid, NULL, 0);
    return rc;
}

static void test_pipe(void)
{
    static const size_t sizes[] = {0, 1, 65535, 65536, 65537, 300000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct agw_buf b;
        int e = 0;
        int rc = read_pipe(sizes[i], 300000, &b, &e);
        CHECKF(rc == 0 && b.len == sizes[i] && b.data[b.len] == '\0', "pipe of %zu bytes",
               sizes[i]);
        int same = 1;
        for (size_t k = 0; rc == 0 && k < b.len; k++)
            same &= b.data[k] == (char)('a' + (k % 4096) % 26);
        CHECKF(same, "pipe of %zu bytes: contents", sizes[i]);
        if (rc == 0) agw_buf_wipe_free(&b);
    }
    struct agw_buf b;
    int e = 0;
    CHECK(read_pipe(300001, 300000, &b, &e) == -1 && e == EFBIG && b.data == NULL);
    CHECK(read_pipe(70000, 65536, &b, &e) == -1 && e == EFBIG && b.data == NULL);
    CHECK(read_pipe(5, 5, &b, &e) == 0 && b.len == 5);
    agw_buf_wipe_free(&b);
}

static void test_strerror(void)
{
    char m[128];
    CHECK_STR(agw_file_strerror(ENOENT, 1, m, sizeof m), "file not found");
    CHECK_STR(agw_file_strerror(EISDIR, 1, m, sizeof m), "is a directory, not a file");
    CHECK_STR(agw_file_strerror(EFBIG, (size_t)1 << 20, m, sizeof m), "is larger than 1 MiB");
    CHECK_STR(agw_file_strerror(EFBIG, (size_t)16 << 20, m, sizeof m), "is larger than 16 MiB");
    CHECK_STR(agw_file_strerror(EFBIG, 2048, m, sizeof m), "is larger than 2 KiB");
    CHECK_STR(agw_file_strerror(EFBIG, 9, m, sizeof m), "is larger than 9 bytes");
    CHECK_STR(agw_file_strerror(EACCES, 9, m, sizeof m), strerror(EACCES));
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    test_regular();
    test_pipe();
    test_strerror();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_report();
}
