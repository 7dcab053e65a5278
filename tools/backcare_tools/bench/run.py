"""`backcare bench`: every figure for both skills, with its ratio to the
baseline; a table, then one JSON line."""

from __future__ import annotations

import json
import os
import statistics
from typing import Any

from ..devtools.local_dynamodb import Dynalite, free_port
from .baseline import PlainMemoryAdapter, baseline_handler, memory_store, ours_handler
from .startup import LAMBDA_LIKE_ENV, cold_start
from .throughput import throughput
from .turns import on_dynamodb, play


def ratio(ours: float, baseline: float) -> float:
    return round(ours / baseline, 3) if baseline else 0.0


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def run(turns: int, cold_runs: int, seconds: float, clients: int) -> dict[str, Any]:
    for name, value in LAMBDA_LIKE_ENV.items():
        os.environ.setdefault(name, value)
    dynalite = Dynalite(port=free_port()).start()
    try:
        cold = cold_start(dynalite, cold_runs)
        memory = {
            "ours": play(ours_handler(memory_store()), turns),
            "baseline": play(baseline_handler(PlainMemoryAdapter()), turns),
        }
        ddb = on_dynamodb(dynalite, turns)
    finally:
        dynalite.stop()
    rates = {
        (name, threads): throughput(name, threads, seconds, clients)
        for threads in (1, 2)
        for name in ("ours", "baseline")
    }
    figures: dict[str, Any] = {}
    for name in ("ours", "baseline"):
        warm, (dturns, traffic) = memory[name], ddb[name]
        sizes = warm.sizes + dturns.sizes
        figures[name] = {
            "cold_start_ms": ms(statistics.median(cold[name])),
            "warm_p50_ms": ms(warm.percentile(0.50)),
            "warm_p99_ms": ms(warm.percentile(0.99)),
            "warm_turns": len(warm.times),
            "ddb_p50_ms": ms(dturns.percentile(0.50)),
            "ddb_p99_ms": ms(dturns.percentile(0.99)),
            "ddb_turns": len(dturns.times),
            "ddb_calls_per_turn": round(traffic.calls / len(dturns.times), 3),
            "ddb_calls_per_session": round(traffic.calls / dturns.sessions, 2),
            "ddb_bytes_per_turn": round(traffic.bytes / len(dturns.times), 1),
            "ddb_bytes_per_session": round(traffic.bytes / dturns.sessions, 1),
            "response_bytes_max": max(sizes),
            "response_bytes_mean": round(statistics.fmean(sizes), 1),
            "rps_1_worker": round(rates[(name, 1)], 1),
            "rps_2_workers": round(rates[(name, 2)], 1),
        }
    ours, base = figures["ours"], figures["baseline"]
    figures["ratios"] = {
        "cold_start_ratio": ratio(ours["cold_start_ms"], base["cold_start_ms"]),
        "warm_p50_ratio": ratio(ours["warm_p50_ms"], base["warm_p50_ms"]),
        "warm_p99_ratio": ratio(ours["warm_p99_ms"], base["warm_p99_ms"]),
        "ddb_p50_ratio": ratio(ours["ddb_p50_ms"], base["ddb_p50_ms"]),
        "ddb_p99_ratio": ratio(ours["ddb_p99_ms"], base["ddb_p99_ms"]),
        "ddb_calls_per_turn_ratio": ratio(ours["ddb_calls_per_turn"], base["ddb_calls_per_turn"]),
        "ddb_bytes_per_turn_ratio": ratio(ours["ddb_bytes_per_turn"], base["ddb_bytes_per_turn"]),
        "response_bytes_mean_ratio": ratio(
            ours["response_bytes_mean"], base["response_bytes_mean"]
        ),
        "throughput_ratio": ratio(ours["rps_2_workers"], base["rps_2_workers"]),
        "throughput_1_worker_ratio": ratio(ours["rps_1_worker"], base["rps_1_worker"]),
    }
    figures["max_response_bytes"] = ours["response_bytes_max"]
    figures["settings"] = {
        "turns": turns,
        "cold_runs": cold_runs,
        "seconds": seconds,
        "clients": clients,
        "cpus": os.cpu_count(),
    }
    return figures


ROWS = [
    ("cold start, median (ms)", "cold_start_ms"),
    ("warm turn p50, memory (ms)", "warm_p50_ms"),
    ("warm turn p99, memory (ms)", "warm_p99_ms"),
    ("turn p50, DynamoDB (ms)", "ddb_p50_ms"),
    ("turn p99, DynamoDB (ms)", "ddb_p99_ms"),
    ("DynamoDB calls / turn", "ddb_calls_per_turn"),
    ("DynamoDB calls / session", "ddb_calls_per_session"),
    ("DynamoDB bytes / turn", "ddb_bytes_per_turn"),
    ("DynamoDB bytes / session", "ddb_bytes_per_session"),
    ("response bytes, max", "response_bytes_max"),
    ("response bytes, mean", "response_bytes_mean"),
    ("requests/s, 1 worker", "rps_1_worker"),
    ("requests/s, 2 workers", "rps_2_workers"),
]


def table(figures: dict[str, Any]) -> str:
    ours, base = figures["ours"], figures["baseline"]
    lines = [f"{'figure':<30}{'ours':>12}{'baseline':>12}{'ratio':>9}", "-" * 63]
    for label, key in ROWS:
        lines.append(f"{label:<30}{ours[key]:>12}{base[key]:>12}{ratio(ours[key], base[key]):>9}")
    return "\n".join(lines)


def main(turns: int, cold_runs: int, seconds: float, clients: int) -> int:
    figures = run(turns, cold_runs, seconds, clients)
    print(table(figures))
    print(
        json.dumps(
            {
                **figures["ratios"],
                "max_response_bytes": figures["max_response_bytes"],
                "ours": figures["ours"],
                "baseline": figures["baseline"],
                "settings": figures["settings"],
            }
        )
    )
    return 0
