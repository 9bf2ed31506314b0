"""One module per output format; each has ``render(document, terminal) -> str`` and nothing else."""
