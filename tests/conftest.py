"""Shared fixtures: a real local DynamoDB server (dynalite), skills on each
store, and simulated devices that send full Alexa request envelopes."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare import api_client
from backcare.business.profile import SAMPLE
from backcare.settings import Settings
from backcare.skill import build_skill, lambda_handler_for
from backcare.store import Store, open_store
from backcare.store.dynamodb import boto_args
from backcare_tools.console.device import Device
from backcare_tools.devtools.local_dynamodb import (
    Dynalite,
    MissingServerError,
    free_port,
)
from tests.helpers import DEVICE_STORES, check_response

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def start_dynalite(path: Path | None = None) -> Dynalite:
    try:
        return Dynalite(port=free_port(), path=path).start()
    except MissingServerError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def dynalite() -> Iterator[Dynalite]:
    server = start_dynalite()
    yield server
    server.stop()


@pytest.fixture
def table_name() -> str:
    return f"backcare-{uuid.uuid4().hex[:10]}"


@dataclass
class Clock:
    """The time devices stamp on requests; tests move it forward."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 24, 8, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Rig:
    """A skill on one store, and a way to make devices for it."""

    store: Store
    clock: Clock
    handler: Callable[[dict[str, Any], Any], dict[str, Any]]

    def device(self, user: str = "amzn1.ask.account.test-user", **kw: Any) -> Device:
        # Alexa API calls stay on this machine: a closed loopback port unless a
        # test points the device at the stand-in.
        kw.setdefault("api_endpoint", "https://127.0.0.1:9")
        device = Device(
            invoke=lambda event: self.handler(event, None), user_id=user, clock=self.clock, **kw
        )
        DEVICE_STORES[id(device)] = self.store
        return device


def make_rig(store: Store, clock: Clock | None = None, keeps_health: bool = False) -> Rig:
    """The skill for the sample business; with `keeps_health`, a deployment
    whose profile says `health_data: kept` (HIPAA-eligible, US)."""
    business = str(kept_profile()) if keeps_health else None
    settings = Settings(
        store_url="memory://", skill_id=None, business_path=business, log_level="INFO"
    )
    handler = lambda_handler_for(build_skill(settings, store=store))

    def checked(event: dict[str, Any], context: Any) -> dict[str, Any]:
        # Every response any test produces keeps Alexa's speech and size rules.
        reply = handler(event, context)
        check_response(reply)
        return reply

    return Rig(store=store, clock=clock or Clock(), handler=checked)


def kept_profile() -> Path:
    """The sample profile with `health_data: kept`."""
    path = Path(tempfile.gettempdir()) / f"backcare-kept-{os.getpid()}.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8") + "\nhealth_data: kept\n", "utf-8")
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def rig(clock: Clock) -> Rig:
    return make_rig(open_store("memory://"), clock)


@pytest.fixture
def kept_rig(clock: Clock) -> Rig:
    """A deployment that keeps health data (pain trend, the red-flag hold)."""
    return make_rig(open_store("memory://"), clock, keeps_health=True)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state.db'}"


@pytest.fixture(params=["sqlite", "dynamodb"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, table_name: str) -> str:
    """Each persistence test runs on both real stores."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    server: Dynalite = request.getfixturevalue("dynalite")
    return server.url(table_name)


@pytest.fixture(autouse=True)
def _short_last_write_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    # A session's last write retries for up to 4 s in production; tests that
    # stop the store need the behaviour, not the wait (test_persistence checks
    # the real budget against Alexa's time limit).
    from backcare import persistence

    monkeypatch.setattr(persistence, "LAST_WRITE_BUDGET_SECONDS", 0.3)
    monkeypatch.setattr(persistence, "RETRY_PAUSE_SECONDS", 0.02)


@pytest.fixture(autouse=True)
def _no_aws_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never reach AWS: drop credentials and profiles from the outside.
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def dynamodb_table(endpoint: str, table: str) -> Any:
    """A boto3 Table on the local server, to read and plant items as stored."""
    import boto3

    return boto3.resource("dynamodb", **boto_args("us-east-1", endpoint)).Table(table)


def env_without_store() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BACKCARE_STORE", None)
    return env


@pytest.fixture(scope="session")
def alexa_api_server() -> Iterator[Any]:
    from backcare_tools.devtools.alexa_api import AlexaApiServer

    server = AlexaApiServer().start()
    yield server
    server.stop()


# The skill's own limits for Alexa API calls (1 s to connect, 2 s to read).
PRODUCT_API_LIMITS = (api_client.CONNECT_SECONDS, api_client.READ_SECONDS)


@pytest.fixture
def alexa_api(alexa_api_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The stand-in, reset, and trusted by the SDK's HTTP client (requests).
    Its calls get 6 s limits: these tests are about what the skill does with
    an answer, and on a loaded machine the in-process stand-in can take
    longer than the skill's own 2 s (a reminder then was not deleted, one
    run in four). test_api_timeout_answers_in_time restores the real ones."""
    from backcare_tools.devtools.alexa_api import StandIn

    monkeypatch.setattr(api_client, "CONNECT_SECONDS", 6.0)
    monkeypatch.setattr(api_client, "READ_SECONDS", 6.0)
    alexa_api_server.settle()
    fresh = StandIn()
    for name in ("time_zone", "token", "reminders", "calls", "fail_next", "fail_always", "delay"):
        setattr(alexa_api_server.state, name, getattr(fresh, name))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(alexa_api_server.tls.ca_file))
    return alexa_api_server
