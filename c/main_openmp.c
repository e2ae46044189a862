/* main_openmp.c: count_primes_openmp [--threads N] LIMIT, over OpenMP threads. */
#include <omp.h>
#include <stdio.h>

#include "cli.h"
#include "count_primes.h"


int main(int argc, char *argv[])
{
    const char *program = cli_program_name(argv[0]);
    struct cli_args args;
    char error[256];

    switch (cli_parse(argc, argv, true, &args, error, sizeof error)) {
    case CLI_HELP:
        cli_usage(program, true);
        return 0;
    case CLI_ERROR:
        fprintf(stderr, "%s: %s (see --help)\n", program, error);
        return 2;
    case CLI_RUN:
        break;
    }
    /* --threads wins; otherwise OpenMP's default: OMP_NUM_THREADS where the user set it, else every
     * CPU the process may run on. */
    int threads = args.threads > 0 ? args.threads : omp_get_max_threads();
    return cli_print_count(program, count_primes_parallel(args.limit, threads));
}
