"""The intent classifier: a linear model over hashed features, trained at
build time (`backcare models train`) and shipped as data: `model/intents.json`
(classes, intercepts, the scale of each class's weights, the temperature
that calibrates its confidence, the slot schema and the slot values) and
`model/weights.bin` (one signed byte per bucket and class). Scored in plain
Python: a turn reads a few hundred weights."""

from __future__ import annotations

import json
import math
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .features import BUCKETS, features

MODEL_DIR = Path(__file__).parent / "model"
FORMAT = 1


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    scales: tuple[float, ...]
    temperature: float
    weights: array  # type: ignore[type-arg]  # int8, BUCKETS rows of len(classes)
    meta: dict[str, Any]

    def logits(self, skeleton: str) -> list[float]:
        n = len(self.classes)
        sums = [0.0] * n
        weights = self.weights
        for bucket, value in features(skeleton).items():
            row = bucket * n
            for c in range(n):
                w = weights[row + c]
                if w:
                    sums[c] += w * value
        return [b + s * k for b, s, k in zip(self.intercepts, sums, self.scales, strict=True)]

    def probabilities(self, logits: list[float]) -> dict[str, float]:
        """Softmax of the logits over the calibrated temperature."""
        scaled = [x / self.temperature for x in logits]
        top = max(scaled)
        exps = [math.exp(x - top) for x in scaled]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


def read(directory: Path = MODEL_DIR) -> Model:
    meta = json.loads((directory / "intents.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT or meta.get("buckets") != BUCKETS:
        raise ValueError("the understanding model is of another format: rebuild it")
    weights = array("b")
    weights.frombytes((directory / "weights.bin").read_bytes())
    classes = tuple(meta["classes"])
    if len(weights) != BUCKETS * len(classes):
        raise ValueError("the understanding model's weights do not fit its classes")
    return Model(
        classes=classes,
        intercepts=tuple(meta["intercepts"]),
        scales=tuple(meta["scales"]),
        temperature=float(meta["temperature"]),
        weights=weights,
        meta=meta,
    )


@cache
def model() -> Model:
    """The shipped model, read once per process when words first arrive."""
    return read()
