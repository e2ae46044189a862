/* divider.c: divider LIMIT: what one integer division of the trial-division shape costs this core.
 *
 * Times, in this process, an add chain (one cycle per addition, as in clock.c) for the clock, then
 * streams of divisions n % i with n just below LIMIT and i from 2 to sqrt(LIMIT), as the article's
 * loop makes them: independent ones (throughput: each dividend is known ahead) and a dependent chain
 * (latency: each dividend waits for the last remainder). Each is done with the 64-bit signed divide
 * (x86-64 `idiv r64`, AArch64 `sdiv x`) and the 32-bit unsigned one (`div r32`, `udiv w`), the
 * instruction a compiler may narrow to when both values fit. Prints "name cycles" lines: cycles per
 * division at the add chain's clock, and the clock itself in MHz. */
#define _POSIX_C_SOURCE 199309L
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ADD8(insn) insn insn insn insn insn insn insn insn
#define ADD512(insn) ADD8(ADD8(ADD8(insn)))
#define REPEATS 7 /* each stream is timed this many times; the fastest counts */

#if defined(__x86_64__)
#define CHAIN_STEP "add %1, %0\n\t"

static inline int64_t rem64(int64_t n, int64_t d)
{
    int64_t quotient, remainder;
    __asm__("cqo\n\tidivq %[d]" : "=a"(quotient), "=&d"(remainder) : "a"(n), [d] "r"(d) : "cc");
    (void)quotient;
    return remainder;
}

static inline uint32_t rem32(uint32_t n, uint32_t d)
{
    uint32_t quotient, remainder;
    __asm__("xorl %%edx, %%edx\n\tdivl %[d]" : "=a"(quotient), "=&d"(remainder) : "a"(n), [d] "r"(d) : "cc");
    (void)quotient;
    return remainder;
}
#elif defined(__aarch64__)
#define CHAIN_STEP "add %0, %0, %1\n\t"

static inline int64_t rem64(int64_t n, int64_t d)
{
    int64_t q;
    __asm__("sdiv %x0, %x1, %x2" : "=r"(q) : "r"(n), "r"(d));
    return n - q * d;
}

static inline uint32_t rem32(uint32_t n, uint32_t d)
{
    uint32_t q;
    __asm__("udiv %w0, %w1, %w2" : "=r"(q) : "r"(n), "r"(d));
    return n - q * d;
}
#endif

#ifdef CHAIN_STEP
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile uint64_t sink;

static double add_chain(int64_t blocks)
{
    uint64_t x = 0, one = 1;
    __asm__ __volatile__("" : "+r"(one));
    double start = now();
    for (int64_t b = 0; b < blocks; b++)
        __asm__ __volatile__(ADD512(CHAIN_STEP) : "+r"(x) : "r"(one));
    double seconds = now() - start;
    sink = x;
    return seconds;
}

/* One pass over every (n, i) of the shape, n in [low, high) `times` times over; independent sums the
 * remainders, the dependent chain feeds each remainder's low bit into the next dividend (n or n + 1,
 * still below LIMIT + 1). */
static double pass64(int64_t low, int64_t high, int64_t times, int64_t root, int dependent)
{
    int64_t acc = 0;
    double start = now();
    for (int64_t t = 0; t < times; t++) {
        for (int64_t n = low; n < high; n++) {
            for (int64_t i = 2; i <= root; i++)
                acc = dependent ? rem64(n + (acc & 1), i) : acc + rem64(n, i);
        }
    }
    double seconds = now() - start;
    sink = (uint64_t)acc;
    return seconds;
}

static double pass32(int64_t low, int64_t high, int64_t times, int64_t root, int dependent)
{
    uint32_t acc = 0;
    double start = now();
    for (int64_t t = 0; t < times; t++) {
        for (int64_t n = low; n < high; n++) {
            for (int64_t i = 2; i <= root; i++)
                acc = dependent ? rem32((uint32_t)n + (acc & 1), (uint32_t)i) : acc + rem32((uint32_t)n, (uint32_t)i);
        }
    }
    double seconds = now() - start;
    sink = acc;
    return seconds;
}

static double fastest(double (*pass)(int64_t, int64_t, int64_t, int64_t, int), int64_t low, int64_t high,
                      int64_t times, int64_t root, int dependent)
{
    double best = INFINITY;
    for (int r = 0; r < REPEATS; r++) {
        double s = pass(low, high, times, root, dependent);
        if (s < best)
            best = s;
    }
    return best;
}
#endif

int main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "usage: divider LIMIT\n");
        return 2;
    }
    char *end;
    errno = 0;
    long long limit = strtoll(argv[1], &end, 10);
    if (errno || *end || end == argv[1] || limit < 16 || limit > UINT32_MAX) {
        fprintf(stderr, "divider: invalid LIMIT '%s': expected 16 to %" PRIu32 "\n", argv[1], UINT32_MAX);
        return 2;
    }
#ifdef CHAIN_STEP
    int64_t root = 2;
    while ((root + 1) * (root + 1) <= limit)
        root++;
    /* About 4 million divisions per pass, by the numbers just below LIMIT (no lower than LIMIT / 2, so
     * that every dividend has the loop's size: a small LIMIT goes over its window several times). */
    int64_t count_n = 4000000 / (root - 1) + 1;
    int64_t low = limit - count_n > limit / 2 ? limit - count_n : limit / 2;
    int64_t times = (count_n + (limit - low) - 1) / (limit - low);
    double divisions = (double)times * (double)(limit - low) * (double)(root - 1);
    const int64_t blocks = 1 << 13;
    double add_seconds = INFINITY;
    for (int r = 0; r < REPEATS; r++) {
        double s = add_chain(blocks);
        if (s < add_seconds)
            add_seconds = s;
    }
    double hz = (double)blocks * 512 / add_seconds;
    /* The dependent chain's own mask, addition and sign extension (x86 `cqo`, AArch64 `msub`) take cycles
     * beyond the divide: its figure includes them. */
    printf("clock_mhz %.1f\n", hz / 1e6);
    printf("div64_independent %.2f\n", fastest(pass64, low, limit, times, root, 0) * hz / divisions);
    printf("div64_dependent %.2f\n", fastest(pass64, low, limit, times, root, 1) * hz / divisions);
    printf("div32_independent %.2f\n", fastest(pass32, low, limit, times, root, 0) * hz / divisions);
    printf("div32_dependent %.2f\n", fastest(pass32, low, limit, times, root, 1) * hz / divisions);
    return 0;
#else
    fprintf(stderr, "divider: no probe for this architecture\n");
    return 1;
#endif
}
