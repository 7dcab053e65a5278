"""Every setting the skill reads from the environment, validated once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LOCALE = "en-US"


class SettingsError(ValueError):
    """A setting is present but unusable; the message names it."""


def default_store_url() -> str:
    # Imported here: platformdirs is only needed when no store is configured.
    from platformdirs import user_data_dir

    return "sqlite:///" + str(Path(user_data_dir("backcare")) / "state.db")


@dataclass(frozen=True)
class Settings:
    store_url: str
    skill_id: str | None
    business_path: str | None
    log_level: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        store = env.get("BACKCARE_STORE", "").strip() or default_store_url()
        if not store.startswith(("sqlite://", "dynamodb://", "memory://")):
            raise SettingsError(
                f"BACKCARE_STORE={store!r}: expected sqlite:///path, dynamodb://TABLE or memory://"
            )
        skill_id = env.get("BACKCARE_SKILL_ID", "").strip() or None
        business = env.get("BACKCARE_BUSINESS", "").strip() or None
        level = env.get("BACKCARE_LOG_LEVEL", "INFO").strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(f"BACKCARE_LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR")
        return cls(store_url=store, skill_id=skill_id, business_path=business, log_level=level)
