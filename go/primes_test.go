package primes

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// vectors reads the suite's shared test vectors (LIMIT COUNT per line).
func vectors(t *testing.T) map[int]int {
	t.Helper()
	f, err := os.Open("../bench/vectors.txt")
	if err != nil {
		t.Fatalf("opening vectors: %v", err)
	}
	defer f.Close()
	out := map[int]int{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		limit, err1 := strconv.Atoi(fields[0])
		count, err2 := strconv.Atoi(fields[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("bad vector line %q", scanner.Text())
		}
		out[limit] = count
	}
	if len(out) == 0 {
		t.Fatal("no vectors read")
	}
	return out
}

func TestCountPrimes(t *testing.T) {
	for limit, want := range vectors(t) {
		if testing.Short() && limit > 100000 {
			continue
		}
		if got := CountPrimes(limit); got != want {
			t.Errorf("CountPrimes(%d) = %d, want %d", limit, got, want)
		}
		for _, workers := range []int{1, 2, 3, 7} {
			if got := CountPrimesParallel(limit, workers); got != want {
				t.Errorf("CountPrimesParallel(%d, %d) = %d, want %d", limit, workers, got, want)
			}
			got, err := CountPrimesParallelPinned(limit, workers)
			if runtime.GOOS != "linux" {
				if err == nil {
					t.Errorf("CountPrimesParallelPinned on %s: no error, want one", runtime.GOOS)
				}
				continue
			}
			if err != nil || got != want {
				t.Errorf("CountPrimesParallelPinned(%d, %d) = %d, %v; want %d, nil", limit, workers, got, err, want)
			}
		}
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args     []string
		parallel bool
		want     Args
		wantErr  bool
	}{
		{[]string{"1000000"}, false, Args{Limit: 1000000}, false},
		{[]string{"0"}, false, Args{}, false},
		{[]string{"007"}, false, Args{Limit: 7}, false},
		{[]string{"9223372036854775807"}, false, Args{Limit: 1<<63 - 1}, false},
		{[]string{"--threads", "3", "10"}, true, Args{Limit: 10, Threads: 3}, false},
		{[]string{"10", "--threads=1024"}, true, Args{Limit: 10, Threads: 1024}, false},
		{[]string{"--help"}, false, Args{Help: true}, false},
		{[]string{"-h", "junk"}, true, Args{Help: true}, false},
		{[]string{}, false, Args{}, true},
		{[]string{""}, false, Args{}, true},
		{[]string{"10", "20"}, false, Args{}, true},
		{[]string{"abc"}, false, Args{}, true},
		{[]string{"+10"}, false, Args{}, true},
		{[]string{"-10"}, false, Args{}, true},
		{[]string{" 10"}, false, Args{}, true},
		{[]string{"1_000"}, false, Args{}, true},
		{[]string{"1e6"}, false, Args{}, true},
		{[]string{"0x10"}, false, Args{}, true},
		{[]string{"10.0"}, false, Args{}, true},
		{[]string{"9223372036854775808"}, false, Args{}, true},
		{[]string{"--threads", "2", "10"}, false, Args{}, true},
		{[]string{"--verbose", "10"}, false, Args{}, true},
		{[]string{"--threads", "0", "10"}, true, Args{}, true},
		{[]string{"--threads", "two", "10"}, true, Args{}, true},
		{[]string{"--threads", "1025", "10"}, true, Args{}, true},
		{[]string{"10", "--threads"}, true, Args{}, true},
		{[]string{"--threads=2", "--threads=2", "10"}, true, Args{}, true},
	}
	for _, tt := range tests {
		got, err := ParseArgs(tt.args, tt.parallel)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseArgs(%q) error = %v, want error: %v", tt.args, err, tt.wantErr)
			continue
		}
		if err == nil && got != tt.want {
			t.Errorf("ParseArgs(%q) = %+v, want %+v", tt.args, got, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseArgs(%q) error %q spans lines", tt.args, err)
		}
	}
}

func TestMain(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := Main("prog", []string{"x"}, false, &stdout, &stderr, func(Args) int { return 0 })
	if status != 2 || stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), "prog: ") {
		t.Errorf("bad input: status %d, stdout %q, stderr %q", status, stdout.String(), stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	status = Main("prog", []string{"10"}, false, &stdout, &stderr, func(a Args) int { return CountPrimes(a.Limit) })
	if status != 0 || stdout.String() != "4\n" || stderr.Len() != 0 {
		t.Errorf("LIMIT 10: status %d, stdout %q, stderr %q", status, stdout.String(), stderr.String())
	}
}
