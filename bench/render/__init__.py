"""Rendering result records into Markdown tables, SVG figures and the README's block; measures nothing."""
