#ifndef AGW_FILE_H
#define AGW_FILE_H

#include <stddef.h>

#include "buf.h"

/* The one whole-file reader (credentials, config.json, the emulator's seed, state file and
 * TLS files). Every caller names its own limit, so the same file has the same limit
 * wherever it is read. */

/* Reads the whole file at path, at most max bytes (max > 0), into out, which is initialised
 * here and NUL-terminated (out->len excludes the NUL). The caller frees out with
 * agw_buf_wipe_free: the files read this way hold secrets. A regular file is read into one
 * allocation sized from fstat, so no copy is left behind in memory freed by a growing
 * realloc (a file that grows while being read is cut at its size at open time); a pipe
 * (process substitution, /dev/stdin) is read as it comes, each outgrown copy wiped.
 * Returns 0, or -1 with out empty and *err_no set: ENOENT when the file does not exist,
 * EISDIR for a directory, EINVAL for something else that is neither a regular file nor a
 * pipe, EFBIG when it holds more than max bytes, ENOMEM, or the errno of open/read. */
int agw_file_read(const char *path, size_t max, struct agw_buf *out, int *err_no);

/* A short reason for an err_no of agw_file_read, for "cannot read <path>: <reason>":
 * "file not found", "is a directory, not a file", "is larger than 1 MiB" (max as passed to
 * agw_file_read)... Written into buf (n bytes, n >= 64) and returned. */
const char *agw_file_strerror(int err_no, size_t max, char *buf, size_t n);

#endif
