/* clock.c: clock ADDS: run ADDS dependent register-to-register integer additions, one per cycle on
 * every current core, so that the time they take gives the clock the core runs at: ADDS / seconds.
 * The addend is a register whose value the core cannot know ahead: some cores (Golden Cove and later)
 * fold chains of additions of an immediate at rename and run them faster than one per cycle.
 * Prints the sum. Only x86-64 and AArch64 have the add chain; elsewhere it says so and fails. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ADD8(insn) insn insn insn insn insn insn insn insn
#define ADD512(insn) ADD8(ADD8(ADD8(insn)))
/* Additions per turn of the loop: long enough that the loop's own instructions, which run beside the
 * chain, never sit in it. ADDS is rounded down to a multiple of it; the sum printed is what was done. */
#define PER_BLOCK 512

#if defined(__x86_64__)
#define CHAIN_STEP "add %1, %0\n\t"
#elif defined(__aarch64__)
#define CHAIN_STEP "add %0, %0, %1\n\t"
#endif

int main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "usage: clock ADDS\n");
        return 2;
    }
    char *end;
    errno = 0;
    long long adds = strtoll(argv[1], &end, 10);
    if (errno || *end || end == argv[1] || adds < 0) {
        fprintf(stderr, "clock: invalid ADDS '%s'\n", argv[1]);
        return 2;
    }
#ifdef CHAIN_STEP
    uint64_t x = 0;
    uint64_t one = 1;
    __asm__ __volatile__("" : "+r"(one)); /* a register whose value the compiler no longer knows */
    for (long long block = 0; block < adds / PER_BLOCK; block++)
        __asm__ __volatile__(ADD512(CHAIN_STEP) : "+r"(x) : "r"(one));
    printf("%" PRIu64 "\n", x);
    return 0;
#else
    fprintf(stderr, "clock: no add chain for this architecture\n");
    return 1;
#endif
}
