#ifndef AGW_EMU_FAULTS_H
#define AGW_EMU_FAULTS_H

#include <stdint.h>

#include "err.h"

/* Injected faults (--fault). A spec is a comma list of kind:arg where kind is throttle, 5xx,
 * reset or garbage and arg is K (every K-th request) or pK (probability K in (0,1], drawn from
 * a generator seeded by --fault-seed and keyed by the request's sequence number, so a run is
 * reproducible); slow:MS delays every answer by MS milliseconds. The sequence counts requests
 * that passed the signature checks. When several kinds fire on one request, the first of
 * reset, 5xx, throttle, garbage wins and only that one is counted. Thread-safe. */

enum agw_emu_fault {
    AGW_EMU_FAULT_NONE = 0,
    AGW_EMU_FAULT_RESET,
    AGW_EMU_FAULT_5XX,
    AGW_EMU_FAULT_THROTTLE,
    AGW_EMU_FAULT_GARBAGE,
    AGW_EMU_FAULT_SLOW, /* only counted: every answer is delayed */
    AGW_EMU_FAULT_KINDS
};

struct agw_emu_faults;

/* Parses spec (NULL or "" means no faults). Returns 0 with *out set (free with
 * agw_emu_faults_free), or -1 with err filled (code "Emulator.Fault", a message naming the bad
 * item). */
int agw_emu_faults_parse(const char *spec, uint64_t seed, struct agw_emu_faults **out,
                         struct agw_err *err);
void agw_emu_faults_free(struct agw_emu_faults *f);

/* Draws the fault for the next verified request and counts it. */
enum agw_emu_fault agw_emu_faults_next(struct agw_emu_faults *f);
/* The slow:MS delay, 0 without it. */
unsigned agw_emu_faults_slow_ms(const struct agw_emu_faults *f);
/* Counts the delay of one answer (AGW_EMU_FAULT_SLOW). */
void agw_emu_faults_count_slow(struct agw_emu_faults *f);
uint64_t agw_emu_faults_count(const struct agw_emu_faults *f, enum agw_emu_fault k);
/* "reset", "5xx", "throttle", "garbage", "slow". */
const char *agw_emu_fault_name(enum agw_emu_fault k);

#endif
