"""The one family of exceptions the domain code raises; only the CLI turns them into exit codes."""

from __future__ import annotations


class MsdmtError(Exception):
    """Base class. ``exit_code`` is what the command line exits with."""

    exit_code = 1


class DataError(MsdmtError):
    """The data could not be read or is invalid; ``problems`` holds one ``FILE:LINE: …`` line each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class NotFoundError(MsdmtError):
    """No therapy or trial by that name."""


class AmbiguousError(MsdmtError):
    """A name that fits more than one record."""


class UsageError(MsdmtError):
    """The request itself is malformed (exit code 2, like a bad option)."""

    exit_code = 2
