"""One module per output format, each with ``render(document, terminal) -> str``; ``ascii`` and ``sanitize`` are their shared helpers."""
