"""The primes benchmark harness, in layers (tests/test_layout.py's USES says which may import which):

core      paths, the manifest, the environment, the process runner, result files and the reference counts
analyse   statistics, and every figure of a result file, computed from its runs (standard library only)
measure   running the programs: verification, hyperfine, the rounds engine, make bench
render    Markdown tables, figures and the README's block, from result records alone
studies   a question each, measured, analysed and tabulated: the regression gate and its calibration, growth and threads
commands  the command line: one table of every make target's subcommand, arguments in, exit status out
"""
