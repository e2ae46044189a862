"""Rendering result records into Markdown, SVG figures and the README headline; measures nothing."""
