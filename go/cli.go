package primes

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
)

// MaxThreads is the largest --threads value a program accepts.
const MaxThreads = 1024

// Args is a parsed command line: PROGRAM [--threads N] LIMIT.
type Args struct {
	Limit   int
	Threads int // 0 when --threads was not given
	Help    bool
}

// ParseArgs applies the suite's command-line contract to args (without the program name);
// --threads is accepted only when parallel is true.
func ParseArgs(args []string, parallel bool) (Args, error) {
	var parsed Args
	var limitText, threadsText string
	haveLimit, haveThreads := false, false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "--help" || arg == "-h":
			return Args{Help: true}, nil
		case parallel && (arg == "--threads" || strings.HasPrefix(arg, "--threads=")):
			if haveThreads {
				return parsed, errors.New("--threads given more than once")
			}
			haveThreads = true
			if strings.HasPrefix(arg, "--threads=") {
				threadsText = strings.TrimPrefix(arg, "--threads=")
			} else if i+1 < len(args) {
				i++
				threadsText = args[i]
			} else {
				return parsed, errors.New("--threads needs a value")
			}
		case isOption(arg):
			return parsed, fmt.Errorf("unknown option '%s'", shown(arg))
		case haveLimit:
			return parsed, fmt.Errorf("unexpected argument '%s'", shown(arg))
		default:
			limitText, haveLimit = arg, true
		}
	}
	if !haveLimit {
		return parsed, errors.New("missing LIMIT")
	}
	limit, err := parseDigits(limitText, 1<<63-1)
	if err != nil {
		return parsed, fmt.Errorf("invalid LIMIT '%s': expected plain decimal digits, 0 to 9223372036854775807", shown(limitText))
	}
	parsed.Limit = limit
	if haveThreads {
		threads, err := parseDigits(threadsText, MaxThreads)
		if err != nil || threads < 1 {
			return parsed, fmt.Errorf("invalid --threads '%s': expected an integer from 1 to %d", shown(threadsText), MaxThreads)
		}
		parsed.Threads = threads
	}
	return parsed, nil
}

// shownBytes is how much of an argument an error repeats.
const shownBytes = 32

// shown is arg as errors show it: printable ASCII as is, any other byte (and the backslash) as
// \xNN, at most shownBytes bytes then "...", so that an error stays one short line.
func shown(arg string) string {
	var b strings.Builder
	for i := 0; i < len(arg); i++ {
		if i == shownBytes {
			b.WriteString("...")
			break
		}
		if c := arg[i]; c >= 0x20 && c < 0x7f && c != '\\' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\x%02x", c)
		}
	}
	return b.String()
}

func isOption(arg string) bool {
	return len(arg) > 1 && arg[0] == '-' && (arg[1] < '0' || arg[1] > '9')
}

// parseDigits accepts only ASCII digits: strconv.Atoi alone would also take a sign or "_".
func parseDigits(s string, max int) (int, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("parsing %q: not plain decimal digits", s)
	}
	value, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parsing %q: %w", s, err)
	}
	if value > int64(max) {
		return 0, fmt.Errorf("parsing %q: above %d", s, max)
	}
	return int(value), nil
}

// Usage writes the usage text for program.
func Usage(w io.Writer, program string, parallel bool) {
	threads := ""
	if parallel {
		threads = " [--threads N]"
	}
	fmt.Fprintf(w, "usage: %s%s LIMIT\n", program, threads)
	fmt.Fprintln(w, "Print how many primes are below LIMIT, counted by trial division.")
	fmt.Fprintln(w, "LIMIT: plain decimal digits, 0 to 9223372036854775807.")
	if parallel {
		fmt.Fprintf(w, "--threads N: worker threads, 1 to %d (default: every CPU it may use).\n", MaxThreads)
	}
}

// Main runs a program of the suite: it parses args, prints the count that count returns and
// gives the exit status (2 for a bad command line, 1 when the result cannot be written).
func Main(program string, args []string, parallel bool, stdout, stderr io.Writer, count func(Args) int) int {
	parsed, err := ParseArgs(args, parallel)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v (see --help)\n", program, err)
		return 2
	}
	if parsed.Help {
		Usage(stdout, program, parallel)
		return 0
	}
	if _, err := fmt.Fprintln(stdout, count(parsed)); err != nil {
		fmt.Fprintf(stderr, "%s: writing the result failed: %v\n", program, err)
		return 1
	}
	return 0
}

// Workers is a parallel program's worker count: --threads, which also sets GOMAXPROCS, else
// GOMAXPROCS (which follows the GOMAXPROCS variable where a user set it, and is every online CPU
// otherwise).
func Workers(a Args) int {
	if a.Threads > 0 {
		runtime.GOMAXPROCS(a.Threads)
		return a.Threads
	}
	return runtime.GOMAXPROCS(0)
}
