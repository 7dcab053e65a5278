"""`backcare init DIR`: a deployable skill for one studio, in one command.

Everything is checked before anything is kept: the folder is built in a
temporary folder beside DIR and renamed into place at the end, so bad input
(one error line naming the field) leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from backcare.business.profile import Business

from ..certify import Finding, invocation_problems
from ..packaging import PackageError, check_endpoint
from . import InitError, business, deployment, privacy_page, skill_package
from .business import Given, check_url
from .locales import HIPAA_LOCALES, check_models, parse_locales
from .prompting import Asker, Check
from .templating import render

MAX_INVOCATION = 50


@dataclass(frozen=True)
class Request:
    """What the command line asks for."""

    folder: Path
    invocation: str | None
    locales: str
    given: Given
    skill_id: str | None = None
    endpoint: str | None = None
    small_icon: str | None = None
    large_icon: str | None = None


@dataclass(frozen=True)
class Made:
    folder: Path
    business: Business
    listing: skill_package.Listing
    from_sample: bool
    skill_id: str | None


def check_invocation(name: str) -> str | None:
    if len(name) > MAX_INVOCATION:
        return f"at most {MAX_INVOCATION} characters"
    problems = invocation_problems(name)
    return "; ".join(problems) if problems else None


def invocation(given: str | None, asker: Asker | None) -> str:
    """The invocation name, lower case with single spaces, Amazon's rules kept."""
    label = "invocation name:"
    if given is None:
        if asker is None:
            raise InitError(f"{label} missing (--invocation)")
        question = "The invocation name (what people say after 'Alexa, open')"
        return " ".join(asker.ask(label, question, _lower(check_invocation)).lower().split())
    name = " ".join(given.lower().split())
    problem = check_invocation(name)
    if problem:
        raise InitError(f"{label} {problem}")
    return name


def _lower(check: Check) -> Check:
    return lambda answer: check(" ".join(answer.lower().split()))


def check_folder(folder: Path) -> None:
    if folder == Path.cwd():
        raise InitError(f"{folder}: name a new folder, not the current one")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder}: exists and is not empty")
    if not folder.parent.is_dir():
        raise InitError(f"{folder}: its parent folder does not exist")


def _options(request: Request) -> None:
    if request.skill_id:
        deployment.check_skill_id(request.skill_id)
    if request.endpoint:
        try:
            check_endpoint(request.endpoint)
        except PackageError as err:
            raise InitError(str(err)) from err
    if bool(request.small_icon) != bool(request.large_icon):
        raise InitError("--small-icon and --large-icon: give both or neither")
    for flag, url in (("--small-icon", request.small_icon), ("--large-icon", request.large_icon)):
        problem = check_url(url) if url else None
        if problem:
            raise InitError(f"{flag}: {problem}")


def _health_in_the_us(health_data: object, locales: tuple[str, ...]) -> None:
    outside = [locale for locale in locales if locale not in HIPAA_LOCALES]
    if health_data == "kept" and outside:
        raise InitError(
            f"business profile field 'health_data': kept is for a HIPAA-eligible skill, "
            f"available in the US only (en-US); not with {', '.join(outside)}"
        )


def init(request: Request, asker: Asker | None, today: date) -> Made:
    folder = Path(os.path.abspath(request.folder))  # "..", "." resolved, links kept
    check_folder(folder)
    locales = parse_locales(request.locales)
    _health_in_the_us(request.given.health_data, locales)
    check_models(locales)
    name = invocation(request.invocation, asker)
    _options(request)
    raw = business.assemble(request.given, locales, asker)
    _health_in_the_us(raw.get("health_data"), locales)  # a --profile's own
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
    try:
        profile = business.write(raw, temp / "business.yaml", today)
        listing = skill_package.Listing(
            name, locales, request.endpoint, request.small_icon, request.large_icon
        )
        skill_package.write(temp, profile, listing)
        deployment.write(temp, profile.skill_name or profile.name, request.skill_id)
        privacy_page.write(temp, profile, today)
        check_folder(folder)  # still free: nothing else wrote it meanwhile
        if folder.exists():
            folder.rmdir()
        os.rename(temp, folder)
        _as_umask_allows(folder)  # mkdtemp makes it private (0700)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return Made(folder, profile, listing, request.given.profile is None, request.skill_id)


def summary(made: Made, findings: list[Finding]) -> str:
    """What init made, the certification check, and the next steps."""
    return render(
        "next_steps.txt.j2",
        folder=made.folder,
        shown=os.path.relpath(made.folder)
        if made.folder.is_relative_to(Path.cwd())
        else made.folder,
        business=made.business,
        listing=made.listing,
        from_sample=made.from_sample,
        has_skill_id=made.skill_id is not None,
        findings=findings,
        passed=sum(f.ok for f in findings),
    )


def _as_umask_allows(folder: Path) -> None:
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
