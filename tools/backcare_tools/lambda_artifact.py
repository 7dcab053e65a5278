"""`backcare package --lambda DIR`: the Lambda function's code, as deployed.

`sam build` runs this through the repository's Makefile (template.yaml:
`BuildMethod: makefile`), so what is tested here is what is deployed:

1. the pinned dependencies (lambda/requirements.txt) as wheels for the
   template's runtime and architecture (pip's --platform, --python-version
   and --only-binary: nothing is compiled from source for the wrong CPU);
2. the runtime code only: lambda/lambda_function.py and lambda/backcare/
   (with its content and the business profiles), no tools, tests or caches;
3. bytecode for every module, made by an interpreter of the runtime's own
   version, as unchecked-hash .pyc files: Lambda's code folder is read-only,
   so without them every cold start compiles every module it imports, and a
   timestamp-checked .pyc would be thrown away when the zip's times differ
   from the source's. Tracebacks name /var/task, where Lambda puts the code.

The runtime and architecture come from template.yaml; `--architecture`
builds for another CPU (the bench runs the x86_64 build here). `--business
FILE` puts a studio's profile in the code as business.yaml (a studio's
template, from `backcare init`, names it in BACKCARE_BUSINESS), checked by
the skill's own loader first, so a broken profile fails the build and not
the first cold start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .paths import REPO_ROOT

LAMBDA_TASK_ROOT = "/var/task"
MACHINES = {"arm64": "aarch64", "x86_64": "x86_64"}
# Lambda's Python 3.13 runs on Amazon Linux 2023 (glibc 2.34).
PLATFORMS = ("manylinux_2_34_{machine}", "manylinux2014_{machine}")
RUNTIME_CODE = ("lambda_function.py", "backcare")
# Where --business puts the profile: relative to Lambda's working folder.
PROFILE_NAME = "business.yaml"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".*")


class ArtifactError(RuntimeError):
    """The artifact could not be built; the message says what to do."""


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags (!Ref, !Sub...) as plain values."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}  # type: ignore[arg-type]


_CfnLoader.add_multi_constructor("!", _tag)


def read_template(root: Path = REPO_ROOT) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load((root / "template.yaml").read_text(), Loader=_CfnLoader)
    return data


@dataclass(frozen=True)
class Target:
    runtime: str  # python3.13
    architecture: str  # arm64 | x86_64

    @property
    def version(self) -> str:
        return self.runtime.removeprefix("python")

    @property
    def platforms(self) -> list[str]:
        return [p.format(machine=MACHINES[self.architecture]) for p in PLATFORMS]


def template_target(root: Path = REPO_ROOT, architecture: str | None = None) -> Target:
    function = read_template(root)["Resources"]["SkillFunction"]["Properties"]
    (arch,) = function["Architectures"]
    chosen = architecture or arch
    if chosen not in MACHINES:
        raise ArtifactError(f"unknown architecture {chosen!r}: use arm64 or x86_64")
    return Target(runtime=function["Runtime"], architecture=chosen)


def find_python(version: str, given: str | None = None) -> str:
    """An interpreter of `version` (3.13) to make bytecode with: `given`, else
    python3.13 on PATH, else pyenv's. Each candidate is asked its version."""
    candidates = [given] if given else []
    if not given:
        on_path = shutil.which(f"python{version}")
        candidates += [on_path] if on_path else []
        pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
        candidates += [
            str(p) for p in sorted(pyenv_root.glob(f"versions/{version}*/bin/python{version}"))
        ]
    for candidate in candidates:
        try:
            done = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
    raise ArtifactError(
        f"no Python {version} found to make bytecode for the python{version} runtime "
        f"(looked for python{version} on PATH and under pyenv); install one or pass --python"
    )


def build_lambda(
    out: Path,
    root: Path = REPO_ROOT,
    architecture: str | None = None,
    python: str | None = None,
    business: Path | None = None,
) -> Target:
    """Build the function's code into `out` (empty, missing, or an earlier
    build), with the business profile `business` as business.yaml."""
    target = template_target(root, architecture)
    if business is not None:
        check_profile(business)
    interpreter = find_python(target.version, python)
    _clear(out)
    _install_dependencies(root / "lambda" / "requirements.txt", out, target)
    for name in RUNTIME_CODE:
        source = root / "lambda" / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=SKIP)
        else:
            shutil.copy2(source, out / name)
    shutil.rmtree(out / "bin", ignore_errors=True)  # console scripts: not runtime code
    if business is not None:
        shutil.copyfile(business, out / PROFILE_NAME)
    _compile(interpreter, out)
    return target


def check_profile(business: Path) -> None:
    """The skill's own loader reads `business` as the function will."""
    from backcare.business.profile import ProfileError, load_profile

    if not business.is_file():
        raise ArtifactError(f"--business: no file {business}")
    try:
        load_profile(str(business))
    except ProfileError as err:
        raise ArtifactError(f"--business {business}: {err}") from err


def _clear(out: Path) -> None:
    if out.exists():
        entries = list(out.iterdir())
        if entries and not (out / "lambda_function.py").is_file():
            raise ArtifactError(f"{out} is not empty and not an earlier build: choose another")
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _install_dependencies(requirements: Path, out: Path, target: Target) -> None:
    pip_install(requirements, out, target.version, target.platforms)


def pip_install(
    requirements: Path, out: Path, version: str, platforms: list[str] | None = None
) -> None:
    """Wheels only, unpacked into `out` without bytecode, for Python `version`
    on `platforms` (default: this machine's), as SAM's builder unpacks them."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "--no-compile",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        version,
        *[arg for platform in platforms or [] for arg in ("--platform", platform)],
        "--target",
        str(out),
        "--requirement",
        str(requirements),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ArtifactError(f"pip could not install the dependencies:\n{done.stderr.strip()}")


def _compile(interpreter: str, out: Path) -> None:
    command = [
        interpreter,
        "-m",
        "compileall",
        "-q",
        "-j",
        "0",
        "--invalidation-mode",
        "unchecked-hash",
        "-s",
        str(out),
        "-p",
        LAMBDA_TASK_ROOT,
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ArtifactError(f"compileall failed:\n{done.stdout}{done.stderr}".strip())
