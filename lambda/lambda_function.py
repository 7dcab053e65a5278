"""AWS Lambda entry point (ASK convention): `lambda_function.lambda_handler`."""

from backcare.logs import configure
from backcare.settings import Settings
from backcare.skill import build_skill, lambda_handler_for

_settings = Settings.from_env()
configure(_settings.log_level)
lambda_handler = lambda_handler_for(build_skill(_settings), skill_id=_settings.skill_id)
