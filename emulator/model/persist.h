#ifndef AGW_EMU_PERSIST_H
#define AGW_EMU_PERSIST_H

#include <stddef.h>

#include "err.h"
#include "store.h"

/* The state file: a JSON snapshot of the store, replaced atomically on every write
 * (temporary file, fsync, rename, fsync of the directory), so a crash at any moment leaves
 * either the old or the new complete snapshot. */

/* The largest state file loaded (and so saved: a save past it fails rather than leave a
 * file the next start refuses). */
#define AGW_EMU_STATE_MAX ((size_t)64 * 1024 * 1024)

/* Writes the store durably. Returns 0, or -1 with err (AGW_ERR_SERVER, "InternalError"). */
int agw_emu_persist_save(const struct agw_emu_store *s, const char *path, struct agw_err *err);
/* Loads the file into an empty store. Returns 0 when loaded, 1 when the file does not
 * exist (store left empty), -1 when it cannot be read or is not a valid state file, with
 * err (AGW_ERR_CONFIG, "InvalidState") naming the file; the store is then left empty. */
int agw_emu_persist_load(struct agw_emu_store *s, const char *path, struct agw_err *err);

/* The two halves without the file, for tests and fuzzing (load, save, load gives the same
 * state). parse loads text[0..len) into an empty store as agw_emu_persist_load does, path
 * only naming it in messages; returns 0 or -1. serialise returns the snapshot's JSON text
 * (malloc'd, *len set; it holds private keys: free it with agw_wipe_free_n), or NULL when
 * out of memory. */
int agw_emu_persist_parse(struct agw_emu_store *s, const char *text, size_t len, const char *path,
                          struct agw_err *err);
char *agw_emu_persist_serialise(const struct agw_emu_store *s, size_t *len);

#endif
