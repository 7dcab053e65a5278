"""The studio's skill package for `ask deploy`: skill-package/skill.json
(the repository's manifest, named and described for the business, its
pages, its countries) and skill-package/interactionModels/custom/<locale>.json
(the repository's model for each locale, with the studio's invocation name).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backcare.business.profile import Business

from ..interaction_model import render as render_model
from ..packaging import set_endpoint
from ..paths import REPO_ROOT
from . import InitError
from .locales import country, model
from .templating import render

MAX_SUMMARY = 160  # Alexa's limits for the store listing
MAX_DESCRIPTION = 4000
MAX_KEYWORDS = 30
# The sentence certification reads as the health disclaimer (certify.disclaimer).
DISCLAIMER_WORDS = "not give medical advice"
CATEGORY = "HEALTH_AND_FITNESS"


@dataclass(frozen=True)
class Listing:
    """What the store and Alexa need from init beyond the profile."""

    invocation: str
    locales: tuple[str, ...]
    endpoint: str | None = None
    small_icon: str | None = None
    large_icon: str | None = None


def repo_manifest() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((REPO_ROOT / "skill.json").read_text(encoding="utf-8"))
    return found


def disclaimer(info: dict[str, Any]) -> str:
    """The repository's disclaimer paragraph, word for word."""
    for paragraph in str(info["description"]).split("\n\n"):
        if DISCLAIMER_WORDS in paragraph.lower():
            return paragraph
    raise InitError("skill.json: no description paragraph says it does not give medical advice")


def example_phrases(phrases: list[str], old: str, new: str) -> list[str]:
    """The repository's example phrases, opening the studio's skill."""
    opener = re.compile(rf"^(Alexa, (?:open|ask|tell|launch) ){re.escape(old)}\b")
    return [opener.sub(lambda m: m.group(1) + new, phrase) for phrase in phrases[:3]]


def manifest(business: Business, listing: Listing) -> dict[str, Any]:
    source = repo_manifest()
    out = copy.deepcopy(source)
    info_in = source["manifest"]["publishingInformation"]["locales"]
    old_invocation = model("en-US")["interactionModel"]["languageModel"]["invocationName"]
    skill = business.skill_name or business.name
    values = {
        "skill": skill,
        "business": business.name,
        "invocation": listing.invocation,
        "keeps_health": business.keeps_health,
        "has_address": business.address is not None,
    }
    publishing = out["manifest"]["publishingInformation"]
    publishing["locales"] = {}
    for locale in listing.locales:
        base = info_in.get(locale) or info_in["en-US"]
        summary = render("store_summary.txt.j2", **values).strip()
        description = render("description.txt.j2", **values, disclaimer=disclaimer(base)).strip()
        if len(summary) > MAX_SUMMARY or len(description) > MAX_DESCRIPTION:
            raise InitError("--name: too long for the store listing's summary")
        info: dict[str, Any] = {
            "name": skill,
            "summary": summary,
            "description": description,
            "examplePhrases": example_phrases(
                list(base["examplePhrases"]), old_invocation, listing.invocation
            ),
            "keywords": [*base.get("keywords", []), business.name.lower()][:MAX_KEYWORDS],
        }
        if listing.small_icon and listing.large_icon:
            info["smallIconUri"], info["largeIconUri"] = listing.small_icon, listing.large_icon
        publishing["locales"][locale] = info
    publishing["isAvailableWorldwide"] = False
    publishing["distributionCountries"] = [country(locale) for locale in listing.locales]
    publishing["category"] = CATEGORY
    publishing["testingInstructions"] = render("testing.txt.j2", **values).strip()
    privacy = out["manifest"]["privacyAndCompliance"]
    privacy["usesPersonalInfo"] = True  # appointment times, progress: a record per user
    privacy["locales"] = {
        locale: {"privacyPolicyUrl": business.privacy_url, "termsOfUseUrl": business.terms_url}
        for locale in listing.locales
    }
    if listing.endpoint:
        set_endpoint(out, listing.endpoint)
    else:
        # No stand-in ARN: the endpoint is set once the stack exists
        # (`backcare package --root DIR --endpoint ARN`).
        out["manifest"]["apis"]["custom"].pop("endpoint", None)
        out["manifest"]["events"].pop("endpoint", None)
    return out


def write(folder: Path, business: Business, listing: Listing) -> list[Path]:
    """skill-package/ under `folder`; the files written."""
    package = folder / "skill-package"
    models = package / "interactionModels" / "custom"
    models.mkdir(parents=True)
    written = [package / "skill.json"]
    text = json.dumps(manifest(business, listing), indent=2, ensure_ascii=False) + "\n"
    written[0].write_text(text, encoding="utf-8")
    for locale in listing.locales:
        found = model(locale)
        found["interactionModel"]["languageModel"]["invocationName"] = listing.invocation
        path = models / f"{locale}.json"
        path.write_text(render_model(found), encoding="utf-8")
        written.append(path)
    return written
