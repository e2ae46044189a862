"""The primes benchmark harness: manifest, runner, report and regression gate."""
