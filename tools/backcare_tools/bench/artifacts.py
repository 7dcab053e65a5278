"""Both Lambda artifacts, built for this machine's CPU so they can run here:

- ours: `backcare package --lambda` (what `sam build` runs for template.yaml);
- the baseline: `sam build` of a plain function (bench/baseline_skill.py and
  bench/baseline-requirements.txt) as SAM builds any Python function: the
  wheels unpacked, no bytecode. Without the README's `.venv/sam`, pip
  installs the same wheels the same way (--no-compile) and the bench says so.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..lambda_artifact import (
    ArtifactError,
    build_lambda,
    find_python,
    pip_install,
    template_target,
)
from ..paths import REPO_ROOT
from .baseline import BASELINE

BASELINE_REQUIREMENTS = REPO_ROOT / "bench" / "baseline-requirements.txt"
PLAIN_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Baseline:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: baseline_skill.lambda_handler
      Runtime: {runtime}
      Architectures: [{architecture}]
"""


@dataclass(frozen=True)
class Artifacts:
    python: str  # the interpreter of the runtime's version that runs them
    ours: Path
    baseline: Path
    baseline_built_by: str  # "sam build" or "pip --no-compile"


def host_architecture() -> str:
    return "arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"


def build_artifacts(folder: Path) -> Artifacts:
    target = template_target(architecture=host_architecture())
    python = find_python(target.version)
    ours = folder / "ours"
    build_lambda(ours, architecture=target.architecture, python=python)
    baseline, how = _build_baseline(
        folder / "baseline", target.runtime, target.architecture, python
    )
    return Artifacts(python=python, ours=ours, baseline=baseline, baseline_built_by=how)


def _build_baseline(folder: Path, runtime: str, architecture: str, python: str) -> tuple[Path, str]:
    source = folder / "src"
    source.mkdir(parents=True)
    shutil.copy2(BASELINE, source / "baseline_skill.py")
    shutil.copy2(BASELINE_REQUIREMENTS, source / "requirements.txt")
    sam = Path(sys.executable).parent.parent / "sam" / "bin" / "sam"
    if sam.is_file():
        (folder / "template.yaml").write_text(
            PLAIN_TEMPLATE.format(runtime=runtime, architecture=architecture)
        )
        env = {
            **os.environ,
            "SAM_CLI_TELEMETRY": "0",
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
            # SAM's Python builder runs the runtime's own python3.13.
            "PATH": os.pathsep.join([str(Path(python).parent), os.environ.get("PATH", "")]),
        }
        done = subprocess.run(
            [str(sam), "build", "--build-dir", str(folder / "build")],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise ArtifactError(f"sam build of the baseline failed:\n{done.stdout}{done.stderr}")
        return folder / "build" / "Baseline", "sam build"
    out = folder / "pip"
    pip_install(BASELINE_REQUIREMENTS, out, runtime.removeprefix("python"))
    shutil.copy2(BASELINE, out / "baseline_skill.py")
    return out, "pip --no-compile"
