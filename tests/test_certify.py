"""`backcare package --check`: Alexa's certification rules read offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backcare.business.profile import SAMPLE
from backcare_tools.certify import check, invocation, valid_ssml

ROOT = Path(__file__).resolve().parent.parent


def _package(tmp_path: Path, change: Any = None) -> Path:
    shutil.copy(ROOT / "skill.json", tmp_path / "skill.json")
    shutil.copytree(ROOT / "interaction_models", tmp_path / "interaction_models")
    data = json.loads((tmp_path / "skill.json").read_text())
    for pages in data["manifest"]["privacyAndCompliance"]["locales"].values():
        pages["privacyPolicyUrl"] = "https://harbourmassage.co.uk/privacy"
        pages["termsOfUseUrl"] = "https://harbourmassage.co.uk/terms"
    if change is not None:
        change(data["manifest"])
    (tmp_path / "skill.json").write_text(json.dumps(data))
    return tmp_path


def test_the_sample_package_fails_only_on_its_placeholder_pages() -> None:
    findings = check(ROOT)
    failed = [f.rule for f in findings if not f.ok]
    assert failed == ["privacy policy and terms of use"]
    # Per market: its invocation name and example phrases; then nine rules.
    assert len(findings) == 2 * 5 + 9


def test_a_package_with_real_pages_passes_every_rule(tmp_path: Path) -> None:
    findings = check(_package(tmp_path))
    assert all(f.ok for f in findings), [f.line() for f in findings if not f.ok]
    result = subprocess.run(
        [sys.executable, "-m", "backcare_tools.cli", "package", "--check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "19 of 19 rules pass" in result.stdout


def _phrases(manifest: dict[str, Any]) -> None:
    manifest["publishingInformation"]["locales"]["en-US"]["examplePhrases"][1] = (
        "Alexa, ask back care coach to order me a pizza"
    )


def _disclaimer(manifest: dict[str, Any]) -> None:
    info = manifest["publishingInformation"]["locales"]["en-US"]
    info["description"] = "Stretches for your back."


def _personal(manifest: dict[str, Any]) -> None:
    manifest["privacyAndCompliance"]["usesPersonalInfo"] = False


def _category(manifest: dict[str, Any]) -> None:
    manifest["publishingInformation"]["category"] = "GAMES"


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (_phrases, "example phrases (en-US)"),
        (_disclaimer, "the description says it is not medical advice"),
        (_personal, "personal data declared"),
        (_category, "category"),
    ],
)
def test_each_broken_rule_fails_with_its_reason(tmp_path: Path, change: Any, rule: str) -> None:
    findings = check(_package(tmp_path, change))
    assert [f.rule for f in findings if not f.ok] == [rule]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("back care coach", True),
        ("harbour back coach", True),
        ("coach", False),  # one word
        ("alexa back coach", False),
        ("back care app", False),
        ("open back coach", False),  # a launch word
        ("back coach 2", False),  # a digit
        ("back coach for", False),  # ends with a connecting word
    ],
)
def test_invocation_name_rules(name: str, ok: bool) -> None:
    model = {"interactionModel": {"languageModel": {"invocationName": name}}}
    assert invocation("en-US", model).ok is ok


def test_ssml_rules() -> None:
    assert valid_ssml('<speak>Hold <break time="10s"/> and relax.</speak>')
    assert not valid_ssml("<speak>Tom & Jerry</speak>")
    assert not valid_ssml("<speak><script>x</script></speak>")


def test_health_data_kept_outside_the_us_fails_the_health_rule(tmp_path: Path) -> None:
    """A HIPAA-eligible skill is US only: a profile that keeps health data in
    a package sold elsewhere fails, whatever init was told."""
    profile = tmp_path / "kept.yaml"
    profile.write_text(SAMPLE.read_text() + "\nhealth_data: kept\n")
    from backcare_tools.certify import health_policy

    manifest = json.loads((ROOT / "skill.json").read_text())["manifest"]
    five = sorted(manifest["publishingInformation"]["locales"])
    assert not health_policy(manifest, five, profile).ok
    manifest["publishingInformation"]["distributionCountries"] = ["US"]
    assert health_policy(manifest, ["en-US"], profile).ok
    assert health_policy(manifest, five, None).ok  # the sample keeps none
