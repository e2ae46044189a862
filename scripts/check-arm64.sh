#!/bin/sh
# check-arm64.sh: build every compiled program for arm64 Linux on this machine, with the flags the
# suite uses, and check what came out: the C programs with aarch64-linux-gnu-gcc (Debian package
# gcc-aarch64-linux-gnu), the Go programs with GOARCH=arm64. Where qemu-aarch64 is installed (Debian
# package qemu-user), each program also runs under it and must print the right count. Nothing here is
# x86-only when this passes.
set -eu
cd "$(dirname "$0")/.."
out=build/arm64
rm -rf "$out"
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || sh scripts/ensure-tools.sh --package gcc-aarch64-linux-gnu
sh scripts/ensure-tools.sh file
make -s -C c OUT="../$out/c" CC=aarch64-linux-gnu-gcc
make -s -C go OUT="../$out/go" GOARCH=arm64
echo "flags: C: $(make -s -C c OUT="../$out/c" CC=aarch64-linux-gnu-gcc flags-openmp)"
echo "flags: Go: $(GOARCH=arm64 make -s -C go flags)"
status=0
for program in "$out"/c/count_primes "$out"/c/count_primes_openmp "$out"/go/count_primes "$out"/go/count_primes_goroutines; do
    description=$(file -b "$program")
    echo "$program: $description"
    case "$description" in
        *"ARM aarch64"*) ;;
        *) echo "error: $program is not an arm64 program" >&2; status=1 ;;
    esac
done
if command -v qemu-aarch64 >/dev/null 2>&1; then
    for program in "$out"/c/count_primes "$out"/c/count_primes_openmp "$out"/go/count_primes "$out"/go/count_primes_goroutines; do
        got=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$program" 100000)
        echo "$program 100000 under qemu-aarch64: $got"
        [ "$got" = 9592 ] || { echo "error: expected 9592" >&2; status=1; }
    done
else
    echo "note: qemu-aarch64 is not installed (package qemu-user): the programs were built, not run"
fi
exit $status
