"""Shell completion of values: therapy ids and brands, trial ids, endpoint measures, schema names.

Imported only while the shell asks for candidates (the hooks in ``msdmt.cli``
import it lazily), so it costs nothing at start-up. Candidates come from the
catalog of the data in use: the bundled data (unless ``--no-bundled``) with the
``--data-dir`` directories on the command line before the word being completed
(else those of ``MSDMT_DATA_DIR``) added, read through ``msdmt.open()`` and so
from the validated-data cache a lookup uses.

A word fits a candidate when the candidate begins with it, without regard to
case, β/beta or punctuation (``msdmt.data.text.normalize``): ``ca`` offers
CARE-MS-I, ``Lem`` offers Lemtrada, ``interferon-β`` the interferon ids.
Completion never fails loudly: whatever goes wrong (a broken data directory, an
unreadable cache, a bug) gives no candidates and nothing on stderr, and the
shell falls back to its own completion.

Choices that are Enums (route, comparator, category, sort, format) are
completed by typer's Choice type itself, also without regard to case.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from msdmt.data.text import normalize

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog


class Names(NamedTuple):
    """The names of one record, as completion offers them."""

    main: Sequence[str]  # offered whenever they fit: an id, a brand
    other: Sequence[str]  # offered only when no main name fits: one-word aliases
    every: Sequence[str]  # every name a lookup accepts, one-word or not


class Candidate(str):
    """A completion value that begins with a typed word when their lookup keys do (case, β/beta, punctuation folded).

    typer (0.27 and 0.28) keeps a value returned by an ``autocompletion``
    function only if ``value.startswith(incomplete)``, which is case-sensitive;
    the shell then puts the value in place of the typed word. Folding that test
    here is what lets ``trial ca`` complete to ``CARE-MS-I`` in bash and fish
    (zsh filters the candidates again itself, by its own ``matcher-list``).
    """

    __slots__ = ()

    def startswith(self, prefix: Any, *bounds: Any) -> bool:
        if isinstance(prefix, str) and not bounds:
            return fits(str(self), prefix)
        return super().startswith(prefix, *bounds)


def fits(value: str, typed: str) -> bool:
    """Whether ``value`` begins with ``typed``, both folded as names are for lookup."""
    return normalize(value).startswith(normalize(typed))


# -- the candidates of each kind of value ---------------------------------------------
def therapies(ctx: Any, incomplete: str) -> list[str]:
    """Therapy ids and brands (``alemtuzumab``, ``Lemtrada``); a one-word alias (``DMF``, ``GA``) when neither fits.

    Only the first word of a name is completed: the later words of an unquoted
    name (``therapy interferon beta-1a sc``) are left to the person typing.
    """
    if _given(ctx, "name"):
        return []
    return pick([_names(t, ("id", "brand"), ("name", "generic")) for t in _catalog(ctx).data["therapies"]], incomplete)


def trial(ctx: Any, incomplete: str) -> list[str]:
    """Trial ids (``CARE-MS-I``); a one-word alias (``CAREMS1``, ``7yr``) when the id does not fit.

    Only the first word is completed, as for therapies.
    """
    if _given(ctx, "trial_id"):
        return []
    return pick([_names(t, ("id",), ("name",)) for t in _catalog(ctx).data["trials"]], incomplete)


def trials(ctx: Any, incomplete: str) -> list[str]:
    """Trial ids for ``compare``: every word is an id, and trials already named are not offered again."""
    cat = _catalog(ctx)
    named = set(_trial_ids(cat, _given(ctx, "trial_ids"), each=True))
    return pick([_names(t, ("id",), ("name",)) for t in cat.data["trials"] if t["id"] not in named], incomplete)


def endpoints(ctx: Any, incomplete: str) -> list[str]:
    """Endpoint measures (``arr``, ``relapse-free``, ``edss-mean-change``) of the trials named, or of every trial.

    For an ``--endpoint`` option of ``trial`` and ``compare``. A measure is the
    slug the data files give to what an endpoint measures; trials share it where
    their labels differ ("ARR, end of study", "Annualized relapse rate").
    """
    cat = _catalog(ctx)
    named = _trial_ids(cat, _given(ctx, "trial_id"), each=False) + _trial_ids(cat, _given(ctx, "trial_ids"), each=True)
    records = [r for i in dict.fromkeys(named) for r in cat.trial_reports(i)] or cat.data["trials"]
    measures = dict.fromkeys(e["measure"] for t in records for e in t["endpoints"] if e.get("measure"))
    return [m for m in measures if fits(m, incomplete)]


def schema_commands(ctx: Any, incomplete: str) -> list[str]:
    """The names ``msdmt schema`` takes, from the view definitions (which do not import Pydantic)."""
    from msdmt.core.views import VIEWS

    return [name for name in VIEWS if fits(name, incomplete)]


KINDS: dict[str, Callable[[Any, str], list[str]]] = {
    "therapy": therapies,
    "trial": trial,
    "trials": trials,
    "endpoint": endpoints,
    "schema": schema_commands,
}


def candidates(kind: str, ctx: Any, incomplete: str) -> list[str]:
    """The values of ``kind`` (a key of KINDS) that complete ``incomplete``: none, silently, on any failure."""
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            return [Candidate(v) for v in KINDS[kind](ctx, incomplete)]
    except Exception:  # noqa: BLE001 - a completion must never show a traceback or an error
        return []


def pick(records: Iterable[Names], incomplete: str) -> list[str]:
    """The names that fit ``incomplete``, record by record: its main names, or else its other names; no name twice.

    Other names are left out altogether when the word also begins a name that
    cannot be offered (one with a space) of a record that would then go unseen:
    ``ifn`` begins IFNB-1b but also "IFN β-1a IM", and offering IFNB-1b alone
    would steer the person to one of three therapies.
    """
    main: dict[str, str] = {}
    other: dict[str, str] = {}
    unseen = False
    for names in records:
        fitting = [n for n in names.main if fits(n, incomplete)]
        for name in fitting:
            main.setdefault(normalize(name), name)
        if fitting or not incomplete:
            continue
        fitting = [n for n in names.other if fits(n, incomplete)]
        for name in fitting:
            other.setdefault(normalize(name), name)
        unseen = unseen or (not fitting and any(fits(n, incomplete) for n in names.every))
    if not unseen:
        for key, name in other.items():
            main.setdefault(key, name)
    return list(main.values())


# -- helpers ----------------------------------------------------------------------------
def _catalog(ctx: Any) -> Catalog:
    """The catalog of the data the command will use, as parsed so far: the bundled data (unless
    ``--no-bundled``) with the ``--data-dir`` directories, else those of ``MSDMT_DATA_DIR``, added."""
    import os

    import msdmt
    from msdmt.cli import data_directories

    root = ctx.find_root() if ctx is not None else None
    params = root.params if root is not None else {}
    dirs = data_directories(params.get("data_dirs"), os.environ.get("MSDMT_DATA_DIR"))
    return msdmt.open(dirs, bundled=not params.get("no_bundled"))  # no data at all: an error, so no candidates


def _given(ctx: Any, param: str) -> list[str]:
    """The words already given to a parameter of the command being completed (not the word being typed)."""
    if ctx is None or param not in ctx.params:
        return []
    value = ctx.params[param]
    if not value and any(p.name == param and p.param_type_name == "argument" for p in ctx.command.params):
        # An option still waiting for its value (the one being completed) stops click's parsing before
        # the arguments are assigned, and leaves their words in ctx.args (pallets/click#2184).
        value = ctx.args
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _trial_ids(cat: Catalog, words: list[str], *, each: bool) -> list[str]:
    """Ids of the trials that words name: each word a trial (``compare``), or all words one name (``trial``)."""
    names = words if each else [" ".join(words)] if words else []
    ids = []
    for name in names:
        with contextlib.suppress(Exception):
            ids.append(cat.find_trial(name)["id"])
    return ids


def _names(record: dict[str, Any], main: tuple[str, ...], more: tuple[str, ...]) -> Names:
    """A record's names: ``main`` fields; one-word aliases; every name (``main``, ``more`` fields and aliases)."""
    aliases = [a for a in record.get("aliases") or () if a]
    every = [record[f] for f in main + more if record.get(f)] + aliases
    one_word = [a for a in aliases if not any(c.isspace() for c in a)]  # a shell would split one with a space
    return Names([record[f] for f in main if record.get(f)], one_word, every)
