"""`backcare bench`: every figure for both skills with its spread, and the
ratio to the baseline; a table, then one JSON line."""

from __future__ import annotations

import json
import logging
import os
import platform
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..devtools.echo_show import PROFILES
from ..devtools.local_dynamodb import Dynalite, free_port
from .artifacts import build_artifacts
from .report import LoadSampler, machine, unstable, write_doc
from .startup import LAMBDA_LIKE_ENV, cold_start
from .stats import Spread, ratios
from .throughput import throughput
from .turns import Rounds, in_memory, on_dynamodb

NAMES = ("ours", "baseline")


@dataclass(frozen=True)
class Settings:
    cold_runs: int = 15
    rounds: int = 5
    # Timed turns per skill per round: p99 is then the 10th slowest, not
    # one stray pause of the machine.
    turns: int = 1000
    seconds: float = 3.0  # load per skill per throughput round
    clients: int = 8
    threads: tuple[int, ...] = (1, 2, 4)


@dataclass(frozen=True)
class Row:
    """One figure: both skills' spreads and the ratio's (pair by pair)."""

    label: str
    key: str
    unit: str
    ours: Spread
    baseline: Spread
    ratio: Spread

    def to_json(self) -> dict[str, Any]:
        return {
            "ours": self.ours.to_json(),
            "baseline": self.baseline.to_json(),
            "ratio": self.ratio.to_json(),
        }


def row(label: str, key: str, unit: str, ours: list[float], baseline: list[float]) -> Row:
    return Row(label, key, unit, Spread.of(ours), Spread.of(baseline), ratios(ours, baseline))


def production_logging() -> None:
    """Logging as on Lambda (JSON lines at INFO), written to nowhere: the
    cost of every log line counts, the terminal stays readable."""
    from backcare.logs import configure

    configure("INFO")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - kept for the run


def run(settings: Settings) -> dict[str, Any]:
    with LoadSampler() as load:
        figures = _run(settings)
    facts = machine()
    figures["machine"] = facts
    figures["load"] = load.summary()
    figures["unstable"] = unstable(figures["rows"], figures["load"], facts["cpus"])
    return figures


def _run(settings: Settings) -> dict[str, Any]:
    for name, value in LAMBDA_LIKE_ENV.items():
        os.environ.setdefault(name, value)
    production_logging()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as folder:
        artifacts = build_artifacts(Path(folder))
        dynalite = Dynalite(port=free_port()).start()
        try:
            cold = cold_start(dynalite, artifacts, settings.cold_runs)
            ddb, traffic = on_dynamodb(dynalite, settings.rounds, settings.turns)
        finally:
            dynalite.stop()
    ms = 1000.0
    rows.append(row("cold start", "cold_start_ms", "ms", *_scaled(cold, ms)))
    memory: dict[str, Rounds] = {}
    for profile in PROFILES:
        memory[profile] = in_memory(settings.rounds, settings.turns, profile)
        for q, tag in ((0.50, "p50"), (0.99, "p99")):
            per = {n: [t * ms for t in memory[profile].per_round(n, q)] for n in NAMES}
            rows.append(
                row(f"warm {tag}, memory, {profile}", f"warm_{tag}_{profile}_ms", "ms", *_pair(per))
            )
    for q, tag in ((0.50, "p50"), (0.99, "p99")):
        per = {n: [t * ms for t in ddb.per_round(n, q)] for n in NAMES}
        rows.append(row(f"turn {tag}, DynamoDB", f"ddb_{tag}_ms", "ms", *_pair(per)))
    turns = {n: len(ddb.all(n).times) for n in NAMES}
    sessions = {n: ddb.all(n).sessions for n in NAMES}
    for label, key, unit, counted, each in (
        ("DynamoDB calls / turn", "ddb_calls_per_turn", "", "calls", turns),
        ("DynamoDB bytes / session", "ddb_bytes_per_session", "B", "bytes", sessions),
    ):
        figure = {n: [getattr(traffic[n], counted) / each[n]] for n in NAMES}
        rows.append(row(label, key, unit, *_pair(figure)))
    for profile in PROFILES:
        sizes = {n: [float(s) for s in memory[profile].all(n).sizes] for n in NAMES}
        rows.append(
            row(
                f"response bytes, {profile}",
                f"response_bytes_{profile}",
                "B",
                [statistics.fmean(sizes["ours"])],
                [statistics.fmean(sizes["baseline"])],
            )
        )
    for threads in settings.threads:
        for profile in PROFILES:
            rates = throughput(
                threads, settings.rounds, settings.seconds, settings.clients, profile
            )
            rows.append(
                row(
                    f"requests/s, {threads} thread{'s' if threads > 1 else ''}, {profile}",
                    f"rps_{threads}_threads_{profile}",
                    "/s",
                    rates["ours"],
                    rates["baseline"],
                )
            )
    max_response = max(max(memory[p].all("ours").sizes) for p in PROFILES)
    return {
        "rows": rows,
        "max_response_bytes": max_response,
        "turns": {n: len(memory["minimal"].all(n).times) for n in NAMES},
        "settings": {
            **settings.__dict__,
            "threads": list(settings.threads),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "bench_python": platform.python_version(),
            "lambda_python": artifacts.python,
            "baseline_built_by": artifacts.baseline_built_by,
        },
    }


def _scaled(values: dict[str, list[float]], factor: float) -> tuple[list[float], list[float]]:
    return [v * factor for v in values["ours"]], [v * factor for v in values["baseline"]]


def _pair(values: dict[str, list[float]]) -> tuple[list[float], list[float]]:
    return values["ours"], values["baseline"]


def table(figures: dict[str, Any]) -> str:
    """Markdown: each figure as its median [25th-75th percentile]."""
    lines = [
        "| figure | ours | baseline | ratio (ours / baseline) |",
        "|---|---|---|---|",
    ]
    for item in figures["rows"]:
        digits = 1 if item.unit in ("B", "/s") else 3
        lines.append(
            f"| {item.label}{f' ({item.unit})' if item.unit else ''} | "
            f"{item.ours.text(digits)} | {item.baseline.text(digits)} | {item.ratio.text(3)} |"
        )
    return "\n".join(lines)


def summary(figures: dict[str, Any]) -> dict[str, Any]:
    by_key = {item.key: item for item in figures["rows"]}
    return {
        **{f"{key}_ratio": round(item.ratio.median, 3) for key, item in by_key.items()},
        "max_response_bytes": figures["max_response_bytes"],
        "turns": figures["turns"],
        "figures": {key: item.to_json() for key, item in by_key.items()},
        "settings": figures["settings"],
        "machine": figures["machine"],
        "load": figures["load"],
        "unstable": figures["unstable"],
    }


def main(settings: Settings, command: str = "backcare bench", doc: Path | None = None) -> int:
    figures = run(settings)
    figures["command"] = command
    rendered = table(figures)
    print(rendered)
    load = figures["load"]
    print(
        f"\nLoad average while it ran: {load['start']} at the start, {load['mean']} on average, "
        f"{load['max']} at most, on {figures['machine']['cpus']} cores."
    )
    for note in figures["unstable"]:
        print(f"Unstable ratio: {note}")
    json_line = json.dumps(summary(figures))
    if doc is not None:
        write_doc(doc, figures, rendered, json_line)
        print(f"Wrote {doc}")
    print(json_line)
    sys.stdout.flush()
    return 0
