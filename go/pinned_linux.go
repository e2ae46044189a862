package primes

import (
	"errors"
	"syscall"
	"unsafe"
)

// cpuSet is the kernel's cpu_set_t: one bit per CPU, for up to 1024 CPUs.
type cpuSet [16]uint64

// allowedCPUs lists the CPUs the calling thread may run on.
func allowedCPUs() ([]int, error) {
	var set cpuSet
	_, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(set),
		uintptr(unsafe.Pointer(&set)))
	if errno != 0 {
		return nil, errno
	}
	var cpus []int
	for cpu := 0; cpu < len(set)*64; cpu++ {
		if set[cpu/64]&(1<<(cpu%64)) != 0 {
			cpus = append(cpus, cpu)
		}
	}
	if len(cpus) == 0 {
		return nil, errors.New("no CPU in this process's affinity mask")
	}
	return cpus, nil
}

// pinThread keeps the calling OS thread on cpu.
func pinThread(cpu int) error {
	var set cpuSet
	set[cpu/64] |= 1 << (cpu % 64)
	_, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(set),
		uintptr(unsafe.Pointer(&set)))
	if errno != 0 {
		return errno
	}
	return nil
}
