"""The English markets (regions.yaml): which content each speaks, and in
what forms. Data, read once; the skill applies `Region.respell` to what it
says (regional.py), the tools to the manifest and models."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .loader import ContentError, read_yaml

REGIONS_FILE = Path(__file__).with_name("regions.yaml")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# "Friday, January 14th" and "January 14th" as the skill says them (when.py).
_ADDRESS = re.compile(r"(\b(?:https?://|www\.)\S+)")
_DATED = re.compile(rf"\b(?:({WEEKDAYS}), )?({MONTHS}) (\d{{1,2}}(?:st|nd|rd|th))\b")


class Region(NamedTuple):
    locale: str
    country: str  # ISO 3166 code, for the manifest's distribution
    content: str  # the locale whose content files it speaks
    day_first: bool
    forms: dict[str, str]  # a word of the content (lower case) -> this market's
    spelled: re.Pattern[str] | None  # any of those words
    # Any text this market says otherwise: most replies hold none, and are
    # passed with one search (this runs on every response).
    trigger: re.Pattern[str] | None

    @property
    def rewrites(self) -> bool:
        return self.trigger is not None

    def respell(self, text: str) -> str:
        """`text` in this market's forms; unchanged where it has none. A web
        address is left as it is (a booking page's path is no word)."""
        if self.trigger is None or not self.trigger.search(text):
            return text
        parts = _ADDRESS.split(text)
        for i in range(0, len(parts), 2):  # the text between addresses
            part = parts[i]
            if self.spelled is not None:
                part = self.spelled.sub(self._said, part)
            if self.day_first:
                part = _DATED.sub(_day_first, part)
            parts[i] = part
        return "".join(parts)

    def _said(self, found: re.Match[str]) -> str:
        word = found.group(0)
        said = self.forms[word.lower()]
        return said[:1].upper() + said[1:] if word[:1].isupper() else said


def _day_first(match: re.Match[str]) -> str:
    weekday, month, day = match.groups()
    return f"{weekday + ' ' if weekday else ''}the {day} of {month}"


@cache
def regions() -> dict[str, Region]:
    raw = read_yaml(REGIONS_FILE)
    if not isinstance(raw, dict) or not raw:
        raise ContentError("regions.yaml: expected a mapping of locales")
    out = {}
    for locale, spec in raw.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("country"), str):
            raise ContentError(f"regions.yaml {locale}: needs a country")
        words = spec.get("words") or {}
        if not isinstance(words, dict):
            raise ContentError(f"regions.yaml {locale}: words map a word to its form")
        forms = {str(us).lower(): str(said) for us, said in words.items()}
        spelled = _any_of(forms) if forms else None
        day_first = bool(spec.get("day_first", False))
        alternatives = [p.pattern for p in (spelled,) if p is not None]
        alternatives += [rf"\b(?:{MONTHS})\b"] if day_first else []
        out[str(locale)] = Region(
            locale=str(locale),
            country=spec["country"],
            content=str(spec.get("base", locale)),
            day_first=day_first,
            forms=forms,
            spelled=spelled,
            trigger=re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None,
        )
    for region in out.values():
        if region.content not in out or out[region.content].content != region.content:
            raise ContentError(f"regions.yaml {region.locale}: base must be a locale of its own")
    return out


def _any_of(forms: dict[str, str]) -> re.Pattern[str]:
    # longest first: "physiotherapists" before "physiotherapist"
    words = sorted(forms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def region(locale: str) -> Region | None:
    return regions().get(locale)
