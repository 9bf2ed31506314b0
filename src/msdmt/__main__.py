"""``python -m msdmt`` runs the command line."""

from msdmt.entry import main

main()
