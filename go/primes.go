// Package primes holds the article's trial-division prime count, serial and over goroutines.
package primes

import "sync"

// isPrime reports whether no i in [2, floor(sqrt(n))] divides n: the article's inner loop.
func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for i := 2; i*i <= n; i++ {
		if n%i == 0 {
			return false
		}
	}
	return true
}

// CountPrimes returns how many n with 2 <= n < limit are prime.
func CountPrimes(limit int) int {
	count := 0
	for n := 2; n < limit; n++ {
		if isPrime(n) {
			count++
		}
	}
	return count
}

// block is how many consecutive numbers a worker takes at a time. Testing n costs up to sqrt(n)
// divisions, so equal shares per worker would leave the one holding the top of the range working
// alone; handing out small blocks from a channel keeps every worker busy to the end.
const block = 1024

// CountPrimesParallel returns CountPrimes(limit), computed by the given number of goroutines
// (at least one) that take blocks of the range from a channel.
func CountPrimesParallel(limit, workers int) int {
	if workers < 1 {
		workers = 1
	}
	starts := make(chan int)
	counts := make(chan int, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := 0
			for lo := range starts {
				hi := lo + block
				if hi > limit || hi < lo {
					hi = limit
				}
				for n := lo; n < hi; n++ {
					if isPrime(n) {
						count++
					}
				}
			}
			counts <- count
		}()
	}
	for lo := 2; lo < limit; lo += block {
		starts <- lo
		if lo > limit-block {
			break // the next start would pass limit, or overflow int
		}
	}
	close(starts)
	wg.Wait()
	close(counts)
	total := 0
	for c := range counts {
		total += c
	}
	return total
}
