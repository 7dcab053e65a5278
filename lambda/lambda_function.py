"""AWS Lambda entry point (ASK convention): `lambda_function.lambda_handler`."""

from backcare.skill import build_skill, lambda_handler_for

lambda_handler = lambda_handler_for(build_skill())
