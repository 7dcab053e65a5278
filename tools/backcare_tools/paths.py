"""Where the repository's files are, from this package's place in it
(tools/backcare_tools/): the one place that counts the folders up."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
