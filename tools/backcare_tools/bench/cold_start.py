"""One cold start, run by `backcare bench` in a new process of the Lambda
runtime's Python version, as a script that sees only the standard library:

    python3.13 -I -S -B .../bench/cold_start.py FOLDER MODULE EVENT

puts FOLDER first on sys.path, imports the Lambda module MODULE, answers
EVENT (a request envelope as JSON) with its `lambda_handler`, and prints one
JSON line: the seconds from before the import to the answer, and whether
there was a response. Only the standard library is loaded before the clock
starts, so each skill pays for every one of its own imports.
"""

from __future__ import annotations

import importlib
import json
import sys
import time


def main(folder: str, module: str, event: str) -> None:
    started = time.perf_counter()
    sys.path.insert(0, folder)
    entry = importlib.import_module(module)
    reply = entry.lambda_handler(json.loads(event), None)
    print(json.dumps({"seconds": time.perf_counter() - started, "ok": bool(reply.get("response"))}))


if __name__ == "__main__":
    folder, module, event = sys.argv[1:]
    main(folder, module, event)
