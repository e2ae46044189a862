module primes

go 1.19
