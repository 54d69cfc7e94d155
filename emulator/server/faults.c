#include "faults.h"

#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct rule {
    uint64_t every; /* fire when seq % every == 0; 0: unused */
    double p;       /* fire with this probability; 0: unused */
};

struct agw_emu_faults {
    struct rule rules[AGW_EMU_FAULT_KINDS];
    unsigned slow_ms;
    uint64_t seed;
    _Atomic uint64_t seq;
    _Atomic uint64_t counts[AGW_EMU_FAULT_KINDS];
};

static const char *const names[AGW_EMU_FAULT_KINDS] = {"none",     "reset",   "5xx",
                                                       "throttle", "garbage", "slow"};

const char *agw_emu_fault_name(enum agw_emu_fault k)
{
    return (k >= 0 && k < AGW_EMU_FAULT_KINDS) ? names[k] : "none";
}

/* splitmix64: a counter-based generator, so draw n is the same whatever the thread order. */
static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int parse_item(struct agw_emu_faults *f, const char *item, size_t n, struct agw_err *err)
{
    char buf[64];
    while (n > 0 && isspace((unsigned char)*item))
        item++, n--;
    while (n > 0 && isspace((unsigned char)item[n - 1]))
        n--;
    if (n == 0) return 0;
    if (n >= sizeof buf) goto bad;
    memcpy(buf, item, n);
    buf[n] = '\0';
    char *colon = strchr(buf, ':');
    if (!colon || colon[1] == '\0') goto bad;
    *colon = '\0';
    const char *arg = colon + 1;
    enum agw_emu_fault k = AGW_EMU_FAULT_NONE;
    for (int i = 1; i < AGW_EMU_FAULT_KINDS; i++)
        if (strcmp(buf, names[i]) == 0) k = (enum agw_emu_fault)i;
    if (k == AGW_EMU_FAULT_NONE) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Fault",
                    "unknown fault kind '%s' (expected throttle, 5xx, reset, garbage or slow)",
                    buf);
        return -1;
    }
    char *end;
    errno = 0;
    if (k == AGW_EMU_FAULT_SLOW) {
        if (f->slow_ms) goto dup;
        unsigned long ms = strtoul(arg, &end, 10);
        if (*end || !isdigit((unsigned char)*arg) || errno || ms > 600000) goto bad;
        f->slow_ms = (unsigned)ms;
        return 0;
    }
    struct rule *r = &f->rules[k];
    if (r->every || r->p > 0) goto dup;
    if (*arg == 'p') {
        double p = strtod(arg + 1, &end);
        if (*end || end == arg + 1 || errno || !(p > 0.0 && p <= 1.0)) goto bad;
        r->p = p;
    } else {
        unsigned long long e = strtoull(arg, &end, 10);
        if (*end || !isdigit((unsigned char)*arg) || errno || e == 0) goto bad;
        r->every = e;
    }
    return 0;
dup:
    agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Fault", "fault kind '%s' given twice", buf);
    return -1;
bad:
    agw_err_set(
        err, AGW_ERR_CONFIG, "Emulator.Fault",
        "bad fault '%.*s' (expected kind:K with K >= 1, kind:pP with 0 < P <= 1, or slow:MS)",
        (int)(n < 200 ? n : 200), item);
    return -1;
}

int agw_emu_faults_parse(const char *spec, uint64_t seed, struct agw_emu_faults **out,
                         struct agw_err *err)
{
    struct agw_emu_faults *f = calloc(1, sizeof *f);
    if (!f) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Fault", "out of memory");
        return -1;
    }
    f->seed = seed;
    const char *s = spec ? spec : "";
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        if (parse_item(f, s, n, err) != 0) {
            free(f);
            return -1;
        }
        s += n;
        if (*s == ',') s++;
    }
    *out = f;
    return 0;
}

void agw_emu_faults_free(struct agw_emu_faults *f)
{
    free(f);
}

enum agw_emu_fault agw_emu_faults_next(struct agw_emu_faults *f)
{
    uint64_t n = atomic_fetch_add(&f->seq, 1) + 1;
    for (int k = AGW_EMU_FAULT_RESET; k <= AGW_EMU_FAULT_GARBAGE; k++) {
        const struct rule *r = &f->rules[k];
        int fire = 0;
        if (r->every)
            fire = (n % r->every) == 0;
        else if (r->p > 0) {
            uint64_t x = splitmix(f->seed ^ splitmix(n * 8 + (uint64_t)k));
            double u = (double)(x >> 11) * (1.0 / 9007199254740992.0); /* [0,1) */
            fire = u < r->p;
        }
        if (fire) {
            atomic_fetch_add(&f->counts[k], 1);
            return (enum agw_emu_fault)k;
        }
    }
    return AGW_EMU_FAULT_NONE;
}

unsigned agw_emu_faults_slow_ms(const struct agw_emu_faults *f)
{
    return f->slow_ms;
}

void agw_emu_faults_count_slow(struct agw_emu_faults *f)
{
    atomic_fetch_add(&f->counts[AGW_EMU_FAULT_SLOW], 1);
}

uint64_t agw_emu_faults_count(const struct agw_emu_faults *f, enum agw_emu_fault k)
{
    if (k <= AGW_EMU_FAULT_NONE || k >= AGW_EMU_FAULT_KINDS) return 0;
    return atomic_load(&((struct agw_emu_faults *)f)->counts[k]);
}
