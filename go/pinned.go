package primes

import (
	"runtime"
	"sync"
)

// CountPrimesParallelPinned is CountPrimesParallel with each worker locked to an OS thread of its
// own and that thread kept on one CPU (round robin over the CPUs the process may use). It measures
// what placement buys goroutines; Go programs leave placement to the runtime and the kernel.
func CountPrimesParallelPinned(limit, workers int) (int, error) {
	cpus, err := allowedCPUs()
	if err != nil {
		return 0, err
	}
	var once sync.Once
	var failed error
	count := countParallel(limit, workers, func(worker int) {
		// The goroutine never unlocks: its thread, with its changed affinity, ends with it.
		runtime.LockOSThread()
		if err := pinThread(cpus[worker%len(cpus)]); err != nil {
			once.Do(func() { failed = err })
		}
	})
	return count, failed
}
