"""Read untrusted YAML into plain Python data, with a line number for every path.

Only PyYAML's parser is used (the C one where available); the document is built
here from its events, so no constructor — safe or not — ever runs on the input.
That makes the rules easy to enforce in one place: one document, no explicit
tags (``!!python/object`` is refused before anything is built), no anchors or
aliases, no duplicate keys, scalar keys only, a depth limit. Plain scalars are
resolved with the YAML 1.1 rules of ``yaml.safe_load``.
"""

from __future__ import annotations

import yaml

from msdmt.errors import DataError

MAX_DEPTH = 64
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"


def _scalar(loader: yaml.SafeLoader, event: yaml.ScalarEvent) -> object:
    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _TAG + "str":
        return event.value
    node = yaml.ScalarNode(tag, event.value)
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return yaml.SafeLoader.construct_yaml_bool(loader, node)
    if tag == _TAG + "int":
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    if tag == _TAG + "float":
        return yaml.SafeLoader.construct_yaml_float(loader, node)
    # Timestamps and the like stay text: the schema has no dates, and a text
    # where a number belongs is reported by the models.
    return event.value


def parse(text: str, filename: str) -> tuple[object, dict[tuple, int]]:
    """Return the document and a map from each path (keys and indexes) to its 1-based line."""
    loader = _Loader(text)
    lines: dict[tuple, int] = {}
    # Each frame: [container, path, pending key or None, key line]
    stack: list[list] = []
    root: object = None
    documents = 0

    def fail(event: yaml.Event, message: str) -> DataError:
        return DataError([f"{filename}:{event.start_mark.line + 1}: {message}"])

    def attach(value: object, event: yaml.Event) -> tuple | None:
        """Put a finished value into the open container; return its path."""
        nonlocal root
        if not stack:
            root = value
            lines[()] = event.start_mark.line + 1
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = path + (len(container),)
            container.append(value)
            lines[child] = event.start_mark.line + 1
            return child
        if frame[2] is None:  # this value is a key
            if isinstance(value, (dict, list)):
                raise fail(event, "mapping keys must be plain scalars")
            if value in container:
                first = lines.get(path + (value,), "?")
                raise fail(event, f"duplicate key {value!r} (first defined on line {first})")
            frame[2] = (value,)
            frame[3] = event.start_mark.line + 1
            return None
        key = frame[2][0]
        container[key] = value
        child = path + (key,)
        lines[child] = frame[3]
        frame[2] = None
        return child

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(event, "only one YAML document is allowed")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise fail(event, f"YAML aliases are not allowed (*{event.anchor})")
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.anchor is not None:
                    raise fail(event, f"YAML anchors are not allowed (&{event.anchor})")
                if event.tag is not None:
                    raise fail(event, f"YAML tags are not allowed ({event.tag})")
            if isinstance(event, yaml.ScalarEvent):
                attach(_scalar(loader, event), event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise fail(event, f"nesting deeper than {MAX_DEPTH} levels")
                container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None
                if is_key:
                    raise fail(event, "mapping keys must be plain scalars")
                path = attach(container, event)
                stack.append([container, path, None, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError([f"{filename}:{line}: YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise DataError([f"{filename}:1: YAML error: {exc}"]) from None
    finally:
        loader.dispose()
    if documents == 0 or root is None:
        raise DataError([f"{filename}:1: the file holds no data"])
    return root, lines
