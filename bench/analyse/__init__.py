"""Pure functions on numbers: summaries, ratios, growth, the gate's intervals and verdicts."""
