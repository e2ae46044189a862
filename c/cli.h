/* cli.h: the command-line contract every program of the suite obeys:
 * PROGRAM [--threads N] LIMIT, LIMIT in plain decimal digits, 0 <= LIMIT <= 2^63-1. */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_MAX_THREADS 1024

enum cli_result { CLI_RUN, CLI_HELP, CLI_ERROR };

struct cli_args {
    int64_t limit;
    int threads; /* 0 when --threads was not given */
};

/* Parses argv[1..argc-1]; --threads is accepted only when `parallel`. On CLI_ERROR, `error`
 * holds a one-line description of the problem (without the program name). */
enum cli_result cli_parse(int argc, char *const argv[], bool parallel, struct cli_args *args,
                          char *error, size_t error_size);

/* Writes the usage text for `program` to stdout. */
void cli_usage(const char *program, bool parallel);

/* Prints the count and a newline; returns the exit status (1 when stdout fails). */
int cli_print_count(const char *program, int64_t count);

/* The program's name as its errors name it: the last component of argv[0]. */
const char *cli_program_name(const char *argv0);

#endif
