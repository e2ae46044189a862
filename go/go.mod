module primes

go 1.20
