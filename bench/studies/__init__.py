"""The studies: each measures, analyses and tabulates one question in its own module."""
