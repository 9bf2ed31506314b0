"""JSON Schemas of the commands' --json output, generated from the view definitions in ``msdmt.core.views``.

The views are dataclasses of TypedDicts; records from the data files are marked
``RecordOf("Model")`` and stand for the Pydantic model of that name in
``msdmt.data.models``. This module turns that one definition into Pydantic
models (only when a schema is asked for) and lets Pydantic write the schema.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, create_model

from msdmt.core import shapes, views
from msdmt.data import models
from msdmt.errors import UsageError

_STRICT_OUT = ConfigDict(extra="forbid")


def _record(marker: shapes.RecordOf) -> Any:
    base: type[BaseModel] = getattr(models, marker.model)
    if marker.extra is None and not marker.drop:
        return base
    fields: dict[str, Any] = {}
    for name, info in base.model_fields.items():
        if name in marker.drop:
            continue
        fields[name] = (info.annotation, info)
    if marker.extra is not None:
        for name, tp in get_type_hints(marker.extra, include_extras=True).items():
            fields[name] = (_convert(tp), ...)
    name = marker.model + "".join(part.title() for part in (marker.extra.__name__ if marker.extra else "").split("_"))
    model: type[BaseModel] = create_model(name.replace("Extra", ""), __config__=_STRICT_OUT, **fields)
    return model


_MODELS: dict[type, type[BaseModel]] = {}


def _model(tp: type, fields: dict[str, Any]) -> type[BaseModel]:
    model: type[BaseModel] = create_model(tp.__name__.lstrip("_"), __config__=_STRICT_OUT, **fields)
    return model


def _typed_dict(tp: type) -> type[BaseModel]:
    if tp not in _MODELS:
        hints = get_type_hints(tp, include_extras=True)
        _MODELS[tp] = _model(tp, {name: (_convert(hint), ...) for name, hint in hints.items()})
    return _MODELS[tp]


def _view(tp: type[views._View]) -> type[BaseModel]:
    """The model of a view: its ``view`` constant, then its fields, with the shapes' names in scope."""
    if tp not in _MODELS:
        hints = get_type_hints(tp, globalns=vars(shapes) | vars(views), include_extras=True)
        fields = {"view": (hints["view"], ...)} | {name: (_convert(hints[name]), ...) for name in tp.fields()}
        _MODELS[tp] = _model(tp, fields)
    return _MODELS[tp]


def _convert(tp: Any) -> Any:
    """A type of the view definitions, with records, TypedDicts and dataclasses as Pydantic models."""
    origin = get_origin(tp)
    if origin is Annotated:
        if any(isinstance(m, shapes.Pair) for m in tp.__metadata__):
            (item,) = get_args(get_args(tp)[0])
            return tuple[_convert(item), _convert(item)]  # type: ignore[misc]  # exactly two items
        marker = next((m for m in tp.__metadata__ if isinstance(m, shapes.RecordOf)), None)
        return _record(marker) if marker else _convert(get_args(tp)[0])
    if typing.is_typeddict(tp):
        return _typed_dict(tp)
    if origin in (Union, types.UnionType):
        args = tuple(_convert(a) for a in get_args(tp))
        return Union[args]  # noqa: UP007 - built from a tuple at run time
    if origin in (list, tuple, dict):
        return origin[tuple(_convert(a) for a in get_args(tp))]
    if origin is Literal or tp is Any:
        return tp
    return tp


def schema_for(command: str | None) -> dict[str, Any]:
    """The JSON Schema of one command's output ('chart' is compare --chart), or of all of them."""
    if command is None:
        return {name: _view(view).model_json_schema(mode="serialization") for name, view in views.VIEWS.items()}
    if command not in views.VIEWS:
        raise UsageError(f"no JSON output for {command!r}; choose from {', '.join(views.VIEWS)}")
    return _view(views.VIEWS[command]).model_json_schema(mode="serialization")
