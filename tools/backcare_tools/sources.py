"""The sources behind the content: read and check the full citations in
content/sources.yaml, list what each content item cites, and render
docs/sources.md for readers (`backcare sources build`, `check`).

The Lambda loader reads only the tags (cold start); the citations are read
here, by the tools and the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from backcare.content import Content, ContentError, load
from backcare.content.loader import CONTENT_DIR, SOURCES_FILE, read_yaml

DOCS_FILE = Path("docs") / "sources.md"
_WORK_KEYS = ("authors", "title", "published", "note", "urls")


class Work(NamedTuple):
    """One cited work or set of pages; any field may be empty."""

    authors: str
    title: str
    published: str
    note: str
    urls: tuple[str, ...]


class Source(NamedTuple):
    tag: str
    about: str
    cites: tuple[Work, ...]


class Citation(NamedTuple):
    """A content item and the tags it names. `part` is a routine's step."""

    file: str
    item: str
    tags: tuple[str, ...]
    part: str = ""

    def label(self) -> str:
        return " ".join(x for x in (self.file, self.item, self.part) if x)


def read_sources(path: Path | None = None) -> dict[str, Source]:
    """Every tag of sources.yaml with its citation, in file order; a malformed
    entry raises ContentError naming the tag."""
    raw = read_yaml(path or CONTENT_DIR / SOURCES_FILE) or {}
    entries = raw.get("sources")
    if not isinstance(entries, dict) or not entries:
        raise ContentError(f"{SOURCES_FILE}: 'sources' must map tags to citations")
    return {str(tag): _source(str(tag), entry) for tag, entry in entries.items()}


def _source(tag: str, entry: Any) -> Source:
    where = f"{SOURCES_FILE} {tag}"
    if not isinstance(entry, dict) or not isinstance(entry.get("about"), str):
        raise ContentError(f"{where}: needs 'about' text and 'cites'")
    cites = entry.get("cites")
    if not isinstance(cites, list) or not cites:
        raise ContentError(f"{where}: 'cites' must list at least one work")
    return Source(tag, entry["about"].strip(), tuple(_work(w, where) for w in cites))


def _work(raw: Any, where: str) -> Work:
    if not isinstance(raw, dict) or set(raw) - set(_WORK_KEYS) or not raw:
        raise ContentError(f"{where}: a work has only {', '.join(_WORK_KEYS)}")
    urls = raw.get("urls") or []
    if not isinstance(urls, list) or not all(
        isinstance(u, str) and u.startswith(("https://", "http://")) for u in urls
    ):
        raise ContentError(f"{where}: 'urls' must be a list of http(s) addresses")
    text = {key: str(raw.get(key) or "").strip() for key in _WORK_KEYS[:-1]}
    if not (text["title"] or text["published"] or urls):
        raise ContentError(f"{where}: a work needs a title, where it was published, or urls")
    return Work(urls=tuple(urls), **text)


def citations(content: Content) -> Iterator[Citation]:
    """Every content item of a locale with the tags it names."""
    for routine in content.routines:
        yield Citation("routines.yaml", routine.id, routine.sources)
        for n, step in enumerate(routine.steps, 1):
            yield Citation("routines.yaml", routine.id, step.sources, f"step {n}")
    for tip in content.tips:
        yield Citation("tips.yaml", tip.id, tip.sources)
    for massage in content.massages:
        yield Citation("massage.yaml", massage.id, massage.sources)
    for goal in content.goals:
        yield Citation("massage.yaml", f"goal {goal.id}", goal.sources)
    safety = content.safety
    for block, tags in safety.sources.items():
        yield Citation("safety.yaml", block.replace("_", " "), tags)
    for flag in safety.red_flags:
        yield Citation("safety.yaml", f"red flag {flag.id}", flag.sources)
    for concern in safety.concerns:
        yield Citation("safety.yaml", f"concern {concern.id}", concern.sources)
    for name, tags in content.prompts.sources.items():
        yield Citation("prompts.yaml", name, tags)


def locales() -> list[str]:
    return sorted(p.name for p in CONTENT_DIR.iterdir() if (p / "prompts.yaml").is_file())


def render(sources: dict[str, Source], contents: list[Content]) -> str:
    cited: dict[str, dict[str, list[str]]] = {tag: {} for tag in sources}
    for content in contents:
        for citation in citations(content):
            for tag in citation.tags:
                items = cited[tag].setdefault(f"{content.locale} {citation.file}", [])
                if citation.item not in items:
                    items.append(citation.item)
    lines = [
        "# Sources",
        "",
        f"<!-- Generated from lambda/backcare/content/{SOURCES_FILE} by `backcare sources "
        "build`: edit that file, not this one. -->",
        "",
        "What Back Care Coach says about back care, massage and safety rests on the",
        "published sources below. Each tip, routine and routine step, massage type and",
        "goal, safety text and health prompt names its sources by tag",
        "(`sources: [TAG, ...]` in `lambda/backcare/content/<locale>/*.yaml`), and the",
        f"skill does not load an item without sources or with a tag missing from `{SOURCES_FILE}`.",
        "",
        "| Tag | About | Items citing it |",
        "|---|---|---|",
    ]
    for source in sources.values():
        count = sum(len(items) for items in cited[source.tag].values())
        lines.append(f"| [{source.tag}](#{source.tag.lower()}) | {source.about} | {count} |")
    for source in sources.values():
        lines += ["", f"## {source.tag}", "", f"{source.about}.", ""]
        lines += [f"- {_cite(work)}" for work in source.cites]
        lines += ["", "Cited by:", ""]
        lines += [f"- {where}: {', '.join(items)}" for where, items in cited[source.tag].items()]
    return "\n".join(lines) + "\n"


def _cite(work: Work) -> str:
    title = work.title and f"*{work.title}*" + ("" if work.title[-1] in ".?!" else ".")
    parts = [work.authors, title, work.published and f"{work.published}."]
    links = " ; ".join(f"<{url}>" for url in work.urls)
    parts.append(f"{work.note}: {links}" if work.note and links else work.note or links)
    return " ".join(p for p in parts if p)


def docs() -> str:
    """docs/sources.md from the package's sources and content, as the skill reads them."""
    return render(read_sources(), [load(locale) for locale in locales()])


def write(root: Path) -> Path:
    path = root / DOCS_FILE
    path.write_text(docs(), encoding="utf-8")
    return path


def stale(root: Path) -> bool:
    """Whether the committed docs/sources.md differs from a fresh render."""
    path = root / DOCS_FILE
    return not path.is_file() or path.read_text(encoding="utf-8") != docs()
