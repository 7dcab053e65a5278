"""Progress survives sessions and devices on both real stores; the store is
read at most once per session and written only when something changed."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from backcare.state import UserState
from backcare.store import Store, StoreError, open_store
from backcare.store.base import Raw
from backcare.store.dynamodb import DynamoDbStore
from backcare_tools.console.device import SlotFill
from backcare_tools.devtools.local_dynamodb import Dynalite
from tests.conftest import Clock, Rig, dynamodb_table, make_rig
from tests.helpers import (
    as_said,
    check_response,
    finish_routine,
    named,
    pending_question,
    says,
    start_routine,
    text,
)
from tests.store_calls import Calls

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")


def test_resume_days_later_on_another_device(store_url: str, clock: Clock) -> None:
    first = make_rig(open_store(store_url), clock)
    kitchen = first.device(device_id="amzn1.ask.device.kitchen")
    kitchen.launch()
    start_routine(kitchen, {"RoutineName": DESK})
    kitchen.intent("AMAZON.NextIntent")
    kitchen.intent("AMAZON.NextIntent")
    kitchen.intent("AMAZON.NextIntent")
    kitchen.intent("AMAZON.StopIntent")
    assert pending_question(kitchen) is None

    clock.advance(days=3)
    # A fresh skill instance (a new Lambda container) on the same store.
    second = make_rig(open_store(store_url), clock)
    bedroom = second.device(device_id="amzn1.ask.device.bedroom")
    offer = bedroom.launch()
    check_response(offer)
    assert says(offer, "offer_resume", step=4, total=5, routine="desk break")
    assert "not medical advice" not in text(offer)
    bedroom.intent("AMAZON.YesIntent")
    assert pending_question(bedroom) == "screen"  # this session's: it is not stored
    bedroom.intent("AMAZON.NoIntent")  # where it is, then a moment to get ready
    step = bedroom.intent("AMAZON.NextIntent")
    assert "Step 4 of 5" in text(step)
    done = finish_routine(bedroom, 2)
    assert says(done, "routine_done", routine="desk break")


def test_one_read_per_session_and_no_write_on_unchanged_turns(store_url: str) -> None:
    store = open_store(store_url)
    rig = make_rig(store)
    rig.device(user="amzn1.ask.account.someone-first").launch()  # local table made on first use
    calls = Calls(store)
    device = rig.device()
    device.launch()  # first launch: disclaimer flag is new, so one write
    assert (calls.reads, calls.writes) == (1, 1)
    device.intent("ListRoutinesIntent")
    device.intent("AMAZON.HelpIntent")
    device.intent("ProgressIntent")
    assert (calls.reads, calls.writes) == (1, 1), "unchanged turns touched the store"
    device.intent("StartRoutineIntent", {"RoutineName": DESK})  # asks the screen: no change
    assert calls.writes == 1
    device.intent("AMAZON.NoIntent")  # screened (in the session only), then the pain question
    assert calls.writes == 1, "a health answer reached the store"
    device.intent("PainScoreIntent", {"Score": SlotFill("3", "AMAZON.NUMBER")})  # starts
    device.intent("AMAZON.NextIntent")  # ready: step 1, nothing changes
    assert (calls.reads, calls.writes) == (1, 2)
    device.intent("AMAZON.NextIntent")
    assert (calls.reads, calls.writes) == (1, 3)
    device.intent("AMAZON.RepeatIntent")
    device.intent("StepsLeftIntent")
    device.intent("AMAZON.StopIntent")
    assert (calls.reads, calls.writes) == (1, 3)
    device.launch()  # a new session reads once more
    assert calls.reads == 2


def test_a_stored_record_does_not_travel_in_the_session(store_url: str) -> None:
    rig = make_rig(open_store(store_url))
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    reply = device.intent("AMAZON.NextIntent")
    carried = reply["sessionAttributes"]
    assert "state" not in carried, "a stored record was carried in the session"
    assert len(json.dumps(carried)) < 400, carried
    assert "Step 3 of 5" in text(device.intent("AMAZON.NextIntent"))


def test_a_turn_that_reaches_another_process_reads_the_store_once(
    store_url: str, clock: Clock
) -> None:
    store = open_store(store_url)
    first = make_rig(store, clock)
    device = first.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    # The session goes on in a new skill instance (another Lambda container).
    second = make_rig(store, clock)
    device.invoke = lambda event: second.handler(event, None)
    calls = Calls(store)
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))
    assert "Step 3 of 5" in text(device.intent("AMAZON.NextIntent"))
    assert (calls.reads, calls.writes) == (1, 2), "read once, then from its own copy"


def test_a_session_opened_before_the_short_keys_goes_on(store_url: str) -> None:
    """Across the deployment: the session's record and bookkeeping were JSON
    text with field names (schema 1). The change it carries is kept, and its
    base read, so nothing is lost or counted twice."""
    store = open_store(store_url)
    device = make_rig(store).device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    raw = store._read(device.user_id)
    assert isinstance(raw, dict)
    stored = UserState.from_dict(raw)
    assert stored.progress is not None
    base = {"schema": 1, **named(stored)}
    mine = {**base, "completions": {"desk_break": 1}}  # a finish the store has not taken
    device.attributes = {
        "state": json.dumps(mine),
        "sync": json.dumps({"saved": "0123456789abcdef", "base": json.dumps(base), "began": 1.0}),
        "ctx": json.dumps({"v": 2, "question": "next_step", "said": {"step_prompt": 1}}),
    }
    # A session from before health facts left the record asks the screen again.
    device.intent("AMAZON.NextIntent")
    assert pending_question(device) == "screen"
    device.intent("AMAZON.NoIntent")  # then the step it stopped at, ready again
    assert "Step 1 of 5" in text(device.intent("AMAZON.NextIntent"))
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))
    again = store._read(device.user_id)
    assert isinstance(again, dict) and again["s"] == 2
    record = UserState.from_dict(again)
    assert record.completions == {"desk_break": 1}, "the carried change was lost or doubled"
    assert record.progress is not None and record.progress.step == 1


def test_tips_do_not_repeat_across_sessions(store_url: str) -> None:
    rig = make_rig(open_store(store_url))
    device = rig.device()
    from backcare.content import load

    tips = [as_said(t.text) for t in load("en-US").tips]
    count = len(tips)

    def tip_in(spoken: str) -> list[str]:
        return [tip for tip in tips if tip in spoken]

    heard: list[str] = []
    for session in range(4):
        heard += tip_in(text(device.launch()))  # returning users hear one at launch
        while len(heard) < (session + 1) * count // 4:
            (tip,) = tip_in(text(device.intent("TipIntent")))
            heard.append(tip)
        device.intent("AMAZON.StopIntent")
    assert len(heard) == count
    assert len(set(heard)) == count, "a tip repeated before all were heard"
    device.launch()
    restart = device.intent("TipIntent")
    assert says(restart, "tips_all_heard", count=count)


class BrokenStore(Store):
    def _read(self, key: str) -> Raw | None:
        raise StoreError("store is down")

    def _write(self, key: str, record: dict[str, object], expected: int | None) -> bool:
        raise StoreError("store is down")

    def _delete(self, key: str) -> None:
        raise StoreError("store is down")

    def _copy(self, key: str, to_key: str) -> None:
        raise StoreError("store is down")

    def _side_keys(self, user_id: str) -> list[str]:
        raise StoreError("store is down")


def test_store_down_still_answers_every_turn(clock: Clock) -> None:
    rig = make_rig(BrokenStore(), clock)
    device = rig.device()
    reply = device.launch()
    check_response(reply)
    reply = start_routine(device, {"RoutineName": DESK})
    assert "Step 1 of 5" in text(reply)
    assert "Step 2 of 5" in text(device.intent("AMAZON.NextIntent"))
    stop = device.intent("AMAZON.StopIntent")
    assert "couldn't save your place" in text(stop)


def test_unreadable_record_is_set_aside_never_lost(sqlite_url: str) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    rig = make_rig(open_store(sqlite_url))
    device = rig.device()
    device.launch()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE attributes SET data = ?", ("{not json",))
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.StopIntent")
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT id, data FROM attributes").fetchall())
    kept = [data for key, data in rows.items() if "#unreadable#" in key]
    assert kept == ["{not json"]
    kept_record = UserState.from_dict(json.loads(rows["amzn1.ask.account.test-user"]))
    assert kept_record.progress is not None and kept_record.progress.routine_id == "desk_break"


def test_future_schema_record_is_set_aside_on_dynamodb(dynalite: object, table_name: str) -> None:
    assert isinstance(dynalite, Dynalite)
    rig = make_rig(DynamoDbStore(table_name, "us-east-1", dynalite.endpoint))
    device = rig.device()
    device.launch()
    table = dynamodb_table(dynalite.endpoint, table_name)
    table.put_item(Item={"id": device.user_id, "attributes": {"schema": 99, "mystery": "x"}})
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    items = {i["id"]: i["attributes"] for i in table.scan()["Items"]}
    (aside,) = [v for k, v in items.items() if "#unreadable#" in k]
    assert aside == {"schema": 99, "mystery": "x"}
    record = UserState.from_dict(items[device.user_id])
    assert record.progress is not None and record.progress.routine_id == "desk_break"


def test_dynamodb_items_hold_no_floats(dynalite: object, table_name: str) -> None:
    assert isinstance(dynalite, Dynalite)
    rig = make_rig(DynamoDbStore(table_name, "us-east-1", dynalite.endpoint))
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    table = dynamodb_table(dynalite.endpoint, table_name)
    item = table.get_item(Key={"id": "amzn1.ask.account.test-user"})["Item"]
    record = UserState.from_dict(item["attributes"])
    assert record.progress is not None and record.progress.routine_id == "desk_break"
    assert json.dumps(item["attributes"], default=str)


def test_dynamodb_table_is_created_on_first_use(dynalite: object, table_name: str) -> None:
    assert isinstance(dynalite, Dynalite)
    store = DynamoDbStore(table_name, "us-east-1", dynalite.endpoint)
    client = store.client
    assert table_name not in client.list_tables()["TableNames"]
    make_rig(store).device().launch()
    description = client.describe_table(TableName=table_name)["Table"]
    assert description["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]


def test_dynamodb_without_local_endpoint_never_creates_tables() -> None:
    store = open_store("dynamodb://SomeTable?region=eu-west-1")
    assert isinstance(store, DynamoDbStore)
    assert store.creates_table is False
    assert store.client.meta.region_name == "eu-west-1"


@pytest.mark.parametrize(
    "url",
    ["ftp://x", "dynamodb://?region=us-east-1", "sqlite://", "dynamodb://t?colour=blue"],
)
def test_bad_store_urls_are_refused_by_name(url: str) -> None:
    from backcare.settings import SettingsError

    with pytest.raises(SettingsError, match="BACKCARE_STORE"):
        open_store(url)


def test_skill_disabled_deletes_the_record(store_url: str) -> None:
    store = open_store(store_url)
    rig = make_rig(store)
    device = rig.device()
    device.launch()
    start_routine(device, {"RoutineName": DESK})
    device.intent("AMAZON.StopIntent")
    calls = Calls(store)
    event = device.skill_disabled()
    rig.handler(event, None)
    # One read (the record's version and side records), one write (the marker).
    assert calls.reads <= 1 and calls.writes == 1
    fresh = rig.device().launch()
    assert "not medical advice" in text(fresh), "record survived SkillDisabled"


def test_the_last_write_budget_fits_in_the_time_alexa_waits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backcare import persistence
    from backcare.store.dynamodb import WORST_CALL_SECONDS

    monkeypatch.undo()  # the real values, not the tests' short ones
    lambda_timeout = 7  # template.yaml
    # The last try may start just before the budget ends and take one call.
    assert persistence.LAST_WRITE_BUDGET_SECONDS + WORST_CALL_SECONDS < lambda_timeout < 8


@pytest.mark.parametrize(
    "carried",
    [
        {"cs": "x" * 5000},  # no date is that long
        {"pc": [{"d": "2026-01-01", "s": 3}] * 1000},  # more check-ins than are kept
        {"sc": "yes"},
        "not a map",
    ],
)
def test_a_session_carrying_unreadable_health_facts_asks_the_screen_again(
    rig: Rig, carried: object
) -> None:
    device = rig.device()
    device.launch()
    device.attributes["health"] = carried
    reply = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) == "screen", text(reply)
    assert "health" not in device.attributes, "the unreadable facts were carried on"


def test_no_health_request_is_named_in_the_logs(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    device = rig.device()
    device.intent("RedFlagIntent")  # a one-shot: the session's one log line
    device.intent("PainScoreIntent", {"Score": SlotFill("7", "AMAZON.NUMBER")})
    logged = caplog.text
    assert "RedFlagIntent" not in logged and "PainScoreIntent" not in logged


def test_a_session_begun_where_the_hold_was_stored_keeps_it(clock: Clock) -> None:
    """Across a deployment (or a profile that kept health data): the session's
    red-flag hold travels in its bookkeeping, and routines stay closed."""
    store = open_store("memory://")
    kept = make_rig(store, clock, keeps_health=True)
    device = kept.device()
    device.launch()
    device.intent("StartRoutineIntent", {"RoutineName": DESK})
    device.intent("AMAZON.YesIntent")  # a warning sign at the screen: closed
    now = make_rig(store, clock)
    device.invoke = lambda event: now.handler(event, None)
    reply = device.intent("StartRoutineIntent", {"RoutineName": DESK})
    assert pending_question(device) != "screen" and "Step" not in text(reply), text(reply)
