"""`backcare bench` runs and prints its table and one JSON line with every
figure, its spread and its ratio (no timing is asserted: figures vary by
machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RATIOS = {
    "cold_start_ms_ratio",
    "warm_p50_minimal_ms_ratio",
    "warm_p99_echo-show_ms_ratio",
    "ddb_calls_per_turn_ratio",
    "rps_4_threads_echo-show_ratio",
}


@pytest.mark.timeout(600)
def test_bench_prints_table_and_json(tmp_path: Path) -> None:
    doc = tmp_path / "performance.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "bench",
            "--cold-runs",
            "1",
            "--rounds",
            "2",
            "--turns",
            "30",
            "--seconds",
            "0.5",
            "--clients",
            "2",
            "--threads",
            "4",
            "--doc",
            str(doc),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "| figure | ours | baseline | ratio (ours / baseline) |"
    assert any(line.startswith("| cold start (ms) |") for line in lines)
    figures = json.loads(lines[-1])
    assert set(figures) >= RATIOS
    cold = figures["figures"]["cold_start_ms"]
    assert cold["ours"]["n"] == cold["baseline"]["n"] == 1
    for side in ("ours", "baseline"):
        assert figures["turns"][side] >= 60
        assert figures["figures"]["rps_4_threads_minimal"][side]["median"] > 0
    assert figures["figures"]["ddb_calls_per_turn"]["baseline"]["median"] > 0
    assert figures["max_response_bytes"] < 24 * 1024
    assert figures["settings"]["baseline_built_by"] == "sam build"
    assert figures["machine"]["cpus"] >= 1 and figures["load"]["max"] >= 0
    assert isinstance(figures["unstable"], list)
    assert any(line.startswith("Load average while it ran:") for line in lines)
    # The page is this run's: its table and JSON are the ones printed.
    page = doc.read_text()
    table = [line for line in lines if line.startswith("|")]
    assert "\n".join(table) in page and lines[-1] in page
    assert "$" not in page, "a template field was left unfilled"
    assert "| warm p50, memory, minimal |" in page  # the targets, judged on this run
