"""What the machine was doing while the bench ran, which figures that made
unstable, and docs/performance.md written from one run.

The load average is sampled every second from a thread of the bench's own
process. A ratio is called unstable when its middle half is wide (the
pairs disagree) or when the machine's load, beyond the bench's own
processes, rose past its cores during the run: the two skills then took
turns on a busy machine and their ratio says more about the moment than
about the code.
"""

from __future__ import annotations

import os
import platform
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).with_name("performance.md.tmpl")
WIDE = 0.25  # a ratio whose middle half spans more than this share of it is unstable
OWN_LOAD = 2.0  # the bench's own busy processes (a skill and its load generator)


@dataclass
class LoadSampler:
    """The 1-minute load average, every `every` seconds, until stopped."""

    every: float = 1.0
    samples: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        values = self.samples or [0.0]
        return {
            "start": round(values[0], 2),
            "mean": round(sum(values) / len(values), 2),
            "max": round(max(values), 2),
            "end": round(values[-1], 2),
        }


def machine() -> dict[str, Any]:
    """Cores, processor and system, as the doc states them."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count() or 0,
        "processor": model or platform.processor() or platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
    }


def unstable(rows: list[Any], load: dict[str, float], cpus: int) -> list[str]:
    """Why each unstable ratio is unstable, one line each."""
    busy = load.get("max", 0.0) > cpus + OWN_LOAD
    out = []
    for item in rows:
        ratio = item.ratio
        if ratio.n < 2 or not ratio.median:
            continue  # counted, not timed: bytes and calls do not wander
        width = (ratio.p75 - ratio.p25) / ratio.median
        if width > WIDE:
            out.append(f"{item.label}: the pairs' middle half spans {width:.0%} of the ratio")
        elif busy:
            out.append(f"{item.label}: the load average reached {load['max']:.1f} on {cpus} cores")
    return out


# Issue 23's targets: figure key, how it is compared, the limit.
# An Echo Show's responses carry their screen (a RenderDocument and its
# datasource, screens/) and the baseline's carry none: their size is
# reported, with no target; the speaker's responses are comparable.
TARGETS = (
    ("response_bytes_minimal", "<=", 2.0),
    ("ddb_bytes_per_session", "<=", 1.0),
    ("rps_1_threads_minimal", ">=", 1.0),
    ("rps_1_threads_echo-show", ">=", 1.0),
    ("rps_4_threads_minimal", ">=", 0.8),
    ("rps_4_threads_echo-show", ">=", 0.8),
    ("warm_p50_minimal_ms", "<=", 0.8),
    ("warm_p99_minimal_ms", "<=", 0.8),
    ("warm_p50_echo-show_ms", "<=", 0.8),
    ("warm_p99_echo-show_ms", "<=", 0.8),
    ("cold_start_ms", "<=", 0.5),
    ("ddb_calls_per_turn", "<=", 0.45),
)


def targets(rows: list[Any]) -> str:
    """A Markdown table: each target, this run's ratio, met or not."""
    by_key = {item.key: item for item in rows}
    lines = ["| figure | target | this run | met |", "|---|---|---|---|"]
    for key, sense, limit in TARGETS:
        item = by_key.get(key)
        if item is None:
            continue
        value = item.ratio.median
        met = value <= limit if sense == "<=" else value >= limit
        lines.append(
            f"| {item.label} | {sense} {limit:g}x | {value:.3f}x | {'yes' if met else '**no**'} |"
        )
    return "\n".join(lines)


def write_doc(path: Path, figures: dict[str, Any], table: str, json_line: str) -> None:
    """docs/performance.md from this run: nothing in it that the run did not print."""
    settings = figures["settings"]
    facts = figures["machine"]
    load = figures["load"]
    notes = figures["unstable"]
    values = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": facts["cpus"],
        "processor": facts["processor"],
        "system": facts["system"],
        "bench_python": settings["bench_python"],
        "lambda_python": settings["lambda_python"],
        "baseline_built_by": settings["baseline_built_by"],
        "cold_runs": settings["cold_runs"],
        "rounds": settings["rounds"],
        "turns": settings["turns"],
        "seconds": settings["seconds"],
        "clients": settings["clients"],
        "threads": ", ".join(str(t) for t in settings["threads"]),
        "command": figures["command"],
        "load_start": load["start"],
        "load_mean": load["mean"],
        "load_max": load["max"],
        "load_end": load["end"],
        "table": table,
        "targets": targets(figures["rows"]),
        "stability": "\n".join(f"- {note}" for note in notes)
        or "- none: every timed ratio's pairs agreed, and the machine was quiet enough",
        "json": json_line,
        "max_response_bytes": figures["max_response_bytes"],
    }
    text = string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)
    path.write_text(text, encoding="utf-8")
