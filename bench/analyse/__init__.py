"""Pure functions on numbers: summaries, ratios and intervals within rounds, a result file's figures."""
