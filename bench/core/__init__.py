"""Bottom layer: where files are, what the manifest says, what machine this is, and the result files."""
