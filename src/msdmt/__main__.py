"""``python -m msdmt`` runs the command line."""

from msdmt.cli import main

main()
