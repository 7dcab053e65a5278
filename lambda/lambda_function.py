"""AWS Lambda entry point (ASK convention): `lambda_function.lambda_handler`."""

import random

from backcare.logs import configure
from backcare.settings import Settings
from backcare.skill import build_skill, lambda_handler_for

_settings = Settings.from_env()
configure(_settings.log_level)
lambda_handler = lambda_handler_for(build_skill(_settings), skill_id=_settings.skill_id)

try:  # Lambda's Python runtimes ship this; elsewhere there are no snapshots
    from snapshot_restore_py import register_after_restore
except ImportError:
    pass
else:
    # SnapStart resumes every new instance from one snapshot: without a new
    # seed they would all draw the same retry jitter (store/base.py).
    register_after_restore(random.seed)
