"""Request envelopes in, response envelopes out: ask-sdk-model objects from
and to plain JSON values, fast.

The SDK's `DefaultSerializer.deserialize` takes a JSON string, parses it,
then walks every model class by reflection on each call: it resolves class
names with `__import__`, matches `list[...]` and `dict(...)` type strings
with regular expressions and parses timestamps with dateutil. That was
over half of a warm turn. Here each model class gets a plan once (payload
key, attribute, converter), and a request is built from the dict the host
already has (Lambda's event; the web service's one parse of the body).

`plain` is the reverse for the response, with a writer per class made
once (the SDK's `serialize` rebuilds each class's attribute map per call).

The results are those the SDK's serializer gives (tests/test_wire.py
compares them), with two deliberate differences in parsing: keys the model does not
declare are ignored (the SDK sets each one as an attribute, so a request
could overwrite a method of a model object), and anything that is not the
declared shape raises `SerializationException`, as the SDK's own failures do.
"""

from __future__ import annotations

import decimal
import importlib
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model.request_envelope import RequestEnvelope

Converter = Callable[[Any], Any]
Plan = tuple[tuple[str, str, Converter], ...]
_NATIVE: dict[str, type] = {
    "int": int,
    "long": int,
    "float": float,
    "str": str,
    "bool": bool,
    "date": date,
    "datetime": datetime,
    "object": object,
}
_CONVERTERS: dict[str, Converter] = {}
_CLASSES: dict[str, type] = {}


def envelope(event: Any) -> RequestEnvelope:
    """The RequestEnvelope for a parsed request body (a dict)."""
    try:
        built = _ENVELOPE(event)
    except SerializationException:
        raise
    except Exception as err:  # any shape the models do not declare
        raise SerializationException(f"malformed envelope: {type(err).__name__}") from err
    if not isinstance(built, RequestEnvelope):
        raise SerializationException("malformed envelope")
    session = built.session
    if session is not None and isinstance(session.attributes, dict):
        session.attributes = _Attributes(session.attributes)
    return built


class _Attributes(dict[str, Any]):
    """Session attributes whose deep copy is a copy of the top level. The
    SDK's AttributesManager deep-copies them on every request; the skill
    reads each value once into a typed record and only ever replaces values
    whole, so walking every nested value was wasted (a twentieth of a turn)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


def _converter(type_name: str) -> Converter:
    found = _CONVERTERS.get(type_name)
    if found is None:
        found = _CONVERTERS[type_name] = _make(type_name)
    return found


def _make(type_name: str) -> Converter:
    if type_name.startswith("list[") and type_name.endswith("]"):
        return _list_of([part.strip() for part in type_name[5:-1].split(",")])
    if type_name.startswith("dict(") and type_name.endswith(")"):
        return _dict_of(type_name[5:-1].split(",", 1)[1].strip())
    kind = _NATIVE.get(type_name) or _class(type_name)
    if kind is object:
        return _same
    if kind is datetime:
        return _datetime
    if kind is date:
        return _date
    if kind in (str, int, float, bool):
        return _primitive(kind)
    if issubclass(kind, Enum):
        return kind
    if hasattr(kind, "deserialized_types"):
        return _model(kind)
    return _same


def _class(name: str) -> type:
    found = _CLASSES.get(name)
    if found is None:
        module, _, attribute = name.rpartition(".")
        found = _CLASSES[name] = getattr(importlib.import_module(module), attribute)
    return found


def _same(value: Any) -> Any:
    return value


def _primitive(kind: type) -> Converter:
    def convert(value: Any) -> Any:
        if type(value) is kind:
            return value
        try:
            return kind(value)
        except TypeError:  # as the SDK: a value that cannot be cast is kept
            return value
        except ValueError as err:
            raise SerializationException(f"not a {kind.__name__}") from err

    return convert


def _datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise SerializationException("timestamp is not a string")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        from dateutil.parser import parse  # the SDK's parser, for other shapes

        try:
            parsed: datetime = parse(value)
        except (ValueError, OverflowError) as err:
            raise SerializationException("timestamp is not a date and time") from err
        return parsed


def _date(value: Any) -> date:
    return _datetime(value).date()


def _list_of(item_types: list[str]) -> Converter:
    if len(item_types) == 1:
        item = _converter(item_types[0])

        def convert(value: Any) -> list[Any]:
            if not isinstance(value, list):
                raise SerializationException("expected a list")
            return [None if v is None else item(v) for v in value]

        return convert
    items = [_converter(t) for t in item_types]

    def convert_each(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise SerializationException("expected a list")
        return [None if v is None else c(v) for v, c in zip(value, items, strict=False)]

    return convert_each


def _dict_of(value_type: str) -> Converter:
    item = _converter(value_type)

    def convert(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise SerializationException("expected an object")
        return {k: None if v is None else item(v) for k, v in value.items()}

    return convert


def _model(cls: type) -> Converter:
    # Plans are made on first use (models refer to each other in cycles) and
    # stored whole, so threads that race to make one each store a full copy.
    made: list[Plan] = []
    children: dict[str, Converter] = {}
    discriminated = hasattr(cls, "get_real_child_model")

    def convert(value: Any) -> Any:
        if not isinstance(value, dict):
            raise SerializationException(f"expected an object for {cls.__name__}")
        if discriminated:
            child = cls.get_real_child_model(value)  # type: ignore[attr-defined]
            if not child:
                raise SerializationException(f"unknown {cls.__name__} type")
            build = children.get(child)
            if build is None:
                build = children[child] = _model_plan(_class(child))
            return build(value)
        if not made:
            made[:] = [_plan(cls)]
        return _fill(cls, made[0], value)

    return convert


def _model_plan(cls: type) -> Converter:
    plan = _plan(cls)
    return lambda value: _fill(cls, plan, value)


def _plan(cls: type) -> Plan:
    types: dict[str, str] = cls.deserialized_types  # type: ignore[attr-defined]
    names: dict[str, str] = getattr(cls, "attribute_map", {})
    return tuple((names.get(attr, attr), attr, _converter(kind)) for attr, kind in types.items())


def _fill(cls: type, plan: Plan, value: dict[str, Any]) -> Any:
    built = cls()
    for key, attr, convert in plan:
        if key in value:
            item = value[key]
            setattr(built, attr, None if item is None else convert(item))
    return built


_ENVELOPE = _converter("ask_sdk_model.request_envelope.RequestEnvelope")

_PLAIN_TYPES = (str, int, float, bool, bytes)
_WRITERS: dict[type, Converter] = {}


def plain(value: Any) -> Any:
    """A model object (a response envelope) as JSON-ready values, as the
    SDK's `DefaultSerializer.serialize` gives them."""
    if value is None or type(value) in _PLAIN_TYPES:
        return value
    write = _WRITERS.get(type(value))
    if write is None:
        write = _WRITERS[type(value)] = _writer(type(value))
    return write(value)


def _writer(kind: type) -> Converter:
    if issubclass(kind, _PLAIN_TYPES):
        return _same
    if issubclass(kind, list):
        return lambda value: [plain(v) for v in value]
    if issubclass(kind, tuple):
        return lambda value: tuple(plain(v) for v in value)
    if issubclass(kind, date):  # datetime too
        return lambda value: value.isoformat()
    if issubclass(kind, Enum):
        return lambda value: value.value
    if issubclass(kind, decimal.Decimal):
        return lambda value: int(value) if value % 1 == 0 else float(value)
    if issubclass(kind, dict):
        return lambda value: {k: plain(v) for k, v in value.items()}
    types: dict[str, str] = kind.deserialized_types  # type: ignore[attr-defined]
    names: dict[str, str] = getattr(kind, "attribute_map", {})
    pairs = [(attr, names.get(attr, attr)) for attr in types]

    def write(value: Any) -> dict[str, Any]:
        out = {}
        for attr, key in pairs:
            item = getattr(value, attr)
            if item is not None:
                out[key] = plain(item)
        return out

    return write
