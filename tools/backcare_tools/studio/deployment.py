"""What deploys the studio's skill from its own folder: a copy of the
function's code (lambda/), the SAM stack (template.yaml, with the profile
wired in), the Makefile `sam build` runs, and the ASK CLI's files.

`sam build` from the folder runs `backcare package --lambda --business
business.yaml` (its Makefile), so the profile is checked and put in the
function's code as business.yaml, which the template's BusinessProfile
names; the folder never points outside itself.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ..lambda_artifact import PROFILE_NAME, RUNTIME_CODE, SKIP
from ..paths import REPO_ROOT
from . import InitError
from .templating import render

SKILL_ID = re.compile(r"^amzn1\.ask\.skill\.[0-9a-fA-F-]{1,80}$")
_PROFILE_DEFAULT = re.compile(r'(\n  BusinessProfile:\n    Type: String\n    Default: )""')
_SKILL_ID_PARAM = re.compile(r"(\n  SkillId:\n    Type: String\n)")


def copy_code(folder: Path) -> Path:
    """lambda/: the runtime code and its pinned requirements, as in the repo."""
    out = folder / "lambda"
    out.mkdir()
    for name in (*RUNTIME_CODE, "requirements.txt"):
        source = REPO_ROOT / "lambda" / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=SKIP)
        else:
            shutil.copy2(source, out / name)
    return out


def template(skill_name: str, skill_id: str | None) -> str:
    """The repository's template.yaml, its BusinessProfile defaulting to
    the profile the build puts in the code, and the skill id when known."""
    text = (REPO_ROOT / "template.yaml").read_text(encoding="utf-8")
    text, found = _PROFILE_DEFAULT.subn(rf"\g<1>{PROFILE_NAME}", text)
    if found != 1:
        raise InitError("template.yaml: its BusinessProfile parameter has changed shape")
    if skill_id:
        text, found = _SKILL_ID_PARAM.subn(rf"\g<1>    Default: {skill_id}\n", text)
        if found != 1:
            raise InitError("template.yaml: its SkillId parameter has changed shape")
    header = f"# {skill_name}: made by `backcare init` from Back Care Coach's template.\n"
    return header + text


def check_skill_id(skill_id: str) -> None:
    if not SKILL_ID.match(skill_id):
        raise InitError(f"--skill-id: expected amzn1.ask.skill.<id>, not {skill_id[:60]!r}")


def write(folder: Path, skill_name: str, skill_id: str | None) -> list[Path]:
    written = [copy_code(folder)]
    files = {
        "template.yaml": template(skill_name, skill_id),
        "Makefile": render("Makefile.j2", profile=PROFILE_NAME),
        "ask-resources.json": (REPO_ROOT / "ask-resources.json").read_text(encoding="utf-8"),
        ".gitignore": ".aws-sam/\n",
    }
    if skill_id:
        # Which skill `ask deploy` updates (else it creates a new one).
        states = {
            "askcliStatesVersion": "2020-03-31",
            "profiles": {"default": {"skillId": skill_id}},
        }
        files[".ask/ask-states.json"] = json.dumps(states, indent=2) + "\n"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
