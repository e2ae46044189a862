//go:build !linux

package primes

import "errors"

var errPinning = errors.New("keeping a thread on one CPU needs Linux's sched_setaffinity")

func allowedCPUs() ([]int, error) { return nil, errPinning }

func pinThread(int) error { return errPinning }
