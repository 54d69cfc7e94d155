#ifndef AGW_EMU_PERSIST_H
#define AGW_EMU_PERSIST_H

#include "err.h"
#include "store.h"

/* The state file: a JSON snapshot of the store, replaced atomically on every write
 * (temporary file, fsync, rename, fsync of the directory), so a crash at any moment leaves
 * either the old or the new complete snapshot. */

/* Writes the store durably. Returns 0, or -1 with err (AGW_ERR_SERVER, "InternalError"). */
int agw_emu_persist_save(const struct agw_emu_store *s, const char *path, struct agw_err *err);
/* Loads the file into an empty store. Returns 0 when loaded, 1 when the file does not
 * exist (store left empty), -1 when it cannot be read or is not a valid state file, with
 * err (AGW_ERR_CONFIG, "InvalidState") naming the file; the store is then left empty. */
int agw_emu_persist_load(struct agw_emu_store *s, const char *path, struct agw_err *err);

#endif
