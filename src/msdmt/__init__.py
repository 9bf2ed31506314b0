"""msdmt: an offline evidence lookup for multiple-sclerosis disease-modifying therapies.

Kept tiny on purpose: ``msdmt --version`` imports only this module and typer,
and ``import msdmt`` costs next to nothing. ``msdmt.open()`` gives the catalog
that answers the same questions as the commands::

    import msdmt
    cat = msdmt.open()
    view = cat.trial("care ms 2")
    view.to_dict()  # the same as `msdmt trial care ms 2 --json`
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from msdmt.errors import AmbiguousError, DataError, MsdmtError, NotFoundError, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from msdmt.core.catalog import Catalog

__version__ = "0.1.0"
__all__ = ["open", "Catalog", "MsdmtError", "DataError", "NotFoundError", "AmbiguousError", "UsageError",
           "__version__"]


def open(data_dirs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None, *,  # noqa: A001
         bundled: bool = True) -> Catalog:
    """The catalog of the bundled data with ``data_dirs`` (one directory or several) added in order, validated
    and cached as the command line does; with ``bundled=False``, of the directories alone (``msdmt --data-dir
    DIR … --no-bundled``).

    Raises DataError (with ``problems``, one ``FILE:LINE: …`` line each) when the data is invalid, and
    UsageError when there is no data (``bundled=False`` and no directory).
    """
    from msdmt.core.catalog import Catalog

    return Catalog.open(data_dirs, bundled=bundled)


def __getattr__(name: str) -> object:
    if name == "Catalog":
        from msdmt.core.catalog import Catalog

        return Catalog
    raise AttributeError(f"module 'msdmt' has no attribute {name!r}")
