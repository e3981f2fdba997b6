"""Renderings of the whole publication in many styles and three engines (see matrix.py)."""
