// Command count_primes_goroutines_pinned prints how many primes are below LIMIT, counted by
// goroutines that each keep an OS thread on one CPU.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"primes"
)

func main() {
	program := filepath.Base(os.Args[0])
	os.Exit(primes.Main(program, os.Args[1:], true, os.Stdout, os.Stderr, func(a primes.Args) int {
		count, err := primes.CountPrimesParallelPinned(a.Limit, primes.Workers(a))
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: cannot pin the workers: %v\n", program, err)
			os.Exit(1)
		}
		return count
	}))
}
