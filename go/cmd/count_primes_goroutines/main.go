// Command count_primes_goroutines prints how many primes are below LIMIT, counted by goroutines.
package main

import (
	"os"
	"path/filepath"
	"runtime"

	"primes"
)

// workers honours --threads, else GOMAXPROCS (which follows the GOMAXPROCS variable where a user
// set it, and is every online CPU otherwise).
func workers(a primes.Args) int {
	if a.Threads > 0 {
		runtime.GOMAXPROCS(a.Threads)
		return a.Threads
	}
	return runtime.GOMAXPROCS(0)
}

func main() {
	os.Exit(primes.Main(filepath.Base(os.Args[0]), os.Args[1:], true, os.Stdout, os.Stderr,
		func(a primes.Args) int { return primes.CountPrimesParallel(a.Limit, workers(a)) }))
}
