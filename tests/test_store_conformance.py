"""One contract, three backends: memory, SQLite (a temporary file) and
DynamoDB (the local server, a fresh table). Every test goes through the
typed interface of `store.base.Store` (load / save / delete / set_aside);
only planting a damaged record, and reading back the copy set aside, touch
what a backend keeps."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest

from backcare.state import (
    MAX_REMINDERS,
    MAX_WRITES,
    SCHEMA,
    WRITES_KEPT,
    Booking,
    PainCheckin,
    Reminder,
    RoutineProgress,
    Streak,
    UserState,
)
from backcare.store import Base, Loaded, Store, StoreError, open_store
from backcare.store.base import UserDeletedError
from backcare.store.dynamodb import DynamoDbStore
from backcare.store.memory import MemoryStore
from backcare.store.sqlite import SqliteStore
from backcare_tools.devtools.local_dynamodb import Dynalite
from tests.helpers import named, run_together

USER = "amzn1.ask.account.conformance"
STAMP = "20261124T080000Z"
ASIDE = f"{USER}#unreadable#{STAMP}"


@dataclass
class Backend:
    store: Store
    plant: Callable[[str, Any], None]  # put a stored value in place, bypassing the store


def _memory() -> Backend:
    store = MemoryStore()
    return Backend(store, store.items.__setitem__)


def _sqlite(path: Path) -> Backend:
    store = SqliteStore(str(path))
    store.load("amzn1.ask.account.nobody")  # makes the file and its table

    def plant(key: str, text: Any) -> None:
        with sqlite3.connect(path) as conn:
            conn.execute("INSERT OR REPLACE INTO attributes (id, data) VALUES (?, ?)", (key, text))

    return Backend(store, plant)


def _dynamodb(endpoint: str, table: str) -> Backend:
    store = DynamoDbStore(table, "us-east-1", endpoint)
    store.load("amzn1.ask.account.nobody")  # the local table is made on first use

    def plant(key: str, attributes: Any) -> None:
        item = {"id": {"S": key}, "attributes": attributes}
        store.client.put_item(TableName=table, Item=item)

    return Backend(store, plant)


@pytest.fixture(params=["memory", "sqlite", "dynamodb"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, table_name: str) -> Backend:
    if request.param == "memory":
        return _memory()
    if request.param == "sqlite":
        return _sqlite(tmp_path / "state.db")
    server: Dynalite = request.getfixturevalue("dynalite")
    return _dynamodb(server.endpoint, table_name)


def full_state() -> UserState:
    """A record with every field away from its default."""
    return UserState(
        disclaimer_heard=True,
        screened=True,
        tip_day="2026-11-23",
        pain_asked_day="2026-11-22",
        progress=RoutineProgress(
            "desk_break", 3, "2026-11-23T08:00:00Z", "2026-11-23T08:04:00Z", paused=True
        ),
        progress_at="2026-11-23T08:04:00Z",
        completions={"desk_break": 4, "evening": 1},
        streak=Streak(current=2, best=5, last_day="2026-11-23"),
        tips_heard=["posture", "walks"],
        massage_asked=["swedish"],
        pain_checkins=[
            PainCheckin(day="2026-11-22", score=4),
            PainCheckin(day="2026-11-23", score=3),
        ],
        next_session=Booking(at="2026-11-27T15:00-05:00", zone="America/New_York", reminder="a-1"),
        session_at="2026-11-23T08:03:00.000+00:00",
        past_sessions=["2026-11-20T10:00-05:00"],
        reminders=[Reminder(id="alert-1", kind="session", at="2026-11-26T15:00-05:00")],
        tz_notice=True,
        writes=["an-earlier-write"],
        generation="g1",
        clearance_since="2026-11-20",
        clearance_at="2026-11-20T09:00:00.000+00:00",
        rest_day="2026-11-21",
    )


def as_read(state: UserState) -> Base:
    """The base of a save: a copy of the record as the session read it."""
    return Base(record=UserState.unpack(state.packed()))


def stored(store: Store) -> UserState:
    loaded = store.load(USER)
    assert loaded.unreadable == "" and loaded.state is not None, loaded
    return loaded.state


def test_load_of_a_missing_user_finds_nothing(backend: Backend) -> None:
    reads = backend.store.reads
    assert backend.store.load(USER) == Loaded(state=None, unreadable="")
    assert backend.store.reads == reads + 1


def test_save_then_load_round_trips_every_field(backend: Backend) -> None:
    store = backend.store
    state = full_state()
    for f in msgspec.structs.fields(UserState):
        if f.name not in ("schema", "version"):
            assert getattr(state, f.name) != getattr(UserState(), f.name), f.name

    saved = store.save(USER, state, Base(), "w1")
    assert saved.version == 1
    assert saved.writes == ["w1"]
    again = stored(store)
    assert again == saved
    assert (again.schema, again.version) == (SCHEMA, 1)
    assert again.pain_checkins[0].score == 4 and type(again.pain_checkins[0].score) is int
    json.dumps(store._read(USER))  # plain JSON types: no Decimal came back

    base = as_read(again)
    again.completions["desk_break"] += 1
    writes = store.writes
    assert store.save(USER, again, base, "w2").version == 2
    assert stored(store).completions == {"desk_break": 5, "evening": 1}
    assert (store.writes, store.conflicts) == (writes + 1, 0)


def test_save_from_a_stale_base_merges_and_counts_a_conflict(backend: Backend) -> None:
    store = backend.store
    store.save(USER, UserState(completions={"desk_break": 2}, tips_heard=["a"]), Base(), "w0")
    kitchen, bedroom = stored(store), stored(store)  # two devices read version 1
    base = as_read(kitchen)

    kitchen.completions["desk_break"] += 1
    kitchen.tips_heard.append("k")
    assert store.save(USER, kitchen, base, "kitchen").version == 2

    bedroom.completions["desk_break"] += 1
    bedroom.completions["evening"] = 1
    bedroom.tips_heard.append("b")
    bedroom.massage_asked.append("swedish")
    merged = store.save(USER, bedroom, base, "bedroom")  # still names version 1
    assert store.conflicts == 1
    assert merged.version == 3
    assert merged.completions == {"desk_break": 4, "evening": 1}, "a completion was lost"
    assert merged.tips_heard == ["a", "k", "b"]
    assert merged.massage_asked == ["swedish"]
    assert stored(store) == merged


def test_a_deleted_user_is_gone_and_a_stale_session_cannot_write_them_back(
    backend: Backend,
) -> None:
    store = backend.store
    store.save(USER, UserState(completions={"desk_break": 2}), Base(), "w0")
    store.set_aside(USER, STAMP)
    device = stored(store)
    base = as_read(device)
    store.delete(USER)  # the skill was disabled meanwhile
    assert store.load(USER).state is None
    assert backend.store._read(ASIDE) is None, "a side record outlived the user"
    device.completions["desk_break"] += 1
    with pytest.raises(UserDeletedError):
        store.save(USER, device, base, "late")
    marker = store._read(USER)
    assert isinstance(marker, dict) and marker["deleted"] is True
    assert set(marker) <= {"deleted", "version", "expires", "generation"}, (
        "the marker holds personal data"
    )


def test_after_deletion_a_new_session_starts_afresh(backend: Backend) -> None:
    store = backend.store
    store.save(USER, UserState(completions={"desk_break": 2}), Base(), "w0")
    store.delete(USER)
    loaded = store.load(USER)
    assert loaded.state is None
    fresh = UserState(version=loaded.version, generation=loaded.generation, disclaimer_heard=True)
    saved = store.save(USER, fresh, as_read(fresh), "w1")
    assert stored(store).completions == {} and saved.disclaimer_heard


def test_a_write_whose_reply_was_lost_is_not_applied_twice(backend: Backend) -> None:
    store = backend.store
    store.save(USER, UserState(completions={"desk_break": 1}), Base(), "w0")
    device = stored(store)
    base = as_read(device)
    device.completions["desk_break"] += 1
    store.save(USER, device, base, "landed")  # its reply was lost: the session retries
    again = UserState.unpack(device.packed())
    assert store.save(USER, again, base, "landed").completions == {"desk_break": 2}
    # A later write of the same session, after the lost one, builds on it.
    later = UserState.unpack(device.packed())
    later.completions["desk_break"] += 1
    attempts = (("landed", UserState.unpack(device.packed())),)
    saved = store.save(USER, later, Base(record=base.record, attempts=attempts), "next")
    assert saved.completions == {"desk_break": 3}, "a landed write was counted twice"


def test_a_second_lost_reply_does_not_hide_the_first(backend: Backend) -> None:
    """A write lands with its reply lost; its retry (another id) never
    reaches the store. The next save knows both and builds on the one that
    landed, so the routine finished is counted once."""
    store = backend.store
    store.save(USER, UserState(completions={"desk_break": 1}), Base(), "w0")
    device = stored(store)
    base = as_read(device)
    device.completions["desk_break"] += 1
    store.save(USER, device, base, "x")  # landed; the session never heard
    carried = UserState.unpack(device.packed())
    attempts = (("x", carried), ("x:2", carried))  # the retry was lost before the store
    later = UserState.unpack(device.packed())
    later.tips_heard.append("heat")
    saved = store.save(USER, later, Base(record=base.record, attempts=attempts), "next")
    assert saved.completions == {"desk_break": 2}, "a landed write was counted twice"
    assert saved.tips_heard == ["heat"]


def test_force_replaces_the_record_whatever_its_version(backend: Backend) -> None:
    store = backend.store
    first = store.save(USER, UserState(completions={"desk_break": 7}), Base(), "w0")
    store.save(USER, UserState.unpack(first.packed()), as_read(first), "w1")
    fresh = UserState(disclaimer_heard=True)
    saved = store.save(USER, fresh, Base(force=True), "w2")  # names version 0; 2 is stored
    assert store.conflicts == 0
    assert saved.version == 1
    assert stored(store) == saved
    assert stored(store).completions == {}, "force merged instead of replacing"


UNREADABLE = [
    pytest.param(
        "memory",
        {"schema": 99, "mystery": "x"},
        {"schema": 99, "mystery": "x"},
        id="memory-future-schema",
    ),
    pytest.param("sqlite", "{not json", "{not json", id="sqlite-invalid-json"),
    pytest.param("sqlite", "[1, 2]", "[1, 2]", id="sqlite-json-list"),
    pytest.param(
        "sqlite",
        '{"schema": 99, "mystery": "x"}',
        {"schema": 99, "mystery": "x"},
        id="sqlite-future-schema",
    ),
    pytest.param("dynamodb", {"S": "not a map"}, "not a map", id="dynamodb-not-a-map"),
    pytest.param(
        "dynamodb",
        {"M": {"schema": {"N": "99"}, "mystery": {"S": "x"}}},
        {"schema": 99, "mystery": "x"},
        id="dynamodb-future-schema",
    ),
]


@pytest.mark.parametrize(("backend", "planted", "raw"), UNREADABLE, indirect=["backend"])
def test_unreadable_record_is_reported_and_set_aside_unchanged(
    backend: Backend, planted: Any, raw: Any
) -> None:
    store = backend.store
    backend.plant(USER, planted)
    loaded = store.load(USER)
    assert loaded.state is None
    assert loaded.unreadable, "an unreadable record was reported as readable or absent"

    store.set_aside(USER, STAMP)
    assert store._read(ASIDE) == raw, "the copy set aside is not the stored record"
    assert store.load(USER).unreadable, "set_aside changed the original"

    # What the skill does next: replace it, keeping the copy.
    store.save(USER, UserState(screened=True), Base(force=True), "w0")
    assert stored(store).screened
    assert store._read(ASIDE) == raw


def test_delete_removes_the_record_and_a_second_delete_is_fine(backend: Backend) -> None:
    store = backend.store
    store.save(USER, full_state(), Base(), "w0")
    writes = store.writes
    store.delete(USER)
    assert store.load(USER).state is None and not store.load(USER).unreadable
    store.delete(USER)
    assert store.load(USER).state is None and not store.load(USER).unreadable
    assert store.writes == writes + 2


def _unreachable_sqlite_dir(tmp_path: Path) -> str:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the store's folder should be")
    return f"sqlite:///{blocker / 'sub' / 'state.db'}"


def _not_a_database(tmp_path: Path) -> str:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not an SQLite database, " * 64)
    return f"sqlite:///{path}"


def _closed_port(tmp_path: Path) -> str:
    return "dynamodb://t?region=us-east-1&endpoint=http://127.0.0.1:9"


@pytest.mark.parametrize("url_for", [_unreachable_sqlite_dir, _not_a_database, _closed_port])
def test_unreachable_store_raises_store_error(
    url_for: Callable[[Path], str], tmp_path: Path
) -> None:
    store = open_store(url_for(tmp_path))
    calls: list[Callable[[], object]] = [
        lambda: store.load(USER),
        lambda: store.save(USER, UserState(), Base(), "w0"),
        lambda: store.delete(USER),
        lambda: store.set_aside(USER, STAMP),
    ]
    for call in calls:
        with pytest.raises(StoreError):
            call()
    assert (store.writes, store.conflicts) == (0, 0)


THREADS = 4
ROUNDS = 5


def test_concurrent_saves_from_stale_bases_lose_no_completion(backend: Backend) -> None:
    store = backend.store
    all_read = threading.Barrier(THREADS, timeout=30)

    def device(index: int) -> None:
        try:
            for round_ in range(ROUNDS):
                state = store.load(USER).state or UserState()
                base = as_read(state)
                # No save before every device has read: all but a round's first save are stale.
                all_read.wait()
                state.completions["desk_break"] = state.completions.get("desk_break", 0) + 1
                state.tips_heard.append(f"tip-{index}-{round_}")
                store.save(USER, state, base, f"w-{index}-{round_}")
        except BaseException:
            all_read.abort()  # release the others
            raise

    run_together(device, THREADS, timeout=60)
    final = stored(store)
    assert final.completions == {"desk_break": THREADS * ROUNDS}, "a completion was lost"
    assert sorted(final.tips_heard) == sorted(
        f"tip-{i}-{r}" for i in range(THREADS) for r in range(ROUNDS)
    )
    assert store.conflicts > 0, "the saves did not conflict, so nothing was merged"


def test_a_schema_1_record_loads_and_is_written_back_compact(backend: Backend) -> None:
    old = msgspec.structs.replace(full_state(), version=7)
    legacy = {"schema": 1, **named(old)}  # as schema 1 stored it: names, defaults and all
    if isinstance(backend.store, SqliteStore):
        backend.plant(USER, json.dumps(legacy))
    elif isinstance(backend.store, DynamoDbStore):  # DynamoDB's typed JSON
        backend.plant(USER, _typed(legacy))
    else:
        backend.plant(USER, legacy)
    loaded = stored(backend.store)
    assert loaded == old, "a field of the schema 1 record was lost"
    loaded.completions["desk_break"] += 1
    saved = backend.store.save(USER, loaded, as_read(stored(backend.store)), "w-compact")
    raw = backend.store._read(USER)
    assert isinstance(raw, dict) and raw["s"] == SCHEMA and "schema" not in raw
    assert "disclaimer_heard" not in raw and raw["d"] is True
    assert stored(backend.store) == saved and saved.completions["desk_break"] == 5
    assert saved.version == 8


def _typed(value: Any) -> Any:
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer().serialize(value)


def test_a_chain_of_partial_writes_stores_exactly_the_record(backend: Backend) -> None:
    """Each write sends what changed (DynamoDB: an update expression); after
    every kind of change the stored record is the one the skill holds."""
    store = backend.store
    state = store.save(USER, full_state(), Base(), "w0")
    changes: list[Callable[[UserState], object]] = [
        lambda s: setattr(s.progress, "step", 4),  # a map changed key by key
        lambda s: setattr(s.progress, "paused", False),  # a key back at its default: removed
        lambda s: s.tips_heard.append("heat"),  # a list that grew: appended
        lambda s: s.completions.update(morning=1),  # a new key in a map
        lambda s: s.completions.pop("evening"),  # a key gone from a map
        lambda s: setattr(s, "next_session", None),  # a field back at its default
        lambda s: setattr(s, "tips_heard", ["walks"]),  # a list that shrank: replaced
        lambda s: setattr(s, "progress", RoutineProgress("evening", 0)),  # a new position
        lambda s: setattr(s, "disclaimer_heard", False),
    ]
    for number, change in enumerate(changes, start=1):
        base = as_read(state)
        change(state)
        state = store.save(USER, state, base, f"w{number}")
        assert stored(store) == state, f"change {number} was not stored as made"
    assert len(state.writes) == len(changes) + 1
    # The ids of recent writes grow to their cap, then are cut back.
    for number in range(40):
        base = as_read(state)
        state.tips_heard.append(f"t{number}")
        state = store.save(USER, state, base, f"x{number}")
    assert stored(store) == state and WRITES_KEPT <= len(state.writes) <= MAX_WRITES
    assert state.writes[-1] == "x39"


def test_a_list_never_passes_its_bound_in_the_store(backend: Backend) -> None:
    """Every list is capped as it is written: a partial write that appended
    to a list at its bound would leave the store longer than the record."""
    store = backend.store
    state = store.save(USER, UserState(), Base(), "w0")
    for number in range(MAX_REMINDERS + 5):
        base = as_read(state)
        state.reminders.append(Reminder(id=f"r{number}"))  # the skill appends, uncapped
        state = store.save(USER, state, base, f"w{number + 1}")
        assert stored(store) == state and len(state.reminders) <= MAX_REMINDERS
    assert state.reminders[-1].id == f"r{MAX_REMINDERS + 4}"
