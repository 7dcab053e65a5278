"""Generate interaction_models/<locale>.json from content + utterance templates.

One source: routine names and synonyms become ROUTINE_NAME slot values,
intents and samples come from utterances.yaml. `check` compares the
committed file with a fresh build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from backcare.content import Content, ContentError, load
from backcare.content.loader import locale_dir, read_yaml

_SAMPLE_OK = re.compile(r"^[a-z' .{}A-Z]+$")
_SLOT_REF = re.compile(r"{(\w+)}")
MAX_SAMPLE_CHARS = 200


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def synonyms(self) -> tuple[str, ...]: ...


def _values(items: Iterable[_Named]) -> list[dict[str, Any]]:
    """Slot values from content items: id, spoken name, other names."""
    out = []
    for item in items:
        synonyms = [s for s in item.synonyms if s.lower() != item.name.lower()]
        out.append({"id": item.id, "name": {"value": item.name, "synonyms": synonyms}})
    return out


_GENERATORS: dict[str, Callable[[Content], list[dict[str, Any]]]] = {
    "routines": lambda content: _values(content.routines),
    "massages": lambda content: _values(content.massages),
    "goals": lambda content: _values(content.goals),
    "concerns": lambda content: _values(content.safety.concerns),
}
_SAMPLE_SOURCES: dict[str, Callable[[Content], list[str]]] = {
    "red_flags": lambda content: list(content.safety.red_flag_phrases),
}


def _inline_values(type_name: str, values: Any) -> list[dict[str, Any]]:
    out = []
    for value in values or []:
        if not isinstance(value, dict) or "id" not in value or "name" not in value:
            raise ContentError(f"utterances.yaml: slot type {type_name} values need id and name")
        synonyms = [str(s) for s in value.get("synonyms") or []]
        out.append(
            {"id": str(value["id"]), "name": {"value": str(value["name"]), "synonyms": synonyms}}
        )
    return out


def build(locale: str) -> dict[str, Any]:
    source = read_yaml(locale_dir(locale) / "utterances.yaml")
    types = []
    for type_name, spec in (source.get("slot_types") or {}).items():
        if "values" in spec:
            types.append({"name": type_name, "values": _inline_values(type_name, spec["values"])})
            continue
        generator = _GENERATORS.get(str(spec.get("from")))
        if generator is None:
            raise ContentError(f"utterances.yaml: slot type {type_name} has no known source")
        types.append({"name": type_name, "values": generator(load(locale))})
    intents = []
    for name, spec in (source.get("intents") or {}).items():
        samples = list(spec.get("samples") or [])
        if "samples_from" in spec:
            source_of = _SAMPLE_SOURCES.get(str(spec["samples_from"]))
            if source_of is None:
                raise ContentError(f"utterances.yaml {name}: unknown samples_from")
            samples += source_of(load(locale))
        if not all(isinstance(s, str) for s in samples):
            raise ContentError(
                f"utterances.yaml {name}: quote every sample (YAML reads yes/no as booleans)"
            )
        slots = spec.get("slots") or {}
        intent: dict[str, Any] = {"name": name, "samples": samples}
        if slots:
            intent["slots"] = [{"name": slot, "type": kind} for slot, kind in slots.items()]
        _validate_samples(name, samples, set(slots))
        intents.append(intent)
    _validate_unique(intents)
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": str(source["invocation"]),
                "intents": intents,
                "types": types,
            }
        }
    }


def _validate_samples(intent: str, samples: list[str], slots: set[str]) -> None:
    for sample in samples:
        where = f"utterances.yaml {intent}: {sample!r}"
        if not _SAMPLE_OK.match(sample) or len(sample) > MAX_SAMPLE_CHARS:
            raise ContentError(f"{where}: only letters, spaces, apostrophes and periods")
        for ref in _SLOT_REF.findall(sample):
            if ref not in slots:
                raise ContentError(f"{where}: slot {{{ref}}} is not defined on the intent")


def _validate_unique(intents: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for intent in intents:
        for sample in intent["samples"]:
            key = " ".join(sample.lower().split())
            if key in owner and owner[key] != intent["name"]:
                raise ContentError(
                    f"utterances.yaml: {sample!r} belongs to {owner[key]} and {intent['name']}"
                )
            owner[key] = intent["name"]


def render(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def model_path(root: Path, locale: str) -> Path:
    return root / "interaction_models" / f"{locale}.json"


def locales() -> list[str]:
    base = locale_dir("en-US").parent
    return sorted(p.name for p in base.iterdir() if (p / "utterances.yaml").is_file())


def write_all(root: Path) -> list[Path]:
    written = []
    for locale in locales():
        path = model_path(root, locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(build(locale)), encoding="utf-8")
        written.append(path)
    return written


def stale(root: Path) -> list[str]:
    """Locales whose committed model differs from a fresh build."""
    out = []
    for locale in locales():
        path = model_path(root, locale)
        if not path.is_file() or path.read_text(encoding="utf-8") != render(build(locale)):
            out.append(locale)
    return out
