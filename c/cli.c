/* cli.c: argument parsing and output shared by the C programs. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return false;
    }
    return true;
}

/* strtoll alone would take spaces, signs and "0x"; checking for plain digits first leaves it only
 * the range to judge. */
static bool parse_digits(const char *s, long long max, long long *value)
{
    if (!all_digits(s))
        return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max)
        return false;
    *value = v;
    return true;
}

/* Writes arg into out as errors show it: printable ASCII as is, any other byte (and the backslash)
 * as \xNN, at most SHOWN bytes of arg then "...", so that an error stays one short line. */
#define SHOWN 32
static const char *shown(const char *arg, char *out, size_t size)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)arg;
    for (size_t i = 0; p[i] != '\0' && n + 5 < size; i++) {
        if (i == SHOWN) {
            snprintf(out + n, size - n, "...");
            return out;
        }
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
            out[n++] = (char)p[i];
        else
            n += (size_t)snprintf(out + n, size - n, "\\x%02x", p[i]);
    }
    out[n] = '\0';
    return out;
}

static bool is_option(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0' && (arg[1] < '0' || arg[1] > '9');
}

enum cli_result cli_parse(int argc, char *const argv[], bool parallel, struct cli_args *args,
                          char *error, size_t error_size)
{
    const char *limit_text = NULL;
    const char *threads_text = NULL;
    bool threads_given = false;
    char quoted[4 * SHOWN + 8];

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
            return CLI_HELP;
        if (parallel && (strcmp(arg, "--threads") == 0 || strncmp(arg, "--threads=", 10) == 0)) {
            if (threads_given) {
                snprintf(error, error_size, "--threads given more than once");
                return CLI_ERROR;
            }
            threads_given = true;
            if (arg[9] == '=') {
                threads_text = arg + 10;
            } else if (i + 1 < argc) {
                threads_text = argv[++i];
            } else {
                snprintf(error, error_size, "--threads needs a value");
                return CLI_ERROR;
            }
        } else if (is_option(arg)) {
            snprintf(error, error_size, "unknown option '%s'", shown(arg, quoted, sizeof quoted));
            return CLI_ERROR;
        } else if (limit_text != NULL) {
            snprintf(error, error_size, "unexpected argument '%s'",
                     shown(arg, quoted, sizeof quoted));
            return CLI_ERROR;
        } else {
            limit_text = arg;
        }
    }

    if (limit_text == NULL) {
        snprintf(error, error_size, "missing LIMIT");
        return CLI_ERROR;
    }
    long long limit = 0;
    if (!parse_digits(limit_text, INT64_MAX, &limit)) {
        snprintf(error, error_size,
                 "invalid LIMIT '%s': expected plain decimal digits, 0 to 9223372036854775807",
                 shown(limit_text, quoted, sizeof quoted));
        return CLI_ERROR;
    }
    long long threads = 0;
    if (threads_given &&
        (!parse_digits(threads_text, CLI_MAX_THREADS, &threads) || threads < 1)) {
        snprintf(error, error_size, "invalid --threads '%s': expected an integer from 1 to %d",
                 shown(threads_text, quoted, sizeof quoted), CLI_MAX_THREADS);
        return CLI_ERROR;
    }
    args->limit = (int64_t)limit;
    args->threads = (int)threads;
    return CLI_RUN;
}

void cli_usage(const char *program, bool parallel)
{
    printf("usage: %s%s LIMIT\n", program, parallel ? " [--threads N]" : "");
    printf("Print how many primes are below LIMIT, counted by trial division.\n");
    printf("LIMIT: plain decimal digits, 0 to 9223372036854775807.\n");
    if (parallel)
        printf("--threads N: worker threads, 1 to %d (default: every CPU it may use).\n",
               CLI_MAX_THREADS);
}

int cli_print_count(const char *program, int64_t count)
{
    errno = 0;
    printf("%lld\n", (long long)count);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: writing the result failed: %s\n", program,
                errno != 0 ? strerror(errno) : "unknown error");
        return 1;
    }
    return 0;
}

const char *cli_program_name(const char *argv0)
{
    if (argv0 == NULL || *argv0 == '\0')
        return "count_primes";
    const char *slash = strrchr(argv0, '/');
    return slash != NULL ? slash + 1 : argv0;
}
