"""The regression gate: a base worktree, instruction counts, base and head timed in rounds, and calibration."""
