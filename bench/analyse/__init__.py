"""Pure functions on numbers: summaries, ratios, intervals, growth."""
