"""`backcare package --check`: what Alexa's certification checks that can be
read from the package offline, each rule with pass or fail and the reason.

The rules follow Amazon's certification requirements for custom skills as
published (invocation name requirements, example phrases, the built-in
intents answering everywhere, sessions left open only with a question,
SSML and response size, the health disclaimer, real privacy and terms
pages, personal data declared, the category). The skill itself answers
the conversational rules: a device is driven through it here.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

MAX_RESPONSE_BYTES = 24 * 1024
# Words an invocation name may not hold, or begin with (the launch words).
FORBIDDEN = frozenset({"alexa", "amazon", "echo", "skill", "app", "computer"})
LAUNCH_WORDS = frozenset({"ask", "tell", "open", "launch", "start", "begin", "load", "play"})
LAUNCH_WORDS |= {"run", "resume", "enable", "use", "talk"}
CONNECTING = frozenset({"to", "from", "by", "if", "and", "whether", "for", "in", "using", "with"})
# Hosts that stand for no real page.
PLACEHOLDER_HOSTS = re.compile(
    r"(^|\.)(example\.(com|org|net)|localhost|.*\.(example|test|invalid|localhost))$"
)
SSML_TAGS = frozenset({"speak", "break", "p", "s", "emphasis", "prosody", "say-as", "audio"})
SSML_TAGS |= {"lang", "phoneme", "sub", "w", "voice", "amazon:effect", "amazon:emotion"}
BUILT_INS: tuple[str, ...] = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent")
BUILT_INS += ("AMAZON.FallbackIntent",)
# What prompts the user: a question, or words telling them what to say.
PROMPTS_USER = re.compile(r"\?|\bsay\b|\btell me\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    rule: str
    ok: bool
    why: str

    def line(self) -> str:
        return f"{'PASS' if self.ok else 'FAIL'}  {self.rule}: {self.why}"


@dataclass(frozen=True)
class Layout:
    """Where a package's parts are: the repository (skill.json,
    interaction_models/, the sample business) or a studio's folder from
    `backcare init` (skill-package/ as ask deploy reads it, business.yaml)."""

    manifest: Path
    models: Path
    business: Path | None

    @classmethod
    def of(cls, root: Path) -> Layout:
        if (root / "skill.json").is_file():
            return cls(root / "skill.json", root / "interaction_models", None)
        package = root / "skill-package"
        business = root / "business.yaml"
        return cls(
            package / "skill.json",
            package / "interactionModels" / "custom",
            business if business.is_file() else None,
        )


def check(root: Path) -> list[Finding]:
    """Every rule on the package under `root`: the repository's, or a
    studio's folder made by `backcare init` (its own business profile)."""
    layout = Layout.of(root)
    manifest: dict[str, Any] = json.loads(layout.manifest.read_text())["manifest"]
    locales = sorted(manifest["publishingInformation"]["locales"])
    models = {
        locale: json.loads((layout.models / f"{locale}.json").read_text()) for locale in locales
    }
    findings = [invocation(locale, model) for locale, model in models.items()]
    findings += [example_phrases(manifest, locale, model) for locale, model in models.items()]
    findings += conversation(layout.business)
    findings.append(disclaimer(manifest, locales))
    findings.append(pages(manifest, locales))
    findings.append(personal_info(manifest))
    findings.append(health_policy(manifest, locales, layout.business))
    findings.append(category(manifest))
    return findings


def health_policy(manifest: dict[str, Any], locales: list[str], business: Path | None) -> Finding:
    """Alexa's health policy: no health information kept (docs/privacy.md),
    or a HIPAA-eligible skill, which is US only."""
    from backcare.business.profile import ProfileError, load_profile

    rule = "health information (Alexa's health policy)"
    try:
        kept = load_profile(str(business) if business else None).keeps_health
    except ProfileError as err:
        return Finding(rule, False, str(err))
    if not kept:
        return Finding(
            rule, True, "none kept (health_data: none): pain and safety answers stay in the session"
        )
    countries = manifest["publishingInformation"].get("distributionCountries") or []
    if locales != ["en-US"] or countries != ["US"]:
        why = (
            f"health_data: kept needs a HIPAA-eligible skill, US only; locales {', '.join(locales)}"
        )
        return Finding(rule, False, why)
    return Finding(rule, True, "kept, as a HIPAA-eligible skill in the US (en-US only)")


def invocation(locale: str, model: dict[str, Any]) -> Finding:
    name = str(model["interactionModel"]["languageModel"]["invocationName"])
    problems = invocation_problems(name)
    why = "; ".join(problems) if problems else f"{name!r}"
    return Finding(f"invocation name ({locale})", not problems, why)


def invocation_problems(name: str) -> list[str]:
    """What breaks Amazon's invocation-name rules in `name`; empty when none."""
    words = name.split()
    problems = []
    if len(words) < 2:
        problems.append("needs two words or more")
    if not re.fullmatch(r"[a-z][a-z .']*", name):
        problems.append("only lower-case letters, spaces, apostrophes and periods")
    if FORBIDDEN & set(words):
        problems.append(f"holds {', '.join(sorted(FORBIDDEN & set(words)))}")
    if words and (words[0] in LAUNCH_WORDS or words[0] in CONNECTING):
        problems.append(f"begins with the launch or connecting word {words[0]!r}")
    if words and words[-1] in CONNECTING:
        problems.append(f"ends with the connecting word {words[-1]!r}")
    return problems


def example_phrases(manifest: dict[str, Any], locale: str, model: dict[str, Any]) -> Finding:
    """Each example phrase opens the skill by its invocation name and what
    follows it is one of that locale's samples (Alexa's own check)."""
    from .console.nlu import Nlu

    info = manifest["publishingInformation"]["locales"][locale]
    phrases = list(info.get("examplePhrases") or [])
    name = model["interactionModel"]["languageModel"]["invocationName"]
    nlu = Nlu(model)
    bad = []
    opener = re.compile(rf"^Alexa, (open|ask|tell|launch) {re.escape(name)}\b ?(to |for |about )?")
    for phrase in phrases:
        found = opener.match(phrase)
        rest = phrase[found.end() :].rstrip(".?!") if found else ""
        if found is None:
            bad.append(f"{phrase!r} does not open {name!r}")
        elif rest and nlu.exact(rest.lower()) is None:
            bad.append(f"{phrase!r}: {rest!r} is no sample")
    if not 1 <= len(phrases) <= 3:
        bad.append(f"{len(phrases)} example phrases (one to three)")
    why = "; ".join(bad) if bad else f"{len(phrases)} phrases, each a sample"
    return Finding(f"example phrases ({locale})", not bad, why)


def conversation(business: Path | None = None) -> list[Finding]:
    """Help, stop, cancel and fallback answered at every question the skill
    asks, and every reply checked: an open session has a question and a
    reprompt, SSML is valid, the response under 24 KB. The skill speaks for
    `business` (a profile file; None: the sample)."""
    from backcare.content import load
    from backcare.context import Context, Question
    from backcare.settings import Settings
    from backcare.skill import build_skill, lambda_handler_for
    from backcare.store import open_store

    from .console.device import Device

    settings = Settings(
        store_url="memory://",
        skill_id=None,
        business_path=str(business) if business else None,
        log_level="ERROR",
    )
    handler = lambda_handler_for(build_skill(settings, store=open_store("memory://")))
    prompts = load("en-US").prompts
    replies: list[tuple[str, dict[str, Any]]] = []
    unanswered = []
    for question in [None, *Question]:
        for intent in BUILT_INS:
            device = Device(invoke=lambda event: handler(event, None))
            device.launch()
            ctx = Context(question=question, reprompt=prompts("menu_reprompt"))
            device.attributes = {**device.attributes, "ctx": ctx.carried(prompts.short)}
            reply = device.intent(intent)
            replies.append((f"{intent} at {question.value if question else 'the menu'}", reply))
            if not (reply.get("response") or {}).get("outputSpeech"):
                unanswered.append(f"{intent} at {question}")
    states = len(Question) + 1
    answered = Finding(
        "help, stop, cancel, fallback in every state",
        not unanswered,
        "; ".join(unanswered) if unanswered else f"answered at {states} states",
    )
    return [answered, *replies_rules(replies)]


def replies_rules(replies: list[tuple[str, dict[str, Any]]]) -> list[Finding]:
    open_bad, ssml_bad, size_bad = [], [], []
    for where, reply in replies:
        response = reply.get("response") or {}
        speech = str((response.get("outputSpeech") or {}).get("ssml") or "")
        reprompt = str(
            ((response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml") or ""
        )
        prompted = bool(PROMPTS_USER.search(speech + reprompt))
        if response.get("shouldEndSession") is False and not (reprompt and prompted):
            open_bad.append(where)
        for ssml in (speech, reprompt):
            if ssml and not valid_ssml(ssml):
                ssml_bad.append(where)
        if len(json.dumps(reply).encode()) >= MAX_RESPONSE_BYTES:
            size_bad.append(where)
    n = len(replies)
    return [
        Finding(
            "open sessions prompt the user, with a reprompt",
            not open_bad,
            "; ".join(open_bad[:5]) if open_bad else f"{n} replies",
        ),
        Finding(
            "valid SSML", not ssml_bad, "; ".join(ssml_bad[:5]) if ssml_bad else f"{n} replies"
        ),
        Finding(
            "responses under 24 KB",
            not size_bad,
            "; ".join(size_bad[:5]) if size_bad else f"{n} replies",
        ),
    ]


def valid_ssml(ssml: str) -> bool:
    try:
        root = ET.fromstring(ssml)
    except ET.ParseError:
        return False
    return root.tag == "speak" and all(e.tag in SSML_TAGS for e in root.iter())


def disclaimer(manifest: dict[str, Any], locales: list[str]) -> Finding:
    missing = [
        locale
        for locale in locales
        if "not give medical advice"
        not in manifest["publishingInformation"]["locales"][locale]["description"].lower()
        and "not medical advice"
        not in manifest["publishingInformation"]["locales"][locale]["description"].lower()
    ]
    why = f"missing in {', '.join(missing)}" if missing else "in every locale's description"
    return Finding("the description says it is not medical advice", not missing, why)


def pages(manifest: dict[str, Any], locales: list[str]) -> Finding:
    """The privacy policy and terms of use are set, https, and real pages."""
    bad = []
    privacy = (manifest.get("privacyAndCompliance") or {}).get("locales") or {}
    for locale in locales:
        for key in ("privacyPolicyUrl", "termsOfUseUrl"):
            url = str((privacy.get(locale) or {}).get(key) or "")
            parts = urlparse(url)
            if not url:
                bad.append(f"{locale} {key} is not set")
            elif parts.scheme != "https" or PLACEHOLDER_HOSTS.search(parts.hostname or ""):
                bad.append(f"{locale} {key} {url} is a placeholder or not https")
    why = "; ".join(bad) if bad else "set, https, on real hosts"
    return Finding("privacy policy and terms of use", not bad, why)


def personal_info(manifest: dict[str, Any]) -> Finding:
    """The skill keeps a record per user (progress, sessions, reminders)."""
    declared = bool((manifest.get("privacyAndCompliance") or {}).get("usesPersonalInfo"))
    why = "declared" if declared else "usesPersonalInfo must be true: it keeps a record per user"
    return Finding("personal data declared", declared, why)


def category(manifest: dict[str, Any]) -> Finding:
    found = manifest["publishingInformation"].get("category")
    ok = found == "HEALTH_AND_FITNESS"
    return Finding("category", ok, f"{found}" if ok else f"{found}: should be HEALTH_AND_FITNESS")
