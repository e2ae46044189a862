"""The primes benchmark harness, in layers that import only from the layers listed before them (render
also takes a study's tables and page from the study):

core      paths, the manifest, the environment, result files and the reference counts
analyse   statistics, the gate's intervals and verdicts (standard library only)
measure   running the programs: verification, hyperfine, adaptive runs, make bench
render    Markdown tables, figures and the README's block, from result records alone
studies   a question each, measured, analysed and tabulated: the regression gate and its calibration, growth and threads
commands  the command line: one table of every make target's subcommand, arguments in, exit status out
"""
