"""`backcare package`: the ASK CLI's skill-package/ from the top-level files.

skill.json and interaction_models/ stay the one source; this copies them
into the layout `ask deploy` reads (skill-package/skill.json and
skill-package/interactionModels/custom/<locale>.json), with the endpoint
set to the deployed function when one is given. In a studio's folder from
`backcare init` (skill-package/ already built, no skill.json beside it)
only the endpoint is set, in place.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .interaction_model import locales, model_path, stale


class PackageError(ValueError):
    pass


def build_package(root: Path, out: Path, endpoint: str | None) -> list[Path]:
    studio = root / "skill-package" / "skill.json"
    if not (root / "skill.json").is_file() and studio.is_file():
        return [set_studio_endpoint(studio, endpoint)]
    out_of_date = stale(root)
    if out_of_date:
        raise PackageError(f"interaction model out of date for {', '.join(out_of_date)}")
    manifest: dict[str, Any] = json.loads((root / "skill.json").read_text(encoding="utf-8"))
    if endpoint:
        set_endpoint(manifest, endpoint)
    if out.exists():
        shutil.rmtree(out)
    models = out / "interactionModels" / "custom"
    models.mkdir(parents=True)
    written = [out / "skill.json"]
    written[0].write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for locale in locales():
        target = models / f"{locale}.json"
        shutil.copyfile(model_path(root, locale), target)
        written.append(target)
    return written


def check_endpoint(endpoint: str) -> None:
    if not endpoint.startswith(("arn:aws:lambda:", "https://")) or len(endpoint) > 2000:
        raise PackageError("--endpoint must be a Lambda ARN or an https URL")


def set_endpoint(manifest: dict[str, Any], endpoint: str) -> None:
    """The skill's requests and its events (SkillDisabled) go to `endpoint`."""
    check_endpoint(endpoint)
    apis = manifest["manifest"]["apis"]["custom"]
    apis["endpoint"] = {"uri": endpoint}
    if endpoint.startswith("https://"):
        # A web-service endpoint needs its certificate type declared.
        apis["endpoint"]["sslCertificateType"] = "Trusted"
    manifest["manifest"]["events"]["endpoint"] = {"uri": endpoint}


def set_studio_endpoint(path: Path, endpoint: str | None) -> Path:
    if not endpoint:
        raise PackageError(
            f"{path.parent} was built by backcare init: give --endpoint to set its endpoint"
        )
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    set_endpoint(manifest, endpoint)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
