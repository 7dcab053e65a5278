"""The baseline skill as a self-hosted web service, run by `backcare bench`
in a new process for its throughput figures:

    python -m backcare_tools.bench.baseline_server PORT THREADS

flask-ask-sdk's SkillAdapter under waitress on 127.0.0.1:PORT, in memory,
signature and timestamp checks off, as `backcare serve --no-verify` runs ours,
logging at INFO as a deployed service would.
"""

from __future__ import annotations

import logging
import sys

# Installs the oscrypto fix flask-ask-sdk needs on this OpenSSL, so it comes first.
import backcare_tools.web  # noqa: F401

# isort: split
from flask import Flask
from flask_ask_sdk.skill_adapter import SkillAdapter
from waitress import serve

from .baseline import PlainMemoryAdapter, load_baseline


def main(port: int, threads: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    baseline_skill = load_baseline()
    app = Flask("baseline")
    app.config["ASK_SDK_VERIFY_SIGNATURE"] = False
    app.config["ASK_SDK_VERIFY_TIMESTAMP"] = False
    adapter = SkillAdapter(
        skill=baseline_skill.build(PlainMemoryAdapter()).create(), skill_id="baseline", app=app
    )
    adapter.register(app=app, route="/")
    serve(app, host="127.0.0.1", port=port, threads=threads)


if __name__ == "__main__":
    main(port=int(sys.argv[1]), threads=int(sys.argv[2]))
