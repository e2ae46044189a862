// Command count_primes prints how many primes are below LIMIT, by the article's trial division.
package main

import (
	"os"
	"path/filepath"

	"primes"
)

func main() {
	os.Exit(primes.Main(filepath.Base(os.Args[0]), os.Args[1:], false, os.Stdout, os.Stderr,
		func(a primes.Args) int { return primes.CountPrimes(a.Limit) }))
}
