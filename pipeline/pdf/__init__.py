"""The PDF as drawn: words and shapes read once (extract), then lines, reading order and blocks (layout)."""
