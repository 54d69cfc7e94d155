#ifndef AGW_CANON_H
#define AGW_CANON_H

#include "params.h"
#include "writer.h"

/* Internal to runtime/sign: the canonical forms both schemes share. Both write through an
 * agw_writer (check it with agw_writer_finish) and return -1 only when a scratch array
 * could not be allocated. Neither modifies its input list. */

/* The canonical query string: the entries of params (decoded) sorted by raw name with
 * strcmp (stable, so repeated names keep their order), each as pe(name) "=" pe(value),
 * joined by '&'; an empty value gives "name=". Entries named skip (when not NULL) are left
 * out (the RPC scheme never signs "Signature"). params may be NULL. */
int agw_canon_query(struct agw_writer *w, const struct agw_params *params, const char *skip);

/* V3 canonical headers. Keeps the headers whose lower-cased name is "host", "content-type" or
 * starts with "x-acs-"; lower-cases the name, trims leading/trailing whitespace of the value and
 * sorts by name. Names that occur more than once (in any case) become one entry whose values
 * are sorted and joined by ','. Writes "name:value\n" per entry to canon and the names joined
 * by ';' to signed_names. headers may be NULL. */
int agw_canon_headers(struct agw_writer *canon, struct agw_writer *signed_names,
                      const struct agw_params *headers);

#endif
