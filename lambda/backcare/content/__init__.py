"""Content as data: per-locale YAML files read by typed, validating loaders."""

from .loader import ContentError, load
from .models import Content, Prompts, Routine, Step, Tip

__all__ = ["Content", "ContentError", "Prompts", "Routine", "Step", "Tip", "load"]
