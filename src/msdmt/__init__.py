"""msdmt: an offline evidence lookup for multiple-sclerosis disease-modifying therapies.

Kept tiny on purpose: ``msdmt --version`` imports only this module and typer.
"""

__version__ = "0.1.0"
