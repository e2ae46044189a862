/* main.c: count_primes LIMIT, one thread. */
#include <stdio.h>

#include "cli.h"
#include "count_primes.h"

int main(int argc, char *argv[])
{
    const char *program = cli_program_name(argv[0]);
    struct cli_args args;
    char error[256];

    switch (cli_parse(argc, argv, false, &args, error, sizeof error)) {
    case CLI_HELP:
        cli_usage(program, false);
        return 0;
    case CLI_ERROR:
        fprintf(stderr, "%s: %s (see --help)\n", program, error);
        return 2;
    case CLI_RUN:
        break;
    }
    return cli_print_count(program, count_primes(args.limit));
}
