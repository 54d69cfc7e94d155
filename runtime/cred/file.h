#ifndef AGW_CRED_FILE_H
#define AGW_CRED_FILE_H

#include "buf.h"

/* Largest credentials or config file we read. */
#define AGW_CRED_FILE_MAX ((size_t)1024 * 1024)

/* Reads the whole regular file at path into out (initialised here; the caller frees it
 * with agw_buf_wipe_free, since the bytes may hold secrets). Returns 0, or -1 with
 * *err_no set: ENOENT when it does not exist, EISDIR/EINVAL for something that is not a
 * regular file, EFBIG past AGW_CRED_FILE_MAX, ENOMEM, or the errno of open/read. */
int agw_cred_file_read(const char *path, struct agw_buf *out, int *err_no);

/* A short human reason for an err_no from agw_cred_file_read. */
const char *agw_cred_file_strerror(int err_no);

#endif
