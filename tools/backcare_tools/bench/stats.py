"""Figures with their spread: the median, the middle half, the extremes."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile by the nearest-rank rule (p99 of 500 turns: the 495th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


@dataclass(frozen=True)
class Spread:
    median: float
    p25: float
    p75: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls(0.0, 0.0, 0.0, 0.0, 0.0, 0)
        return cls(
            median=statistics.median(values),
            p25=quantile(values, 0.25),
            p75=quantile(values, 0.75),
            low=min(values),
            high=max(values),
            n=len(values),
        )

    def text(self, digits: int = 3) -> str:
        """`1.234 [1.1-1.3]`: the median and its middle half."""
        return f"{self.median:.{digits}f} [{self.p25:.{digits}f}-{self.p75:.{digits}f}]"

    def to_json(self, digits: int = 4) -> dict[str, Any]:
        return {
            "median": round(self.median, digits),
            "p25": round(self.p25, digits),
            "p75": round(self.p75, digits),
            "min": round(self.low, digits),
            "max": round(self.high, digits),
            "n": self.n,
        }


def ratios(ours: Sequence[float], baseline: Sequence[float]) -> Spread:
    """Ours over the baseline, pair by pair (runs and rounds are interleaved,
    so each pair shared the machine's state at that moment)."""
    return Spread.of([a / b for a, b in zip(ours, baseline, strict=True) if b])
