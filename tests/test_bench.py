"""`backcare bench` runs and prints its table and one JSON line with every
figure and ratio (no timing is asserted: figures vary by machine)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

KEYS = {
    "cold_start_ratio",
    "warm_p50_ratio",
    "warm_p99_ratio",
    "ddb_calls_per_turn_ratio",
    "max_response_bytes",
    "throughput_ratio",
}


def test_bench_prints_table_and_json() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "bench",
            "--turns",
            "60",
            "--cold-runs",
            "1",
            "--seconds",
            "0.5",
            "--clients",
            "2",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["figure", "ours", "baseline", "ratio"]
    assert any(line.startswith("cold start, median (ms)") for line in lines)
    figures = json.loads(lines[-1])
    assert set(figures) >= KEYS
    for side in ("ours", "baseline"):
        assert figures[side]["warm_turns"] >= 60 and figures[side]["ddb_turns"] >= 60
        assert figures[side]["rps_1_worker"] > 0 and figures[side]["rps_2_workers"] > 0
    assert figures["baseline"]["ddb_calls_per_turn"] > 0
    assert figures["max_response_bytes"] < 24 * 1024
