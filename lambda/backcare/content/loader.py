"""Read and validate a locale's content files (fail fast, name the field)."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from .models import (
    BASE36,
    CODE_MARK,
    HOLD_KINDS,
    RED_FLAG_GRADES,
    SET_UP_ASKS,
    Concern,
    Content,
    Goal,
    MassageType,
    Prompts,
    RedFlag,
    Routine,
    Safety,
    Step,
    Tip,
    TipTopic,
)

CONTENT_DIR = Path(__file__).parent
SOURCES_FILE = "sources.yaml"

Tags = frozenset[str]


class ContentError(ValueError):
    """A content file is malformed; the message names the file and field."""


def locale_dir(locale: str) -> Path:
    return CONTENT_DIR / locale


@cache
def load(locale: str) -> Content:
    folder = locale_dir(locale)
    if not folder.is_dir():
        from .regions import region  # regions.py reads its file through this module

        market = region(locale)
        if market is None or market.content == locale:
            raise ContentError(f"no content for locale {locale!r}")
        return load(market.content)  # a market speaking another's content
    known = source_tags()
    routines = _routines(_read(folder / "routines.yaml"), known)
    tips_raw = _read(folder / "tips.yaml")
    tips = _tips(tips_raw, known)
    prompts = _prompts(_read(folder / "prompts.yaml"), known)
    massage = _read(folder / "massage.yaml") or {}
    massages = _massages(massage.get("types"), known)
    goals = _goals(massage.get("goals"), {m.id for m in massages}, known)
    _check_routine_goals(routines, {g.id for g in goals})
    safety = _safety(_read(folder / "safety.yaml"), known)
    _check_unsuited(safety, routines)
    concern_ids = {c.id for c in safety.concerns}
    for tip in tips:
        if unknown := sorted(set(tip.unsuited) - concern_ids):
            raise ContentError(f"tips.yaml tip {tip.id}: unsuited names no concern {unknown}")
    return Content(
        locale=locale,
        routines=routines,
        tips=tips,
        prompts=prompts,
        massages=massages,
        goals=goals,
        safety=safety,
        tip_topics=_tip_topics(tips_raw, {t.category for t in tips}),
    )


def _check_routine_goals(routines: tuple[Routine, ...], goal_ids: set[str]) -> None:
    for routine in routines:
        if unknown := set(routine.goals) - goal_ids:
            raise ContentError(f"routines.yaml {routine.id}: goals names no goal {sorted(unknown)}")
    if missing := goal_ids - {g for r in routines for g in r.goals}:
        # "which routine is best for ...": every goal has an answer
        raise ContentError(f"routines.yaml: no routine suits the goals {sorted(missing)}")


def _check_unsuited(safety: Safety, routines: tuple[Routine, ...]) -> None:
    routine_ids = {r.id for r in routines}
    step_names = {s.name for r in routines for s in r.steps}
    for concern in safety.concerns:
        where = f"safety.yaml concern {concern.id}"
        if unknown := sorted(set(concern.leave_out) - step_names):
            raise ContentError(f"{where}: leaves out no step {unknown}")
        named = set(concern.unsuited) | ({concern.instead} if concern.instead else set())
        if named - routine_ids:
            raise ContentError(f"{where}: names no routine {sorted(named - routine_ids)}")
        if concern.unsuited and not (concern.instead and concern.unsuited_say):
            raise ContentError(f"{where}: 'unsuited' needs 'unsuited_say' and 'instead'")
        if concern.instead in concern.unsuited:
            raise ContentError(f"{where}: 'instead' is itself unsuited")


# The warning-sign question as asked once the user has said they're pregnant.
PREGNANT_SIGNS = ("question_pregnant", "reprompt_pregnant", "clear_pregnant")

# A tag is a key two spaces in under `sources:` in sources.yaml.
_TAG_LINE = re.compile(r"^  ([A-Za-z][\w-]*):[ \t]*$", re.MULTILINE)


def source_tags() -> Tags:
    """The tags sources.yaml defines, read from its key lines without parsing
    the citations: a YAML parse of the whole file would add to every cold
    start, and only the tags are checked here (tests/test_sources.py checks
    these lines give exactly the keys a full parse gives)."""
    path = CONTENT_DIR / SOURCES_FILE
    try:
        tags = frozenset(_TAG_LINE.findall(path.read_text(encoding="utf-8")))
    except OSError as err:
        raise ContentError(f"{SOURCES_FILE}: {err}") from err
    if not tags:
        raise ContentError(f"{SOURCES_FILE}: no source tags")
    return tags


def _sources(value: Any, where: str, known: Tags, key: str = "sources") -> tuple[str, ...]:
    """An item's `sources`: a non-empty list of tags defined in sources.yaml."""
    if not isinstance(value, list) or not value or not all(isinstance(t, str) for t in value):
        raise ContentError(f"{where}: '{key}' must list the source tags it rests on")
    unknown = [t for t in value if t not in known]
    if unknown:
        raise ContentError(f"{where}: '{key}' names tags not in {SOURCES_FILE}: {unknown}")
    if len(set(value)) != len(value):
        raise ContentError(f"{where}: '{key}' names a tag twice")
    return tuple(value)


def read_yaml(path: Path) -> Any:
    return _read(path)


def _read(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise ContentError(f"{path.name}: {err}") from err


def _text(raw: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _prompts(raw: Any, known: Tags) -> Prompts:
    """Each key: a text, or a list of variants with the same placeholders.
    A parallel `sources` map names the tags of the prompts that state a
    health fact (conversational prompts need none)."""
    if not isinstance(raw, dict) or not raw:
        raise ContentError("prompts.yaml: a mapping of names to texts")
    raw = dict(raw)
    cited = raw.pop("sources", None)
    if not isinstance(cited, dict) or not cited:
        raise ContentError("prompts.yaml: 'sources' must map prompt names to source tags")
    for name in cited:
        if name not in raw:
            raise ContentError(f"prompts.yaml sources: {name!r} names no prompt")
    sources = {
        name: _sources(tags, f"prompts.yaml prompt {name}", known) for name, tags in cited.items()
    }
    texts: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        where = f"prompts.yaml {key}"
        variants = value if isinstance(value, list) else [value]
        if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise ContentError(f"{where}: non-empty text, or a list of non-empty variants")
        fields = [_placeholders(v, where) for v in variants]
        if any(f != fields[0] for f in fields):
            raise ContentError(f"{where}: every variant needs the same {{placeholders}}")
        if len(set(variants)) != len(variants):
            raise ContentError(f"{where}: the same variant twice")
        texts[str(key)] = tuple(v.strip() for v in variants)
    codes = prompt_codes(texts)
    coded = {
        text: f"{codes[key]}{BASE36[index]}"
        for key, variants in texts.items()
        for index, text in enumerate(variants)
        if "{" not in text
    }
    named = {code: key for key, code in codes.items()}
    every = "\n".join(f"{key}\t{chr(31).join(texts[key])}" for key in sorted(texts))
    code_set = hashlib.blake2b(every.encode(), digest_size=2).hexdigest()
    return Prompts(
        texts=texts, sources=sources, codes=codes, coded=coded, named=named, code_set=code_set
    )


def prompt_codes(texts: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Two base-36 characters per prompt, in name order."""
    if any(len(variants) > 36 for variants in texts.values()):
        raise ContentError("a prompt has more than 36 variants")
    if len(texts) > 36 * 36:
        raise ContentError("too many prompts for two-character codes")
    if any(text.startswith(CODE_MARK) for variants in texts.values() for text in variants):
        raise ContentError(f"a prompt starts with {CODE_MARK!r}, the mark of a coded prompt")
    return {key: BASE36[i // 36] + BASE36[i % 36] for i, key in enumerate(sorted(texts))}


def _placeholders(template: str, where: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(template) if name}
    except ValueError as err:
        raise ContentError(f"{where}: {err}") from err


def _routines(raw: Any, known: Tags) -> tuple[Routine, ...]:
    out: list[Routine] = []
    seen: set[str] = set()
    for i, item in enumerate((raw or {}).get("routines") or []):
        where = f"routines.yaml routine {i + 1}"
        rid = _text(item, "id", where)
        if rid in seen:
            raise ContentError(f"{where}: duplicate id {rid!r}")
        seen.add(rid)
        where = f"routines.yaml {rid}"
        steps = tuple(
            _step(s, f"{where} step {n + 1}", known) for n, s in enumerate(item.get("steps") or [])
        )
        if not steps:
            raise ContentError(f"{where}: no steps")
        minutes = item.get("minutes")
        if not isinstance(minutes, int) or minutes <= 0:
            raise ContentError(f"{where}: 'minutes' must be a positive whole number")
        caution = _text(item, "caution", where, required=False)
        caution_stop = _text(item, "caution_stop", where, required=bool(caution))
        out.append(
            Routine(
                id=rid,
                name=_text(item, "name", where),
                synonyms=tuple(str(s) for s in item.get("synonyms") or []),
                minutes=minutes,
                intro=_text(item, "intro", where),
                steps=steps,
                caution=caution,
                caution_stop=caution_stop,
                instead=_text(item, "instead", where, required=bool(caution)),
                sources=_sources(item.get("sources"), where, known),
                set_up=_set_up(item, where),
                goals=tuple(str(g) for g in item.get("goals") or []),
            )
        )
    if not out:
        raise ContentError("routines.yaml: no routines")
    for routine in out:
        if routine.instead and routine.instead not in seen:
            raise ContentError(f"routines.yaml {routine.id}: 'instead' names no routine")
    return tuple(out)


def _step(raw: dict[str, Any], where: str, known: Tags) -> Step:
    hold = raw.get("hold")
    if not isinstance(hold, int) or not 5 <= hold <= 120:
        raise ContentError(f"{where}: 'hold' must be whole seconds from 5 to 120")
    kind = _text(raw, "kind", where)
    if kind not in HOLD_KINDS:
        raise ContentError(f"{where}: 'kind' must be one of {', '.join(HOLD_KINDS)}")
    sides = raw.get("sides", 1)
    if sides not in (1, 2):
        raise ContentError(f"{where}: 'sides' must be 1 or 2")
    return Step(
        name=_text(raw, "name", where),
        cue=_text(raw, "cue", where),
        hold=hold,
        kind=kind,
        feel=_text(raw, "feel", where),
        stop_if=_text(raw, "stop_if", where),
        sides=sides,
        switch=_text(raw, "switch", where, required=sides == 2),
        sources=_sources(raw.get("sources"), where, known),
        synonyms=tuple(str(s) for s in raw.get("synonyms") or []),
    )


def _tips(raw: Any, known: Tags) -> tuple[Tip, ...]:
    out: list[Tip] = []
    seen: set[str] = set()
    for category, items in ((raw or {}).get("tips") or {}).items():
        for i, item in enumerate(items or []):
            where = f"tips.yaml {category} tip {i + 1}"
            tid = _text(item, "id", where)
            if tid in seen:
                raise ContentError(f"{where}: duplicate id {tid!r}")
            seen.add(tid)
            where = f"tips.yaml tip {tid}"
            out.append(
                Tip(
                    id=tid,
                    category=str(category),
                    text=_text(item, "text", where),
                    sources=_sources(item.get("sources"), where, known),
                    unsuited=tuple(str(c) for c in item.get("unsuited") or ()),
                )
            )
    if not out:
        raise ContentError("tips.yaml: no tips")
    return tuple(out)


def _tip_topics(raw: Any, categories: set[str]) -> tuple[TipTopic, ...]:
    out: list[TipTopic] = []
    for i, item in enumerate((raw or {}).get("topics") or []):
        where = f"tips.yaml topic {i + 1}"
        if not isinstance(item, dict):
            raise ContentError(f"{where}: must be a mapping")
        tid = _text(item, "id", where)
        if tid not in categories:
            raise ContentError(f"{where}: {tid!r} is no tips category")
        out.append(TipTopic(tid, _text(item, "name", where), _names(item, where, 1)))
    return tuple(out)


def _names(item: dict[str, Any], where: str, minimum: int) -> tuple[str, ...]:
    synonyms = item.get("synonyms") or []
    if not isinstance(synonyms, list) or not all(isinstance(x, str) for x in synonyms):
        raise ContentError(f"{where}: 'synonyms' must be a list of text")
    if len(synonyms) < minimum:
        raise ContentError(f"{where}: needs at least {minimum} synonyms")
    return tuple(synonyms)


def _set_up(item: dict[str, Any], where: str) -> dict[str, str]:
    raw = item.get("set_up") or {}
    if not isinstance(raw, dict) or set(raw) - set(SET_UP_ASKS):
        raise ContentError(f"{where}: 'set_up' keys must be among {', '.join(SET_UP_ASKS)}")
    return {str(k): _text(raw, str(k), f"{where} set_up") for k in raw}


def _akin(item: dict[str, Any], where: str) -> tuple[str, ...]:
    akin = item.get("akin") or []
    if not isinstance(akin, list) or not all(isinstance(x, str) and x for x in akin):
        raise ContentError(f"{where}: 'akin' must be a list of text")
    return tuple(akin)


_MASSAGE_TEXT = (
    "summary",
    "detail",
    "pressure",
    "used_for",
    "avoid",
    "after",
    "session",
    "back",
    "contrast",
)


def _massages(raw: Any, known: Tags) -> tuple[MassageType, ...]:
    out: list[MassageType] = []
    for i, item in enumerate(raw or []):
        where = f"massage.yaml type {i + 1}"
        mid = _text(item, "id", where)
        where = f"massage.yaml {mid}"
        texts = {key: _text(item, key, where) for key in _MASSAGE_TEXT}
        out.append(
            MassageType(
                id=mid,
                name=_text(item, "name", where),
                # a practice of another name taken as this type ("remedial
                # massage"): heard as a synonym, said so when answered
                synonyms=_names(item, where, 2) + _akin(item, where),
                akin=_akin(item, where),
                related=bool(item.get("related", False)),
                sources=_sources(item.get("sources"), where, known),
                **texts,
            )
        )
    if len({m.id for m in out}) != len(out):
        raise ContentError("massage.yaml: duplicate type id")
    if not out:
        raise ContentError("massage.yaml: no types")
    return tuple(out)


def _goals(raw: Any, types_known: set[str], known: Tags) -> tuple[Goal, ...]:
    out: list[Goal] = []
    for i, item in enumerate(raw or []):
        where = f"massage.yaml goal {i + 1}"
        gid = _text(item, "id", where)
        types = tuple(str(t) for t in item.get("types") or [])
        unknown = [t for t in types if t not in types_known]
        if not types or unknown:
            raise ContentError(f"massage.yaml goal {gid}: 'types' names unknown {unknown}")
        out.append(
            Goal(
                id=gid,
                name=_text(item, "name", where),
                synonyms=_names(item, where, 1),
                types=types,
                say=_text(item, "say", where),
                sources=_sources(item.get("sources"), f"massage.yaml goal {gid}", known),
            )
        )
    return tuple(out)


def _red_flags(raw: Any, known: Tags) -> tuple[RedFlag, ...]:
    out: list[RedFlag] = []
    for i, item in enumerate(raw or []):
        where = f"safety.yaml red flag {i + 1}"
        rid = _text(item, "id", where)
        where = f"safety.yaml red flag {rid}"
        grade = _text(item, "grade", where)
        if grade not in RED_FLAG_GRADES:
            raise ContentError(f"{where}: 'grade' must be one of {', '.join(RED_FLAG_GRADES)}")
        out.append(
            RedFlag(
                rid,
                grade,
                _text(item, "name", where),
                _names(item, where, 3),
                _sources(item.get("sources"), where, known),
            )
        )
    if len(out) < 5:
        raise ContentError("safety.yaml red_flags: at least 5 symptoms")
    if len({r.id for r in out}) != len(out):
        raise ContentError("safety.yaml red_flags: duplicate symptom id")
    return tuple(out)


def _concern(raw: dict[str, Any], known: Tags) -> Concern:
    cid = _text(raw, "id", "safety.yaml concern")
    where = f"safety.yaml concern {cid}"
    return Concern(
        id=cid,
        name=_text(raw, "name", where),
        synonyms=_names(raw, where, 1),
        say=_text(raw, "say", where),
        sources=_sources(raw.get("sources"), where, known),
        unsuited=tuple(str(r) for r in raw.get("unsuited") or ()),
        unsuited_say=str(raw.get("unsuited_say") or ""),
        instead=str(raw.get("instead") or ""),
        leave_out=tuple(str(s) for s in raw.get("leave_out") or ()),
        see_someone=bool(raw.get("see_someone")),
        no_sign=bool(raw.get("no_sign")),
        massage_note=str(raw.get("massage_note") or ""),
        massage_suits=tuple(str(m) for m in raw.get("massage_suits") or ()),
    )


def _safety(raw: Any, known: Tags) -> Safety:
    raw = raw or {}

    def texts(section: str, keys: tuple[str, ...]) -> dict[str, str]:
        block = raw.get(section) or {}
        return {key: _text(block, key, f"safety.yaml {section}") for key in keys}

    def cited(section: str, key: str = "sources") -> tuple[str, ...]:
        block = raw.get(section) or {}
        return _sources(block.get(key), f"safety.yaml {section}", known, key)

    red_flags = _red_flags((raw.get("red_flags") or {}).get("symptoms"), known)
    concerns = tuple(_concern(c, known) for c in raw.get("concerns") or [])
    pain_keys = (
        "ask",
        "ask_reprompt",
        "before",
        "before_reprompt",
        "after",
        "after_reprompt",
        "out_of_range",
        "logged",
        "high",
        "severe",
        "trend_private",
        "trend_today",
        "kept_note",
        "trend_none",
        "trend_one",
        "trend_down",
        "trend_up",
        "trend_steady",
        "rising",
        "stop_today",
        "sharp_rise",
        "rest_today",
    )
    return Safety(
        screen=texts(
            "screen",
            ("question", "reprompt", "stop", "passed", "why", "why_kept", "why_again", "meaning"),
        ),
        red_flags=red_flags,
        red_flag=texts(
            "red_flags",
            ("advice", "card_title", "card", "advice_soon", "card_title_soon", "card_soon"),
        ),
        clearance=texts(
            "clearance", ("question", "reprompt", "cleared", "not_yet", "still_closed")
        ),
        warning_signs=texts(
            "warning_signs",
            ("question", "reprompt", "clear", "later", "urgent", *PREGNANT_SIGNS),
        ),
        concerns=concerns,
        pain=texts("pain", pain_keys),
        discomfort=texts("discomfort", ("advice", "outside", "rest")),
        sources={
            "screen": cited("screen"),
            "red_flag": cited("red_flags"),
            "red_flag_soon": cited("red_flags", "sources_soon"),
            "clearance": cited("clearance"),
            "warning_signs": cited("warning_signs"),
            "pain": cited("pain"),
            "discomfort": cited("discomfort"),
        },
    )
