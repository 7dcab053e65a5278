"""Look-ups over the massage content: close matches and pages."""

from __future__ import annotations

import difflib

from ..content import Content, MassageType

PAGE = 8  # fifteen types in two turns


def close_matches(content: Content, heard: str, count: int = 3) -> list[MassageType]:
    """The types whose names or synonyms sound most like what was heard."""
    names: dict[str, MassageType] = {}
    for massage in content.massages:
        for said in (massage.name, *massage.synonyms):
            names[said.lower()] = massage
    found: list[MassageType] = []
    for said in difflib.get_close_matches(heard.lower(), list(names), n=10, cutoff=0.3):
        if names[said] not in found:
            found.append(names[said])
    for massage in content.massages:  # pad with the most common styles
        if len(found) >= count:
            break
        if massage not in found and not massage.related:
            found.append(massage)
    return found[:count]


def page(content: Content, start: int) -> tuple[list[MassageType], bool]:
    """A page of types from `start`, and whether more follow."""
    items = list(content.massages[start : start + PAGE])
    return items, start + PAGE < len(content.massages)


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text
