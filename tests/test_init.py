"""`backcare init DIR`: a studio's own deployable skill in one command, and
bad input refused with one line naming the field, leaving nothing behind."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backcare.business.profile import SAMPLE, load_profile
from backcare.settings import Settings
from backcare.skill import build_skill, lambda_handler_for
from backcare.store import open_store
from backcare_tools.certify import check, example_phrases
from backcare_tools.cli import main
from backcare_tools.studio.privacy_page import check_coverage
from tests.conftest import Clock, Rig
from tests.helpers import text
from tests.test_deploy import sam

NAME = "Harbour Massage"
INVOCATION = "harbour back coach"
PRIVACY = "https://harbourmassage.co.uk/privacy"
TERMS = "https://harbourmassage.co.uk/terms"
PHONE = "020 7946 0123"


def flags(**changed: str | None) -> list[str]:
    """A complete init for en-US; a value of None leaves that flag out."""
    given: dict[str, str | None] = {
        "--name": NAME,
        "--invocation": INVOCATION,
        "--locales": "en-US",
        "--phone": PHONE,
        "--booking-url": "https://harbourmassage.co.uk/book",
        "--timezone": "Europe/London",
        "--currency": "pounds",
        "--privacy-url": PRIVACY,
        "--terms-url": TERMS,
    }
    given.update({f"--{key.replace('_', '-')}": value for key, value in changed.items()})
    return [part for flag, value in given.items() if value is not None for part in (flag, value)]


def run_init(
    folder: Path, capsys: pytest.CaptureFixture[str], *extra: str, **changed: str | None
) -> tuple[int, str, str]:
    code = main(["init", str(folder), *flags(**changed), *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One studio's folder, made by the real command in a new process."""
    folder = tmp_path_factory.mktemp("studio") / "harbour"
    done = subprocess.run(
        [sys.executable, "-m", "backcare_tools.cli", "init", str(folder), *flags()],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield folder, done.stdout


def manifest_of(folder: Path) -> dict[str, Any]:
    found: dict[str, dict[str, Any]] = json.loads(
        (folder / "skill-package" / "skill.json").read_text()
    )
    return found["manifest"]


def test_init_writes_every_file_of_a_deployable_skill(studio: tuple[Path, str]) -> None:
    folder, out = studio
    for name in (
        "business.yaml",
        "skill-package/skill.json",
        "skill-package/interactionModels/custom/en-US.json",
        "template.yaml",
        "Makefile",
        "ask-resources.json",
        "lambda/lambda_function.py",
        "lambda/requirements.txt",
        "lambda/backcare/skill.py",
        "lambda/backcare/content/en-US/routines.yaml",
        "privacy.md",
        "privacy.html",
    ):
        assert (folder / name).is_file(), name
    assert not list((folder / "lambda").rglob("__pycache__"))
    assert [p.name for p in folder.parent.iterdir()] == ["harbour"]  # no temporary folder left
    resources = json.loads((folder / "ask-resources.json").read_text())
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"
    assert "11 of 11 rules pass" in out
    assert "sam deploy --guided" in out and "ask deploy" in out


def test_the_model_and_every_example_phrase_use_the_new_invocation_name(
    studio: tuple[Path, str],
) -> None:
    folder, _ = studio
    manifest = manifest_of(folder)
    model = json.loads((folder / "skill-package/interactionModels/custom/en-US.json").read_text())
    assert model["interactionModel"]["languageModel"]["invocationName"] == INVOCATION
    phrases = manifest["publishingInformation"]["locales"]["en-US"]["examplePhrases"]
    assert phrases and all(
        f"Alexa, open {INVOCATION}" in p or f"ask {INVOCATION} " in p for p in phrases
    )
    assert not any("back care coach" in p for p in phrases)
    assert example_phrases(manifest, "en-US", model).ok  # each still a sample of the model


def test_the_manifest_names_the_business_and_its_pages(studio: tuple[Path, str]) -> None:
    folder, _ = studio
    manifest = manifest_of(folder)
    publishing = manifest["publishingInformation"]
    info = publishing["locales"]["en-US"]
    assert info["name"] == "Harbour Massage Back Care"
    assert NAME in info["summary"] and len(info["summary"]) <= 160
    assert NAME in info["description"]
    assert "does not give medical advice" in info["description"]
    assert "No health information is kept" in info["description"]
    assert publishing["distributionCountries"] == ["US"]
    assert publishing["isAvailableWorldwide"] is False
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    assert INVOCATION in publishing["testingInstructions"]
    privacy = manifest["privacyAndCompliance"]
    assert privacy["usesPersonalInfo"] is True
    assert privacy["locales"] == {"en-US": {"privacyPolicyUrl": PRIVACY, "termsOfUseUrl": TERMS}}
    # No stand-in endpoint: it is set once the stack exists.
    assert "endpoint" not in manifest["apis"]["custom"]


def test_the_profile_loads_and_the_skill_greets_with_the_business(
    studio: tuple[Path, str],
) -> None:
    folder, _ = studio
    profile = load_profile(str(folder / "business.yaml"))
    assert (profile.name, profile.phone, profile.currency) == (NAME, PHONE, "pounds")
    assert (profile.privacy_url, profile.terms_url) == (PRIVACY, TERMS)
    assert profile.timezone == "Europe/London" and not profile.keeps_health
    assert PHONE in profile.booking and "555 0142" not in profile.booking
    assert profile.address is None  # the sample's street is no studio's
    store = open_store("memory://")
    settings = Settings("memory://", None, str(folder / "business.yaml"), "INFO")
    rig = Rig(store=store, clock=Clock(), handler=lambda_handler_for(build_skill(settings, store)))
    device = rig.device()
    assert "Welcome to Harbour Massage Back Care" in text(device.launch())
    assert PHONE in text(device.intent("BookingIntent"))


def test_certification_passes_on_the_folder(
    studio: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = studio
    findings = check(folder)
    assert all(f.ok for f in findings), [f.line() for f in findings if not f.ok]
    assert main(["package", "--check", "--root", str(folder)]) == 0
    assert "11 of 11 rules pass" in capsys.readouterr().out


def test_the_stack_builds_the_profile_into_the_code(studio: tuple[Path, str]) -> None:
    folder, _ = studio
    template = (folder / "template.yaml").read_text()
    assert re.search(r"BusinessProfile:\n    Type: String\n    Default: business\.yaml\n", template)
    assert "CodeUri: lambda/" in template
    makefile = (folder / "Makefile").read_text()
    assert 'package --lambda "$(ARTIFACTS_DIR)" --root . --business business.yaml' in makefile
    result = sam("validate", "--lint", "--template-file", str(folder / "template.yaml"), cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_build_refuses_a_broken_profile_before_anything_else(
    studio: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = studio
    broken = tmp_path / "business.yaml"
    broken.write_text((folder / "business.yaml").read_text().replace("9:00-19:00", "9-7"))
    out = tmp_path / "build"
    args = ["package", "--lambda", str(out), "--root", str(folder), "--business", str(broken)]
    assert main(args) == 1
    assert "'hours.monday'" in capsys.readouterr().err
    assert not out.exists()


def test_the_endpoint_is_set_in_the_folder_after_the_stack_exists(
    studio: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, _ = studio
    folder = tmp_path / "copy"
    (folder / "skill-package").mkdir(parents=True)
    (folder / "skill-package" / "skill.json").write_bytes(
        (source / "skill-package" / "skill.json").read_bytes()
    )
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:harbour-SkillFunction-x:live"
    assert main(["package", "--root", str(folder), "--endpoint", arn]) == 0
    manifest = manifest_of(folder)
    assert manifest["apis"]["custom"]["endpoint"] == {"uri": arn}
    assert manifest["events"]["endpoint"] == {"uri": arn}
    assert main(["package", "--root", str(folder)]) == 1  # nothing to do without one
    assert "--endpoint" in capsys.readouterr().err


def test_the_skill_id_goes_to_the_stack_and_the_ask_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "harbour"
    skill_id = "amzn1.ask.skill.12345678-abcd-ef01-2345-6789abcdef01"
    code, out, err = run_init(folder, capsys, "--skill-id", skill_id)
    assert code == 0, err
    states = json.loads((folder / ".ask" / "ask-states.json").read_text())
    assert states["profiles"]["default"]["skillId"] == skill_id
    assert (
        f"SkillId:\n    Type: String\n    Default: {skill_id}\n"
        in (folder / "template.yaml").read_text()
    )
    assert "SkillId=" not in out  # the guided deploy proposes it


def words(markup: str) -> list[str]:
    """The words of a page, markup left out."""
    plain = re.sub(r"<style>.*?</style>|<title>.*?</title>|<[^>]+>", " ", markup, flags=re.S)
    plain = plain.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return re.findall(r"[A-Za-z0-9']+", re.sub(r"^#+ |^- ", " ", plain, flags=re.M))


def test_the_privacy_page_says_what_is_stored_for_the_profile(
    studio: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = studio
    kept = tmp_path / "kept"
    code, _, err = run_init(kept, capsys, health_data="kept")
    assert code == 0, err
    none_md, kept_md = ((f / "privacy.md").read_text() for f in (folder, kept))
    assert none_md != kept_md
    assert "keeps no health information" in none_md and "pain check-ins" not in none_md
    assert "Your pain check-ins: a score from 0 to 10" in kept_md
    assert "keeps no health information" not in kept_md
    for page in (none_md, kept_md):
        for said in (NAME, PHONE, "Disable Skill", "Nothing is sold", "Amazon runs Alexa"):
            assert said in page
    kept_html = (kept / "privacy.html").read_text()
    assert "pain check-ins" in kept_html and kept_html != (folder / "privacy.html").read_text()
    # The two forms say the same words.
    for each in (folder, kept):
        assert words((each / "privacy.md").read_text()) == words(
            (each / "privacy.html").read_text()
        )
    # The listing says the same as the page.
    assert (
        "It keeps your pain scores"
        in manifest_of(kept)["publishingInformation"]["locales"]["en-US"]["description"]
    )


def test_every_stored_field_is_described_on_the_privacy_page() -> None:
    check_coverage()  # raises when the record gains a field the page leaves out


def test_a_business_name_is_escaped_in_the_html_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_init(tmp_path / "s", capsys, name="Backs & <Bodies>")
    assert code == 0, err
    html = (tmp_path / "s" / "privacy.html").read_text()
    assert "Backs &amp; &lt;Bodies&gt;" in html and "<Bodies>" not in html


def profile_with(tmp_path: Path, old: str, new: str) -> str:
    path = tmp_path / "profile.yaml"
    text = SAMPLE.read_text().replace("example.com/harbor-street-massage", "harbourmassage.co.uk")
    assert old in text
    path.write_text(text.replace(old, new))
    return str(path)


BAD: list[tuple[str, dict[str, str | None], str]] = [
    ("one-word invocation", {"invocation": "coach"}, "invocation name: needs two words or more"),
    ("launch word", {"invocation": "open harbour coach"}, "invocation name: begins with"),
    (
        "unknown locale",
        {"locales": "en-US,en-NZ"},
        "--locales: unknown locale 'en-NZ' (known: en-US, en-CA, en-GB, en-AU, en-IN)",
    ),
    ("kept outside the US", {"locales": "en-US,en-GB", "health_data": "kept"}, "'health_data'"),
    ("http privacy page", {"privacy_url": "http://harbourmassage.co.uk/p"}, "'privacy_url'"),
    ("placeholder terms", {"terms_url": "https://example.com/terms"}, "'terms_url'"),
    ("sample phone", {"phone": "555 0142"}, "'phone'"),
    ("phone missing", {"phone": None}, "'phone' (--phone) is the sample's number"),
    ("zone missing", {"timezone": None}, "'timezone' (--timezone) is missing"),
    ("unknown zone", {"timezone": "Europe/Atlantis"}, "'timezone'"),
    ("long name", {"name": "A" * 41}, "'name' (--name) must be at most 40 characters"),
    ("bad skill id", {"skill_id": "123"}, "--skill-id"),
]


@pytest.mark.parametrize(("case", "changed", "named"), BAD, ids=[c for c, _, _ in BAD])
def test_bad_input_is_one_line_naming_the_field_and_leaves_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    changed: dict[str, str | None],
    named: str,
) -> None:
    folder = tmp_path / "harbour"
    code, out, err = run_init(folder, capsys, **changed)
    assert code == 2, case
    assert err.count("\n") == 1 and err.startswith("backcare init: ") and named in err, err
    assert out == ""
    assert list(tmp_path.iterdir()) == []  # neither DIR nor a temporary folder


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        (
            'monday: "9:00-19:00"',
            'monday: "9-5"',
            "'hours.monday' must be like 9:00-17:00 or closed",
        ),
        (
            "{minutes: 60, price: 85}",
            "{minutes: 60, price: eighty}",
            "'services[0].options[0].price'",
        ),
        ("health_data: none", "health_data: sometimes", "'health_data'"),
    ],
)
def test_a_malformed_profile_is_refused_by_the_skills_own_loader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, named: str
) -> None:
    profile = profile_with(tmp_path, old, new)
    folder = tmp_path / "harbour"
    code, _, err = run_init(folder, capsys, "--profile", profile)
    assert code == 2 and err.count("\n") == 1 and named in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.yaml"]


def test_a_folder_that_holds_something_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "harbour"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    code, _, err = run_init(folder, capsys)
    assert code == 2 and "exists and is not empty" in err and err.count("\n") == 1
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["harbour"]


def test_an_empty_folder_is_filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "harbour"
    folder.mkdir()
    code, _, err = run_init(folder, capsys)
    assert code == 0, err
    assert (folder / "business.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["harbour"]
    mask = os.umask(0)
    os.umask(mask)
    assert folder.stat().st_mode & 0o777 == 0o777 & ~mask, "the folder as the umask allows"


def test_a_studio_in_all_five_markets_gets_a_model_and_a_listing_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markets = ["en-GB", "en-AU", "en-US", "en-CA", "en-IN"]
    folder = tmp_path / "five"
    code, out, err = run_init(folder, capsys, locales=",".join(markets), currency="pounds")
    assert code == 0, err
    assert "19 of 19 rules pass" in out
    manifest = manifest_of(folder)
    info = manifest["publishingInformation"]
    assert sorted(info["locales"]) == sorted(markets)
    assert sorted(info["distributionCountries"]) == ["AU", "CA", "GB", "IN", "US"]
    assert sorted(manifest["privacyAndCompliance"]["locales"]) == sorted(markets)
    models = folder / "skill-package" / "interactionModels" / "custom"
    for market in markets:
        model = json.loads((models / f"{market}.json").read_text())
        assert model["interactionModel"]["languageModel"]["invocationName"] == (
            "harbour back coach"
        )


def test_a_terminal_is_asked_for_each_missing_field_again_after_a_bad_answer(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "harbour"
    parent, child = pty.openpty()
    try:
        # The answers wait in the terminal: a bad number, then a good one.
        os.write(parent, b"call us\n020 7946 0999\n")
        done = subprocess.run(
            [sys.executable, "-m", "backcare_tools.cli", "init", str(folder), *flags(phone=None)],
            stdin=child,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(child)
        os.close(parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("The phone number clients call:") == 2
    assert "must be a phone number" in done.stderr
    assert load_profile(str(folder / "business.yaml")).phone == "020 7946 0999"
