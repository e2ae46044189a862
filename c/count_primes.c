/* count_primes.c: the article's count_primes, one thread. */
#include "count_primes.h"

int64_t count_primes(int64_t limit)
{
    int64_t count = 0;
    for (int64_t n = 2; n < limit; n++) {
        if (is_prime(n))
            count++;
    }
    return count;
}
