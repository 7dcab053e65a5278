"""The features the intent classifier reads, the same at training and at
run time: words, word pairs and the character n-grams of each word (which
carry a word heard slightly differently), hashed into a fixed number of
buckets so the model ships as one small table with no vocabulary."""

from __future__ import annotations

import zlib

BUCKETS = 1 << 15
CHAR_NGRAMS = (3, 4, 5)


def features(skeleton: str) -> dict[int, float]:
    """Bucket -> weight (counts scaled to unit length) for a skeleton text,
    whose slot values are already type tokens in upper case."""
    words = skeleton.split()
    names = [f"w:{w}" for w in words]
    names += [f"b:{a}_{b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)]
    for word in words:
        if word.isupper():  # a type token: its word feature is enough
            continue
        padded = f"<{word}>"
        for n in CHAR_NGRAMS:
            names += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    counts: dict[int, float] = {}
    for name in names:
        bucket = zlib.crc32(name.encode()) % BUCKETS
        counts[bucket] = counts.get(bucket, 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5 or 1.0
    return {b: v / norm for b, v in counts.items()}
