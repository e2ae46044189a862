/* test_count_primes.c: unit tests of count_primes, count_primes_parallel and cli_parse.
 * usage: test_count_primes VECTORS_FILE MAX_LIMIT (vectors above MAX_LIMIT are skipped) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "count_primes.h"

static int passed, failed;

static void check(int ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL: %s\n", what);
    }
}

static void test_vectors(const char *path, long long max_limit)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    char line[256];
    int read = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        long long limit, expected;
        if (line[0] == '#' || sscanf(line, "%lld %lld", &limit, &expected) != 2)
            continue;
        read++;
        if (limit > max_limit)
            continue;
        char what[128];
        snprintf(what, sizeof what, "count_primes(%lld) == %lld", limit, expected);
        check(count_primes(limit) == expected, what);
        for (int threads = 1; threads <= 3; threads++) {
            snprintf(what, sizeof what, "count_primes_parallel(%lld, %d) == %lld", limit, threads,
                     expected);
            check(count_primes_parallel(limit, threads) == expected, what);
        }
    }
    fclose(f);
    check(read > 0, "the vectors file holds vectors");
}


struct case_ {
    bool parallel;
    const char *argv[4];
    enum cli_result want;
    long long limit;
    int threads;
};

static void test_cli(void)
{
    static const struct case_ cases[] = {
        {false, {"1000000"}, CLI_RUN, 1000000, 0},
        {false, {"0"}, CLI_RUN, 0, 0},
        {false, {"007"}, CLI_RUN, 7, 0},
        {false, {"9223372036854775807"}, CLI_RUN, 9223372036854775807LL, 0},
        {true, {"--threads", "3", "10"}, CLI_RUN, 10, 3},
        {true, {"10", "--threads=1024"}, CLI_RUN, 10, 1024},
        {false, {"--help"}, CLI_HELP, 0, 0},
        {true, {"-h"}, CLI_HELP, 0, 0},
        {false, {NULL}, CLI_ERROR, 0, 0},
        {false, {""}, CLI_ERROR, 0, 0},
        {false, {"10", "20"}, CLI_ERROR, 0, 0},
        {false, {"abc"}, CLI_ERROR, 0, 0},
        {false, {"+10"}, CLI_ERROR, 0, 0},
        {false, {"-10"}, CLI_ERROR, 0, 0},
        {false, {" 10"}, CLI_ERROR, 0, 0},
        {false, {"10 "}, CLI_ERROR, 0, 0},
        {false, {"1_000"}, CLI_ERROR, 0, 0},
        {false, {"1e6"}, CLI_ERROR, 0, 0},
        {false, {"0x10"}, CLI_ERROR, 0, 0},
        {false, {"10.0"}, CLI_ERROR, 0, 0},
        {false, {"9223372036854775808"}, CLI_ERROR, 0, 0},
        {false, {"99999999999999999999999"}, CLI_ERROR, 0, 0},
        {false, {"--threads", "2", "10"}, CLI_ERROR, 0, 0},
        {false, {"--verbose", "10"}, CLI_ERROR, 0, 0},
        {true, {"--threads", "0", "10"}, CLI_ERROR, 0, 0},
        {true, {"--threads", "two", "10"}, CLI_ERROR, 0, 0},
        {true, {"--threads", "1025", "10"}, CLI_ERROR, 0, 0},
        {true, {"--threads=", "10"}, CLI_ERROR, 0, 0},
        {true, {"10", "--threads"}, CLI_ERROR, 0, 0},
        {true, {"--threads", "2", "--threads", "2"}, CLI_ERROR, 0, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *argv[5] = {"test"};
        int argc = 1;
        for (int i = 0; i < 3 && cases[c].argv[i] != NULL; i++)
            argv[argc++] = (char *)cases[c].argv[i];
        struct cli_args args = {-1, -1};
        char error[256] = "";
        enum cli_result got = cli_parse(argc, argv, cases[c].parallel, &args, error, sizeof error);
        char what[160];
        snprintf(what, sizeof what, "cli case %zu ('%s' ...) result %d", c,
                 argc > 1 ? argv[1] : "", (int)got);
        check(got == cases[c].want, what);
        if (got == CLI_RUN && cases[c].want == CLI_RUN)
            check(args.limit == cases[c].limit && args.threads == cases[c].threads, what);
        if (got == CLI_ERROR)
            check(error[0] != '\0' && strchr(error, '\n') == NULL, "an error is one line");
    }
    check(strcmp(cli_program_name("build/c/count_primes"), "count_primes") == 0,
          "cli_program_name strips the directory");
}

int main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s VECTORS_FILE MAX_LIMIT\n", argv[0]);
        return 2;
    }
    test_vectors(argv[1], strtoll(argv[2], NULL, 10));
    test_cli();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
