/* Shared by the fuzz targets (see tests/fuzz/README.md). Each target is one file defining
 * LLVMFuzzerTestOneInput; it is linked either with libFuzzer (clang, `make fuzz`) or with
 * replay.c (every build: ctest replays the corpus and the regression inputs).
 * Header-only, so a target needs nothing but its own file and the libraries it tests. */
#ifndef AGW_FUZZ_H
#define AGW_FUZZ_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property that does not hold is a crash for libFuzzer (it keeps the input) and a
 * failure for the replay: print what was expected, then abort. */
#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz property failed at %s:%d: %s\n  ", __FILE__, __LINE__, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Out of memory in the harness itself is not a finding of the code under test. */
#define FUZZ_OOM(p)                                                                                \
    do {                                                                                           \
        if (!(p)) {                                                                                \
            fprintf(stderr, "fuzz harness: out of memory at %s:%d\n", __FILE__, __LINE__);         \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* 1 when [s, s+n) starts with the C string prefix. */
static inline int fuzz_starts(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* 1 when the check called name is listed in $AGW_FUZZ_SKIP (a comma list). Only for exploring
 * past a known failure while its fix is under way (README.md): every check runs by default. */
static inline int fuzz_skip(const char *name)
{
    const char *list = getenv("AGW_FUZZ_SKIP");
    size_t k = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == k && memcmp(p, name, k) == 0) return 1;
        p += n + (e ? 1 : 0);
    }
    return 0;
}

/* 1 for a parameter name the client refuses in a call because the signer sets it
 * (bindings/lua/apigw/client.lua, RESERVED): harnesses that sign skip such inputs. */
static inline int fuzz_reserved_param(const char *name)
{
    static const char *const reserved[] = {"Action",           "Version",        "Format",
                                           "AccessKeyId",      "Signature",      "SignatureMethod",
                                           "SignatureVersion", "SignatureNonce", "SignatureType",
                                           "Timestamp",        "SecurityToken"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(name, reserved[i]) == 0) return 1;
    return 0;
}

#if defined(LUA_VERSION_NUM) && defined(AGW_FUZZ_LIBFUZZER)
/* Coverage of Lua code for libFuzzer, whose own instrumentation sees only C: a line hook
 * marks (chunk, line) in extra counters, which libFuzzer reads like its edge counters.
 * A target that includes lua.h before this file calls fuzz_lua_coverage(L) once on its
 * state; nothing happens in the replay builds. */
__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t fuzz_lua_lines[8192];

static void fuzz_lua_hook(lua_State *L, lua_Debug *ar)
{
    if (!lua_getinfo(L, "S", ar)) return;
    uintptr_t h = (uintptr_t)ar->source * 31u + (uintptr_t)ar->currentline;
    h ^= h >> 13;
    uint8_t *c = &fuzz_lua_lines[h % sizeof fuzz_lua_lines];
    if (*c < 255) (*c)++;
}
#define fuzz_lua_coverage(L) lua_sethook((L), fuzz_lua_hook, LUA_MASKLINE, 0)
#elif defined(LUA_VERSION_NUM)
#define fuzz_lua_coverage(L) ((void)(L))
#endif

/* The unread rest of an input. */
struct fuzz_in {
    const char *p;
    size_t n;
};

static inline struct fuzz_in fuzz_in_make(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {(const char *)data, size};
    return in;
}

/* Takes everything up to the next sep (or the end) into *s and *len and skips the separator.
 * Returns 0 once the input is used up. */
static inline int fuzz_take_until(struct fuzz_in *in, const char *sep, const char **s, size_t *len)
{
    if (in->p == NULL) return 0;
    size_t k = strlen(sep);
    const char *hit = NULL;
    for (size_t i = 0; k <= in->n && i <= in->n - k; i++)
        if (memcmp(in->p + i, sep, k) == 0) {
            hit = in->p + i;
            break;
        }
    *s = in->p;
    if (hit) {
        *len = (size_t)(hit - in->p);
        in->n -= *len + k;
        in->p = hit + k;
    } else {
        *len = in->n;
        in->p = NULL; /* the last piece, even when empty */
        in->n = 0;
    }
    return 1;
}

/* The next line, without its '\n'. */
static inline int fuzz_line(struct fuzz_in *in, const char **s, size_t *len)
{
    if (in->p && in->n == 0) {
        in->p = NULL;
        return 0;
    }
    return fuzz_take_until(in, "\n", s, len);
}

/* The next part of a multi-part input: parts are separated by a line holding only "%%"
 * (so "%%" on the first line of what is left ends an empty part). */
static inline int fuzz_part(struct fuzz_in *in, const char **s, size_t *len)
{
    if (in->p && fuzz_starts(in->p, in->n, "%%\n")) {
        *s = in->p;
        *len = 0;
        in->p += 3;
        in->n -= 3;
        return 1;
    }
    return fuzz_take_until(in, "\n%%\n", s, len);
}

/* A NUL-terminated copy (the caller frees it). */
static inline char *fuzz_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    FUZZ_OOM(d);
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Percent-decodes s (%XX, no '+') into a NUL-terminated copy, so a line of a text input can
 * carry any byte. NULL when the escape is malformed or the result holds a NUL and nul_ok is
 * 0 (the harness then skips the input: it is not one the code under test can be given). */
static inline char *fuzz_decode(const char *s, size_t n, int nul_ok, size_t *outlen)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    if (agw_pe_decode(&b, s, n, 0) != 0) {
        agw_buf_free(&b);
        return NULL;
    }
    if (!nul_ok && memchr(agw_buf_str(&b), '\0', b.len)) {
        agw_buf_free(&b);
        return NULL;
    }
    if (outlen) *outlen = b.len;
    char *d = agw_buf_take(&b);
    FUZZ_OOM(d);
    return d;
}

/* 1 when needle (a C string) occurs in [hay, hay+n). */
static inline int fuzz_contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0) return 1;
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0) return 1;
    return 0;
}

/* 1 when [s, s+n) is well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF). */
static inline int fuzz_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned min, cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

/* Secrets that must never come out: a harness writes "$S" where a secret goes, and
 * fuzz_put_secret turns it into FUZZ_MARKER, which the harness then looks for in every
 * output. An input that holds the marker itself is skipped (libFuzzer learns it from the
 * harness's own comparisons). */
#define FUZZ_MARKER "Zq9Sx7Kw"

/* Appends [s, s+n) to out with every "$S" replaced by the marker. */
static inline void fuzz_put_secret(struct agw_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == 'S') {
            FUZZ_OOM(agw_buf_appends(out, FUZZ_MARKER) == 0);
            i++;
        } else {
            FUZZ_OOM(agw_buf_appendc(out, s[i]) == 0);
        }
    }
}

/* Appends JSON text [s, s+n) to out with "$S" replaced by the marker inside the string
 * value of every member named in keys (NULL-terminated), and nowhere else. */
static inline void fuzz_json_secrets(struct agw_buf *out, const char *s, size_t n,
                                     const char *const *keys)
{
    size_t i = 0;
    while (i < n) {
        size_t k = 0;
        if (s[i] == '"')
            for (size_t j = 0; keys[j] && !k; j++) {
                size_t kl = strlen(keys[j]);
                if (n - i > kl + 1 && memcmp(s + i + 1, keys[j], kl) == 0 && s[i + 1 + kl] == '"')
                    k = kl + 2;
            }
        if (!k) {
            FUZZ_OOM(agw_buf_appendc(out, s[i++]) == 0);
            continue;
        }
        size_t v = i + k;
        while (v < n && (s[v] == ' ' || s[v] == '\t' || s[v] == '\n' || s[v] == ':'))
            v++;
        if (v >= n || s[v] != '"') {
            FUZZ_OOM(agw_buf_append(out, s + i, v - i) == 0);
            i = v;
            continue;
        }
        size_t e = v + 1;
        while (e < n && s[e] != '"')
            e += s[e] == '\\' ? 2 : 1;
        if (e > n) e = n;
        FUZZ_OOM(agw_buf_append(out, s + i, v + 1 - i) == 0);
        fuzz_put_secret(out, s + v + 1, e - v - 1);
        i = e;
    }
}

/* A private scratch directory for targets that need files, made on first use and removed
 * with its files at exit: under $TMPDIR, else /dev/shm (no disk I/O for fsync), else /tmp. */
static char fuzz_scratch[256];

static void fuzz_rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            fuzz_rm_tree(sub);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void fuzz_scratch_cleanup(void)
{
    if (fuzz_scratch[0]) fuzz_rm_tree(fuzz_scratch);
}

static inline const char *fuzz_scratch_dir(void)
{
    if (fuzz_scratch[0]) return fuzz_scratch;
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_scratch, sizeof fuzz_scratch, "%s/agw-fuzz-XXXXXX", base);
    FUZZ_CHECK(mkdtemp(fuzz_scratch) != NULL, "cannot make a scratch directory under %s", base);
    atexit(fuzz_scratch_cleanup);
    return fuzz_scratch;
}

/* Writes [s, s+n) to dir/name (replacing it). The path is returned in path[size]. */
static inline void fuzz_write_file(const char *name, const char *s, size_t n, char *path,
                                   size_t size)
{
    snprintf(path, size, "%s/%s", fuzz_scratch_dir(), name);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL, "cannot write %s", path);
    FUZZ_CHECK(fwrite(s, 1, n, f) == n && fclose(f) == 0, "cannot write %s", path);
}

/* The whole file at path into a malloc'd NUL-terminated copy, NULL when it cannot be read. */
static inline char *fuzz_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct agw_buf b;
    agw_buf_init(&b, 0);
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        FUZZ_OOM(agw_buf_append(&b, chunk, k) == 0);
    fclose(f);
    FUZZ_OOM(agw_buf_append(&b, "", 0) == 0);
    *len = b.len;
    return agw_buf_take(&b);
}

#endif
