// Command count_primes_goroutines prints how many primes are below LIMIT, counted by goroutines.
package main

import (
	"os"
	"path/filepath"

	"primes"
)

func main() {
	os.Exit(primes.Main(filepath.Base(os.Args[0]), os.Args[1:], true, os.Stdout, os.Stderr,
		func(a primes.Args) int { return primes.CountPrimesParallel(a.Limit, primes.Workers(a)) }))
}
