"""The one family of exceptions the domain code raises; only the command line maps them to exit codes."""

from __future__ import annotations

from collections.abc import Sequence


class MsdmtError(Exception):
    """Base class of every error msdmt reports to a person."""


class DataError(MsdmtError):
    """The data could not be read or is invalid; ``problems`` holds one ``FILE:LINE: …`` line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class NotFoundError(MsdmtError):
    """No therapy, trial or match by that name."""


class AmbiguousError(MsdmtError):
    """A name that fits more than one record; ``candidates`` holds their ids."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)


class UsageError(MsdmtError):
    """The request itself is malformed (the command line treats it like a bad option)."""
