"""The regression gate: a base worktree, instruction counts, interleaved timing and calibration."""
