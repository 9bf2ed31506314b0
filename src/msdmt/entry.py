"""Console-script entry point: answers a bare ``msdmt --version`` before importing the CLI.

Version checks run in scripts and shell prompts; this keeps them at the cost
of starting Python. Everything else goes to ``msdmt.cli.main``.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"msdmt {__version__}")
        sys.exit(0)
    from .cli import main as cli_main

    cli_main()
