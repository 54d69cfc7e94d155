#ifndef AGW_LXFER_H
#define AGW_LXFER_H

/* The head every transfer userdata starts with: ltransfer.c's API attempts and lcred.c's
 * credential fetches both go on the one transport, and core.poll finds a finished
 * transfer's userdata through the transport's ud pointer, whichever kind it is, and reads
 * ref from it. Both structs begin with AGW_LXFER_HEAD, so the head is declared once: a
 * reshape of either cannot move the fields core.poll reads.
 *
 *   struct lxfer { AGW_LXFER_HEAD; ...the kind's own fields... };
 *   u->x, u->http, u->ref            (the anonymous members)
 *   agw_lxfer_head(agw_http_xfer_ud(x))->ref   (core.poll, any kind)
 *
 * The union makes reading the head through either member defined (C11 6.5.2.3), and a
 * pointer to a struct converts to a pointer to its first member (6.7.2.1). */
struct agw_http_xfer;
struct agw_http;

#define AGW_LXFER_FIELDS                                                                           \
    struct agw_http_xfer *x; /* NULL once released */                                              \
    struct agw_http *http;   /* the transport it runs on */                                        \
    int ref                  /* registry reference keeping the userdata alive while it runs */

struct agw_lxfer_head {
    AGW_LXFER_FIELDS;
};

#define AGW_LXFER_HEAD                                                                             \
    union {                                                                                        \
        struct agw_lxfer_head head;                                                                \
        struct {                                                                                   \
            AGW_LXFER_FIELDS;                                                                      \
        };                                                                                         \
    }

/* The head of a transfer userdata (the ud given to agw_http_start). */
static inline struct agw_lxfer_head *agw_lxfer_head(void *ud)
{
    return (struct agw_lxfer_head *)ud;
}

#endif
