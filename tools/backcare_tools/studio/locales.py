"""The locales a studio publishes in: which are known, the country each
is sold in, and the interaction model each gets."""

from __future__ import annotations

import json
from typing import Any

from backcare.content.regions import regions

from ..interaction_model import build, model_path
from ..interaction_model import locales as grammar_locales
from ..paths import REPO_ROOT
from . import InitError

# Health data kept across sessions needs a HIPAA-eligible skill: US only.
HIPAA_LOCALES = frozenset({"en-US"})
LOCALES = tuple(regions())  # the English markets (content/regions.yaml)


def parse_locales(given: str) -> tuple[str, ...]:
    """`en-GB,en-AU` -> ('en-GB', 'en-AU'): each known, each once."""
    chosen: list[str] = []
    for part in given.split(",")[: len(LOCALES) + 1]:
        locale = part.strip()
        if not locale:
            continue
        if locale not in LOCALES:
            raise InitError(
                f"--locales: unknown locale {locale[:20]!r} (known: {', '.join(LOCALES)})"
            )
        if locale not in chosen:
            chosen.append(locale)
    if not chosen:
        raise InitError(f"--locales: name one or more of {', '.join(LOCALES)}")
    return tuple(chosen)


def country(locale: str) -> str:
    """The country an English locale is distributed in: en-GB -> GB."""
    return regions()[locale].country


def with_model() -> list[str]:
    """The supported locales this version has an interaction model for."""
    built = set(grammar_locales())
    return [
        locale for locale in LOCALES if locale in built or model_path(REPO_ROOT, locale).is_file()
    ]


def model(locale: str) -> dict[str, Any]:
    """The repository's model for `locale`: the committed file (`backcare
    models check` keeps it equal to a fresh build), else built from its
    grammar."""
    path = model_path(REPO_ROOT, locale)
    if path.is_file():
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return found
    if locale in grammar_locales():
        return build(locale)
    raise InitError(
        f"--locales: {locale} is supported but this version has no interaction model "
        f"for it yet (models: {', '.join(with_model())})"
    )


def check_models(locales: tuple[str, ...]) -> None:
    missing = [locale for locale in locales if locale not in with_model()]
    if missing:
        raise InitError(
            f"--locales: {', '.join(missing)}: supported, but this version has no "
            f"interaction model for it yet (models: {', '.join(with_model())})"
        )
