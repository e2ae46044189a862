/* main_openmp.c: count_primes_openmp [--threads N] LIMIT, over OpenMP threads. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "count_primes.h"

/* --threads wins; otherwise OMP_NUM_THREADS where the user set it; otherwise every online CPU. */
static int default_threads(void)
{
    if (getenv("OMP_NUM_THREADS") != NULL)
        return omp_get_max_threads();
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

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
    int threads = args.threads > 0 ? args.threads : default_threads();
    return cli_print_count(program, count_primes_parallel(args.limit, threads));
}
