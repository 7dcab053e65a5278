"""The evidence ships with the product: every content item names known
sources, every source is cited, docs/sources.md is current, the loader
refuses an item without sources, and nothing in the repository points at
files outside it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from backcare.content import ContentError, load
from backcare.content import loader as content_loader
from backcare_tools.sources import DOCS_FILE, citations, docs, locales, read_sources
from tests.conftest import ROOT

SOURCES = read_sources()
CONTENTS = [load(locale) for locale in locales()]


def test_every_item_names_known_sources() -> None:
    for content in CONTENTS:
        cited = list(citations(content))
        assert len(cited) == (
            sum(1 + len(r.steps) for r in content.routines)
            + len(content.tips)
            + len(content.massages)
            + len(content.goals)
            + 7  # screen, emergency and see-soon advice, clearance, warning signs, pain, discomfort
            + len(content.safety.red_flags)
            + len(content.safety.concerns)
            + len(content.prompts.sources)
        )
        for citation in cited:
            assert citation.tags, citation.label()
            unknown = set(citation.tags) - set(SOURCES)
            assert not unknown, f"{citation.label()} cites {unknown}"


def test_every_source_is_cited() -> None:
    used = {tag for content in CONTENTS for c in citations(content) for tag in c.tags}
    assert set(SOURCES) - used == set(), "sources.yaml lists tags no content cites"


def test_the_loader_reads_the_same_tags_as_a_full_parse() -> None:
    """The loader takes the tags from the key lines without a YAML parse
    (cold start); this keeps that cheap read honest."""
    path = content_loader.CONTENT_DIR / content_loader.SOURCES_FILE
    parsed = yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    assert content_loader.source_tags() == set(parsed) == set(SOURCES)


def test_every_source_has_a_citation() -> None:
    for source in SOURCES.values():
        assert source.about and source.cites, source.tag
        assert any(work.urls for work in source.cites), f"{source.tag} has no address"


# Words that make a prompt a health statement, and the prompts that use one
# without stating a health fact.
HEALTH_WORDS = re.compile(
    r"\b(doctor|pain|hurts?|numb(ness)?|bladder|bowel|blood|osteoporosis|pregnan\w*|"
    r"fever|injur\w*|medical|emergency|clot|bleeding)\b",
    re.IGNORECASE,
)
NOT_HEALTH_FACTS = {
    "help_general",  # what the skill can do
    "unsaved_pain",  # "your pain score": a storage notice
    "goal_unknown",  # the goals the skill can suggest a massage for (each cited)
    "goal_reprompt",  # the same, as a question
}


def test_prompts_that_state_a_health_fact_name_sources() -> None:
    for content in CONTENTS:
        texts = content.prompts.texts
        for name, value in texts.items():
            spoken = " ".join(value)  # every variant
            if HEALTH_WORDS.search(spoken) and name not in NOT_HEALTH_FACTS:
                assert name in content.prompts.sources, f"prompts.yaml {name} needs sources"
        assert set(texts) >= NOT_HEALTH_FACTS


def test_docs_match_the_sources_file() -> None:
    assert (ROOT / DOCS_FILE).read_text(encoding="utf-8") == docs(), (
        "docs/sources.md is out of date: run backcare sources build"
    )


# (file, text to replace, replacement, the error expected)
BROKEN = [
    (
        "tips.yaml",
        "      sources: [NHS-Self, ACP-2017]\n",
        "",
        r"tips\.yaml tip act-keep-going: 'sources' must list",
    ),
    (
        "tips.yaml",
        "sources: [Pengel-2003]",
        "sources: [Pengel-2003, Nobody-1999]",
        r"tips\.yaml tip act-flare-ups: 'sources' names tags not in sources\.yaml: "
        r"\['Nobody-1999'\]",
    ),
    (
        "routines.yaml",
        "        sources: [NHS-Ex]\n",
        "",
        r"routines\.yaml morning_mobility step 1: 'sources'",
    ),
    (
        "routines.yaml",
        "    sources: [NHS-Ex, Stretch]\n",
        "    sources: []\n",
        r"routines\.yaml morning_mobility: 'sources'",
    ),
    ("massage.yaml", "    sources: [CST]\n", "", r"massage\.yaml craniosacral: 'sources'"),
    (
        "massage.yaml",
        "    sources: [NMT, Types]\n",
        "    sources: [NMT, NMT]\n",
        r"massage\.yaml goal knots: 'sources' names a tag twice",
    ),
    (
        "safety.yaml",
        "  sources_soon: [RedFlags, NHS-Self]\n",
        "",
        r"safety\.yaml red_flags: 'sources_soon'",
    ),
    (
        "safety.yaml",
        "    sources: [Massage-Safety, Stretch, SelfMassage]\n",
        "    sources: Massage-Safety\n",
        r"safety\.yaml concern osteoporosis: 'sources'",
    ),
    (
        "prompts.yaml",
        "  disclaimer: [Alexa, CES-card, RedFlags]\n",
        "  disclaimer: [Alexa, Hearsay]\n",
        r"prompts\.yaml prompt disclaimer: 'sources' names tags",
    ),
    (
        "prompts.yaml",
        "  disclaimer: [Alexa, CES-card, RedFlags]\n",
        "  disclaimers: [Alexa]\n",
        r"prompts\.yaml sources: 'disclaimers' names no prompt",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "error"), BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)]
)
def test_an_item_without_known_sources_fails_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str, error: str
) -> None:
    shutil.copytree(content_loader.locale_dir("en-US"), tmp_path / "xx-XX")
    shutil.copy(content_loader.CONTENT_DIR / content_loader.SOURCES_FILE, tmp_path)
    path = tmp_path / "xx-XX" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(content_loader, "CONTENT_DIR", tmp_path)
    with pytest.raises(ContentError, match=error):
        content_loader.load.__wrapped__("xx-XX")


# Written in pieces so that this file does not name them itself.
OUTSIDE = [
    "shared" + "/content-facts",
    "shared" + "/DESIGN",
    "shared" + "/seed",
    "../" + "shared",
    "/work" + "/shared",
]
FACT_SHEET = re.compile(r"fact\s+sheet", re.IGNORECASE)


def repository_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [f for f in listed.split("\0") if f and not f.startswith("tests/node_modules/")]


def test_nothing_refers_to_files_outside_the_repository() -> None:
    found = []
    for name in repository_files():
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the working tree
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [f"{name}: {s}" for s in OUTSIDE if s in text]
        found += [f"{name}: {m.group()!r}" for m in FACT_SHEET.finditer(text)]
    assert found == []
