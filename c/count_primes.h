/* count_primes.h: the article's trial-division prime count, shared by the C programs. */
#ifndef COUNT_PRIMES_H
#define COUNT_PRIMES_H

#include <stdbool.h>
#include <stdint.h>

/* Whether n is prime: no i in [2, floor(sqrt(n))] divides n (the article's inner loop,
 * with 64-bit signed arithmetic as Go's int). */
static inline bool is_prime(int64_t n)
{
    if (n < 2)
        return false;
    for (int64_t i = 2; i * i <= n; i++) {
        if (n % i == 0)
            return false;
    }
    return true;
}

/* Number of primes n with 2 <= n < limit; 0 when limit <= 2. */
int64_t count_primes(int64_t limit);

/* The same count over `threads` OpenMP threads (threads >= 1). */
int64_t count_primes_parallel(int64_t limit, int threads);

#endif
