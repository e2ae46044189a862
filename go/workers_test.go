package primes

import (
	"runtime"
	"testing"
)

func TestWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(3)
	if got := Workers(Args{Limit: 10}); got != 3 {
		t.Errorf("without --threads: %d workers, want GOMAXPROCS = 3", got)
	}
	if got := Workers(Args{Limit: 10, Threads: 2}); got != 2 || runtime.GOMAXPROCS(0) != 2 {
		t.Errorf("--threads 2: %d workers with GOMAXPROCS %d, want 2 and 2", got, runtime.GOMAXPROCS(0))
	}
}
