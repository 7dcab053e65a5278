"""Generate interaction_models/<locale>.json from the grammar and the content.

One source: the grammar (`grammar/<locale>/*.yaml`, Home Assistant sentence
templates expanded by hassil) gives intents, slots and sample utterances;
the skill's content gives the values and synonyms of routine names, massage
types, goals, concerns and red flags. `check` compares the committed file
with a fresh build and the model with Alexa's limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from backcare.content import Content, ContentError, load, step_id
from backcare.content.loader import read_yaml

from .limits import check_limits

GRAMMAR_DIR = Path(__file__).parent / "grammar"
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
        synonyms: list[str] = []
        for said in item.synonyms:
            if said.lower() != item.name.lower() and said not in synonyms:
                synonyms.append(said)
        out.append({"id": item.id, "name": {"value": item.name, "synonyms": synonyms}})
    return out


def _steps(content: Content) -> list[dict[str, Any]]:
    """Each routine step's name once (a step in two routines is one value,
    with the other names of both)."""
    names: dict[str, list[str]] = {}
    for step in (s for r in content.routines for s in r.steps):
        said = names.setdefault(step.name, [])
        said.extend(n for n in step.synonyms if n not in said and n != step.name)
    return [{"id": step_id(n), "name": {"value": n, "synonyms": s}} for n, s in names.items()]


_GENERATORS: dict[str, Callable[[Content], list[dict[str, Any]]]] = {
    "routines": lambda content: _values(content.routines),
    "steps": _steps,
    "massages": lambda content: _values(content.massages),
    "goals": lambda content: _values(content.goals),
    "tip_topics": lambda content: _values(content.tip_topics),
    "concerns": lambda content: _values(content.safety.concerns),
    "red_flags": lambda content: _values(content.safety.red_flags),
}


def grammar_dir(locale: str) -> Path:
    return GRAMMAR_DIR / locale


def read_grammar(locale: str) -> dict[str, Any]:
    """grammar.yaml plus the intents of each part it names, in its order; a
    regional grammar (`base: en-US`) is its base with its own rules, slot
    types and sentences added (a market's words, never a second copy)."""
    folder = grammar_dir(locale)
    if not (folder / "grammar.yaml").is_file():
        raise ContentError(f"no grammar for locale {locale!r}")
    source: dict[str, Any] = dict(read_yaml(folder / "grammar.yaml") or {})
    if "base" in source:
        return _regional(locale, source)
    intents: dict[str, Any] = {}
    for part in source.get("parts") or []:
        for name, spec in ((read_yaml(folder / f"{part}.yaml") or {}).get("intents") or {}).items():
            if name in intents:
                raise ContentError(f"grammar {part}.yaml: intent {name} is defined twice")
            intents[name] = spec or {}
    source["intents"] = intents
    return source


def _regional(locale: str, own: dict[str, Any]) -> dict[str, Any]:
    base_locale = str(own["base"])
    if base_locale == locale or "base" in (
        read_yaml(grammar_dir(base_locale) / "grammar.yaml") or {}
    ):
        raise ContentError(f"grammar {locale}: its base must be a full grammar")
    source = read_grammar(base_locale)
    source["rules"] = {**(source.get("rules") or {}), **(own.get("rules") or {})}
    source["slot_types"] = {**(source.get("slot_types") or {}), **(own.get("slot_types") or {})}
    intents = {name: dict(spec) for name, spec in source["intents"].items()}
    for name, sentences in (own.get("sentences") or {}).items():
        if name not in intents:
            raise ContentError(f"grammar {locale}: sentences for {name}, which {base_locale} lacks")
        intents[name]["sentences"] = [*(intents[name].get("sentences") or []), *sentences]
    source["intents"] = intents
    return source


def _inline_values(type_name: str, values: Any) -> list[dict[str, Any]]:
    out = []
    for value in values or []:
        if not isinstance(value, dict) or "id" not in value or "name" not in value:
            raise ContentError(f"grammar: slot type {type_name} values need id and name")
        synonyms = [str(s) for s in value.get("synonyms") or []]
        out.append(
            {"id": str(value["id"]), "name": {"value": str(value["name"]), "synonyms": synonyms}}
        )
    return out


class Expander:
    """Sentence templates -> sample utterances, with the grammar's rules."""

    def __init__(self, rules: dict[str, str]) -> None:
        from hassil import parse_sentence

        self._parse = parse_sentence
        try:
            self.rules = {name: parse_sentence(str(body)) for name, body in rules.items()}
        except Exception as err:  # hassil raises its own ParseError family
            raise ContentError(f"grammar rules: {err}") from err

    def expand(self, where: str, template: str) -> list[str]:
        from hassil import sample_expression

        try:
            sentence = self._parse(template)
            said = sample_expression(sentence.expression, None, self.rules, expand_lists=False)
            return [" ".join(s.split()) for s in said]
        except Exception as err:
            raise ContentError(f"{where}: {template!r}: {err}") from err


def build(locale: str) -> dict[str, Any]:
    source = read_grammar(locale)
    content = load(locale)
    types = []
    for type_name, spec in (source.get("slot_types") or {}).items():
        if "values" in spec:
            types.append({"name": type_name, "values": _inline_values(type_name, spec["values"])})
            continue
        generator = _GENERATORS.get(str(spec.get("from")))
        if generator is None:
            raise ContentError(f"grammar: slot type {type_name} has no known source")
        types.append({"name": type_name, "values": generator(content)})
    expander = Expander(source.get("rules") or {})
    intents = []
    for name, spec in source["intents"].items():
        sentences = spec.get("sentences") or []
        if not all(isinstance(s, str) for s in sentences):
            raise ContentError(
                f"grammar {name}: quote every sentence (YAML reads yes/no as booleans)"
            )
        samples: dict[str, None] = {}
        for template in sentences:
            for sample in expander.expand(f"grammar {name}", template):
                if sample:
                    samples.setdefault(sample, None)
        slots = spec.get("slots") or {}
        intent: dict[str, Any] = {"name": name, "samples": list(samples)}
        if slots:
            intent["slots"] = [{"name": slot, "type": kind} for slot, kind in slots.items()]
        _validate_samples(name, intent["samples"], set(slots))
        intents.append(intent)
    intents.sort(key=lambda i: i["name"] == "AMAZON.FallbackIntent")
    _validate_unique(intents)
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": str(source["invocation"]),
                "intents": intents,
                "types": types,
            }
        }
    }
    problems = check_limits(model, render(model))
    if problems:
        raise ContentError("interaction model over Alexa's limits: " + "; ".join(problems))
    return model


def _validate_samples(intent: str, samples: list[str], slots: set[str]) -> None:
    used: set[str] = set()
    for sample in samples:
        where = f"grammar {intent}: {sample!r}"
        if not _SAMPLE_OK.match(sample) or len(sample) > MAX_SAMPLE_CHARS:
            raise ContentError(f"{where}: only letters, spaces, apostrophes and periods")
        if any(word.startswith("'") for word in sample.split()):
            # "(is|'s)" after a word expands to "what 's": write "(what is|what's)"
            raise ContentError(f"{where}: a word begins with an apostrophe")
        refs = _SLOT_REF.findall(sample)
        for ref in refs:
            if ref not in slots:
                raise ContentError(f"{where}: slot {{{ref}}} is not defined on the intent")
        if len(refs) != len(set(refs)):
            raise ContentError(f"{where}: a slot may appear once in a sample")
        used.update(refs)
    if slots - used:
        raise ContentError(f"grammar {intent}: slots {sorted(slots - used)} are in no sample")


def _validate_unique(intents: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for intent in intents:
        for sample in intent["samples"]:
            key = " ".join(sample.lower().split())
            if key in owner and owner[key] != intent["name"]:
                clashes.append(f"{sample!r} belongs to {owner[key]} and {intent['name']}")
            owner[key] = intent["name"]
    if clashes:
        more = f" (and {len(clashes) - 5} more)" if len(clashes) > 5 else ""
        raise ContentError("grammar: " + "; ".join(clashes[:5]) + more)


def render(model: dict[str, Any]) -> str:
    # one value per line and no indent: the diff stays line by line, and the
    # file is 133,000 characters shorter than with one space
    return json.dumps(model, indent=0, ensure_ascii=False) + "\n"


def model_path(root: Path, locale: str) -> Path:
    return root / "interaction_models" / f"{locale}.json"


def locales() -> list[str]:
    return sorted(p.name for p in GRAMMAR_DIR.iterdir() if (p / "grammar.yaml").is_file())


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
