"""Content as data: per-locale YAML files read by typed, validating loaders."""

from .loader import ContentError, load
from .models import (
    Concern,
    Content,
    Goal,
    MassageType,
    Prompts,
    RedFlag,
    Routine,
    Safety,
    Step,
    Tip,
    TipTopic,
    step_id,
)

__all__ = [
    "Concern",
    "Content",
    "ContentError",
    "Goal",
    "MassageType",
    "Prompts",
    "RedFlag",
    "Routine",
    "Safety",
    "Step",
    "Tip",
    "TipTopic",
    "load",
    "step_id",
]
