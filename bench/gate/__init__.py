"""bench.gate.compare, the name bench/commands/common.py imports the gate's defaults by: bench/studies/gate.py."""

from bench.studies import gate as compare  # noqa: F401
