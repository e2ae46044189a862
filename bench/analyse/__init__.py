"""Pure functions on numbers: summaries, ratios, the gate's intervals and verdicts."""
