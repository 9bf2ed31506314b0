"""Read untrusted YAML into plain Python data, with a line number for every path, at a bounded cost.

Only PyYAML's parser is used (the C one where available); the document is built
here from its events, so no constructor — safe or not — ever runs on the input.
That makes the rules easy to enforce in one place:

- one document; no explicit tags (``!!python/object`` is refused before anything
  is built), no anchors or aliases, no duplicate keys, scalar keys only;
- bounds on the shape, checked as the events arrive so that a hostile file fails
  at once instead of after building millions of nodes: the top level is a mapping,
  each entry of a record list (``trials``, ``therapies``, …) is a mapping, and
  there are limits on depth, nodes per file and per record, items per list and
  keys per mapping;
- numbers are decimal numerals (``627``, ``-0.39``, ``0.0001``). Every other form
  YAML 1.1 would read as a number — hexadecimal ``0x581``, octal ``017``,
  sexagesimal ``1:30``, ``6_27``, ``+5``, ``.5``, ``1e5`` — is an error naming the
  value (quote it if it is text), as is a numeral of more than 15 significant
  digits. ``yes``/``no``/``on``/``off``, ``~`` and ``.inf``/``.nan`` keep their YAML
  1.1 meaning (the models refuse booleans and infinities where text or figures belong);
- no text, key or value, holds a control, bidi, invisible or format character
  (``msdmt.data.text.text_problem``).

Problems of the last two kinds are reported for every scalar (through ``report``)
and parsing goes on; a broken structure or bound stops it with one DataError line.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from typing import Any

import yaml

from msdmt.errors import DataError

from .text import FORBIDDEN as _FORBIDDEN
from .text import number_text, quote, text_problem

MAX_DEPTH = 64
MAX_NODES = 4_000_000  # YAML nodes (keys, values, containers) per file; the 10,000-trial benchmark has 2.1 million
MAX_RECORD_NODES = 50_000  # per entry of a record list; the largest bundled record has about 700
MAX_RECORDS = 100_000  # entries of a record list (trials, therapies, sources, facts)
MAX_ITEMS = 1_000  # items of any other list
MAX_KEYS = 100  # keys of one mapping; the largest model has 18 fields
MAX_DIGITS = 15  # significant digits of a numeral: what a float holds exactly
MAX_NUMERAL = 24  # characters of a numeral

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)  # first characters of non-text plain scalars
_TAG = "tag:yaml.org,2002:"

PathT = tuple[Any, ...]
Report = Callable[[int, PathT, str], None]  # (line, data path, message)

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
# Plain scalars that look like a number but are not decimal numerals (YAML 1.1 reads most as numbers).
_NUMBERISH = re.compile(
    r"""[-+]?(?:
        0[xXoObB][0-9a-fA-F_]*                                # hexadecimal, octal, binary
      | [0-9][0-9_]*(?::[0-9_]+)+(?:\.[0-9_]*)?                # sexagesimal (base 60)
      | (?=\.?[0-9])[0-9_]*(?:\.[0-9_.]*)?(?:[eE][-+]?[0-9]+)?  # digits with _, points, exponents
    )""",
    re.VERBOSE,
)
_CONSTANTS: dict[str, object] = {
    "~": None, "null": None, "Null": None, "NULL": None,
    **{w: True for w in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{w: float("inf") for w in (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")},
    **{w: float("-inf") for w in ("-.inf", "-.Inf", "-.INF")},
    **{w: float("nan") for w in (".nan", ".NaN", ".NAN")},
}


class _NumberForm:
    """A plain scalar that is a number in a form msdmt does not read; ``message`` says why."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _yaml11_reading(value: str) -> str:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag not in (_TAG + "int", _TAG + "float") or len(value) > 100:
        return "text" if tag == _TAG + "str" else "something other than a number"
    try:
        node = yaml.ScalarNode(tag, value)
        number = _CONSTRUCTOR.construct_yaml_int(node) if tag.endswith("int") else _CONSTRUCTOR.construct_yaml_float(node)
    except Exception:  # noqa: BLE001 - "1.2.3" matches YAML 1.1's float pattern but is no float
        return "a malformed number"
    return number_text(number)


def _number_form(value: str) -> _NumberForm:
    body = value.lstrip("+-")
    low = body.lower()
    if ":" in body:
        why = "sexagesimal, base 60"
    elif low.startswith("0x"):
        why = "hexadecimal"
    elif low.startswith("0b"):
        why = "binary"
    elif low.startswith("0o") or re.fullmatch(r"0[0-7_]+", body):
        why = "octal"
    elif "_" in body:
        why = "digits grouped with '_'"
    elif value.startswith("+"):
        why = "a plus sign"
    elif "e" in low:
        why = "an exponent"
    elif body.count(".") > 1:
        why = "more than one decimal point"
    elif re.match(r"0[0-9]", body):
        why = "a leading zero"
    elif body.startswith("."):
        why = "no digit before the decimal point"
    elif body.endswith("."):
        why = "no digit after the decimal point"
    else:
        why = "not a decimal numeral"
    shown = value if len(value) <= 40 else quote(value, 40)
    return _NumberForm(f"{shown} is not a plain decimal number ({why}: YAML 1.1 reads it as {_yaml11_reading(value)}); "
                       "write digits with at most one decimal point, or quote it if it is text")


def _plain(value: str) -> object:
    """The value of an unquoted scalar: text, None, a boolean, an int or float, or a _NumberForm."""
    if not value:
        return None
    if value[0] not in _RESOLVED_FIRST:
        return value  # a letter YAML gives no meaning to: text
    if _DECIMAL.fullmatch(value):
        digits = value.lstrip("-").replace(".", "").lstrip("0")
        if len(digits) > MAX_DIGITS or len(value) > MAX_NUMERAL:
            return _NumberForm(f"{quote(value, 40)} has more digits than a figure can have "
                               f"(at most {MAX_DIGITS} significant digits and {MAX_NUMERAL} characters)")
        return float(value) if "." in value else int(value)
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if _NUMBERISH.fullmatch(value) or _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, value, (True, False)) in (
            _TAG + "int", _TAG + "float"):
        return _number_form(value)
    return value  # timestamps, "<<", "=" and the like stay text


class Document:
    """A parsed file: the data, the line of every part of it, and numbers as they were written."""

    def __init__(self, data: dict[Any, Any], root_line: int, lines: dict[int, array[int]],
                 written: dict[tuple[int, Any], str]) -> None:
        self.data = data
        self._root_line = root_line
        self._lines = lines  # id(container) -> line of each child (a mapping's: of its keys), in order
        self._written = written  # (id(container), key) -> numeral, where it differs from number_text(value)

    def _walk(self, path: PathT) -> tuple[int, object, object]:
        """(line, container, node) of the deepest part of ``path`` that exists."""
        node: object = self.data
        parent: object = None
        line = self._root_line
        for part in path:
            child_lines = self._lines.get(id(node))
            if child_lines is None:
                break
            if isinstance(node, dict):
                try:
                    index = list(node).index(part)
                except ValueError:
                    break
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                index = part
            else:
                break
            parent, node, line = node, node[part], child_lines[index]
        return line, parent, node

    def line(self, path: PathT) -> int:
        """The 1-based line of the deepest part of ``path`` that exists in the data."""
        return self._walk(path)[0]

    def shown(self, path: PathT, value: float) -> str:
        """The number at ``path`` as it was written in the file."""
        if path:
            _, parent, node = self._walk(path)
            if type(node) in (int, float) and node == value:
                written = self._written.get((id(parent), path[-1]))
                return number_text(node) if written is None else written
        return number_text(value)


_NO_KEY = object()


def parse(text: str, filename: str, records: frozenset[str] = frozenset(), report: Report | None = None) -> Document:
    """Parse ``text``; ``records`` names the top-level keys whose value is a list of mappings.

    Problems with single scalars go to ``report`` (line, path, message) and parsing goes on; without
    ``report`` the first of them is raised. A broken structure or bound raises DataError at once.
    """
    collected: list[str] = []

    def keep(line: int, path: PathT, message: str) -> None:
        collected.append(f"{filename}:{line}: {'.'.join(map(str, path)) or '(document)'}: {message}")

    loader = _Loader(text)
    try:
        document = _Builder(filename, records, report or keep).run(loader.get_event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError([f"{filename}:{line}: YAML syntax error: {problem}"]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere (raw controls)
        if isinstance(exc.character, int):
            # libyaml counts UTF-8 bytes, PyYAML's own reader characters.
            data = text.encode("utf-8", "surrogatepass")
            if _Loader is yaml.SafeLoader:
                data = text[: exc.position].encode("utf-8", "surrogatepass")
            line = data[: exc.position].count(b"\n") + 1
            raise DataError([f"{filename}:{line}: YAML error: unacceptable character U+{exc.character:04X} "
                             f"({exc.reason})"]) from None
        raise DataError([f"{filename}:1: YAML error: {exc.reason}"]) from None
    except yaml.YAMLError as exc:
        raise DataError([f"{filename}:1: YAML error: {' '.join(str(exc).split())}"]) from None
    finally:
        loader.dispose()
    if collected:
        raise DataError(collected)
    return document


class _Builder:
    """Builds the data from parser events; one instance per file."""

    def __init__(self, filename: str, records: frozenset[str], report: Report) -> None:
        self.filename = filename
        self.records = records
        self.report = report
        self.lines: dict[int, array[int]] = {}
        self.written: dict[tuple[int, Any], str] = {}
        # One frame per open container: [container, child lines, key in parent, pending key, key line,
        # item limit, is a record list, is a record]
        self.stack: list[list[Any]] = []

    def fail(self, line: int, message: str) -> DataError:
        return DataError([f"{self.filename}:{line}: {message}"])

    def path(self, key: object = _NO_KEY) -> PathT:
        keys = tuple(frame[2] for frame in self.stack[1:])
        return keys if key is _NO_KEY else keys + (key,)

    def run(self, get_event: Callable[[], yaml.Event]) -> Document:  # noqa: C901 - one dispatch loop, kept flat for speed
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        stack, lines, written, report = self.stack, self.lines, self.written, self.report
        plain, forbidden = _plain, _FORBIDDEN.search
        nodes = 0
        record_start = -1  # node count where the open record began, or -1
        documents = 0
        root: dict[Any, Any] | None = None
        root_line = 1
        while True:
            event: Any = get_event()  # the event classes share no typed interface
            kind = type(event)
            if kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                if frame[7]:
                    record_start = -1
                    if kind is sequence_end:  # a list where a record belongs (checked at its end: see _attach)
                        parent = stack[-1]
                        raise self.fail(parent[1][frame[2]], f"{'.'.join(map(str, self.path(frame[2])))}: each entry "
                                                             f"of {quote(parent[2])} must be a mapping of fields, not a list")
                continue
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                line = event.start_mark.line + 1
                nodes += 1
                if nodes > MAX_NODES:
                    raise self.fail(line, f"more than {MAX_NODES:,} YAML nodes in one file")
                if record_start >= 0 and nodes - record_start > MAX_RECORD_NODES:
                    raise self.fail(line, f"{'.'.join(map(str, self.path()))}: one entry holds more than "
                                          f"{MAX_RECORD_NODES:,} YAML nodes")
                if event.anchor is not None:
                    raise self.fail(line, f"YAML anchors are not allowed (&{event.anchor})")
                if event.tag is not None:
                    raise self.fail(line, f"YAML tags are not allowed ({event.tag})")
                if kind is scalar_event:
                    raw = event.value
                    value: Any = plain(raw) if event.implicit[0] else raw
                    problem = None
                    if type(value) is str:
                        if forbidden(value) is not None:
                            problem = text_problem(value)
                    elif type(value) is _NumberForm:
                        problem, value = value.message, raw
                    if not stack:
                        if value is None and problem is None:
                            continue  # an empty document: "holds no data" below
                        raise self.fail(line, "(document): the top level must be a mapping")
                    frame = stack[-1]
                    container = frame[0]
                    if type(container) is not dict:
                        if problem is not None:
                            report(line, self.path(len(container)), problem)
                        elif type(value) in (int, float) and raw != number_text(value):
                            written[(id(container), len(container))] = raw
                        self._attach(frame, value, line, kind)
                        continue
                    key = frame[3]
                    if key is _NO_KEY:  # this scalar is a key
                        if value in container:
                            first = self._key_line(frame, value)
                            raise self.fail(line, f"duplicate key {quote(value)} (first defined on line {first})")
                        if len(container) >= MAX_KEYS:
                            raise self.fail(line, f"{'.'.join(map(str, self.path())) or '(document)'}: more than "
                                                  f"{MAX_KEYS} keys in one mapping")
                        if problem is not None:
                            report(line, self.path(value), problem)
                        frame[3], frame[4] = value, line
                        continue
                    if problem is not None:
                        report(line, self.path(key), problem)
                    elif type(value) in (int, float) and raw != number_text(value):
                        written[(id(container), key)] = raw
                    container[key] = value
                    frame[1].append(frame[4])
                    frame[3] = _NO_KEY
                    continue
                # a mapping or a sequence
                new: dict[Any, Any] | list[Any] = {} if kind is mapping_start else []
                child_lines: array[int] = array("L")
                if not stack:
                    if kind is not mapping_start:
                        raise self.fail(line, "(document): the top level must be a mapping")
                    root, root_line = new, line  # type: ignore[assignment]
                    lines[id(new)] = child_lines
                    stack.append([new, child_lines, None, _NO_KEY, 0, 0, False, False])
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(line, f"nesting deeper than {MAX_DEPTH} levels")
                frame = stack[-1]
                container = frame[0]
                is_map = type(container) is dict
                if is_map and frame[3] is _NO_KEY:
                    raise self.fail(line, "mapping keys must be plain scalars")
                key = frame[3] if is_map else len(container)
                is_record_list = len(stack) == 1 and kind is sequence_start and key in self.records
                is_record = frame[6]
                self._attach(frame, new, line, kind)
                lines[id(new)] = child_lines
                stack.append([new, child_lines, key, _NO_KEY, 0, MAX_RECORDS if is_record_list else MAX_ITEMS,
                              is_record_list, is_record])
                if is_record:
                    record_start = nodes
                continue
            if kind is yaml.AliasEvent:
                raise self.fail(event.start_mark.line + 1, f"YAML aliases are not allowed (*{event.anchor})")
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(event.start_mark.line + 1, "only one YAML document is allowed")
            elif kind is yaml.StreamEndEvent:
                break
        if root is None:
            raise self.fail(1, "the file holds no data")
        return Document(root, root_line, lines, written)

    def _key_line(self, frame: list[Any], key: object) -> int | str:
        try:
            return int(frame[1][list(frame[0]).index(key)])
        except (ValueError, IndexError):
            return "?"

    def _attach(self, frame: list[Any], value: object, line: int, kind: type) -> None:
        """Put a value (or a new container) into the open container ``frame``."""
        container = frame[0]
        if type(container) is dict:
            container[frame[3]] = value
            frame[1].append(frame[4])
            frame[3] = _NO_KEY
            return
        if len(container) >= frame[5]:
            what = "entries in a record list" if frame[6] else "items in one list"
            raise self.fail(line, f"{'.'.join(map(str, self.path()))}: more than {frame[5]:,} {what}")
        # A scalar where a record belongs fails at once (a file of millions of scalars stops at the first);
        # a list fails when it ends, so that the bounds on what it holds are checked first.
        if frame[6] and kind is yaml.ScalarEvent:
            raise self.fail(line, f"{'.'.join(map(str, self.path(len(container))))}: each entry of "
                                  f"{quote(frame[2])} must be a mapping of fields, not {_describe(value, kind)}")
        container.append(value)
        frame[1].append(line)


def _describe(value: object, kind: type) -> str:
    if kind is yaml.SequenceStartEvent:
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {number_text(value)}"
    return f"the text {quote(value, 40)}"
