"""Short keys for what is stored and carried, and reading the long ones.

The record (state.py), the session's bookkeeping and the conversation
context (context.py) are msgspec Structs whose `rename` maps give each field
a short key on the wire. Values written before the keys were short are read
by `shorten`, which walks the schema's own type information: no second list
of the names is kept.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec.inspect


@cache
def schema_of(struct: type) -> msgspec.inspect.Type:
    """The type information `shorten` walks, made on first use (old values
    are rare; a cold start need not make it)."""
    return msgspec.inspect.type_info(struct)


def shorten(value: Any, kind: msgspec.inspect.Type) -> Any:
    """`value`, written with field names, with the short keys of `kind`.
    Keys that are no field of `kind` are dropped."""
    if isinstance(kind, msgspec.inspect.UnionType):
        for member in kind.types:
            if isinstance(member, msgspec.inspect.StructType) and isinstance(value, dict):
                return shorten(value, member)
        return value
    if isinstance(kind, msgspec.inspect.ListType) and isinstance(value, list):
        return [shorten(item, kind.item_type) for item in value]
    if isinstance(kind, msgspec.inspect.StructType) and isinstance(value, dict):
        fields = {f.name: f for f in kind.fields}
        return {
            fields[key].encode_name: shorten(item, fields[key].type)
            for key, item in value.items()
            if key in fields
        }
    return value
