/* inject_slowdown.c: inject_slowdown ITERATIONS PROGRAM [ARGS...] spins ITERATIONS rounds of a fixed
 * loop, then runs PROGRAM and exits with its status: the calibration's known, added work, kept out of
 * the programs' own code. The spin runs in this process, so valgrind --trace-children=yes counts it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t spin(uint64_t iterations)
{
    volatile uint64_t state = 1;
    for (uint64_t i = 0; i < iterations; i++)
        state = state * 6364136223846793005u + 1442695040888963407u;
    return state;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "inject_slowdown: usage: inject_slowdown ITERATIONS PROGRAM [ARGS...]\n");
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long long iterations = strtoull(argv[1], &end, 10);
    if (errno != 0 || *end != '\0' || end == argv[1]) {
        fprintf(stderr, "inject_slowdown: bad ITERATIONS %s\n", argv[1]);
        return 2;
    }
    spin(iterations);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("inject_slowdown: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("inject_slowdown: exec");
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) {
        perror("inject_slowdown: waitpid");
        return 2;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
